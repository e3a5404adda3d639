#include "two_ranks.h"

#include "kernel/distributed/process_group_collectives.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <exception>
#include <stdexcept>
#include <thread>

namespace naskernel::test {

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("cannot find a free port");
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

void run_on_two_ranks(const std::function<void(Collectives&)>& body, int timeout_s) {
  const int port = free_port();
  std::exception_ptr failures[2];
  auto rank_main = [&](int rank) {
    try {
      LaunchEnvironment environment;
      environment.rank = rank;
      environment.world_size = 2;
      environment.master_port = port;
      ProcessGroupCollectives collectives(environment, "gloo", std::chrono::seconds(timeout_s));
      body(collectives);
    } catch (...) {
      failures[rank] = std::current_exception();
    }
  };
  std::thread first(rank_main, 0), second(rank_main, 1);
  first.join();
  second.join();
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace naskernel::test
