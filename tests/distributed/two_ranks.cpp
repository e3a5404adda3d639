#include "two_ranks.h"

#include "free_port.h"

#include "kernel/distributed/process_group_collectives.h"

#include <exception>
#include <stdexcept>
#include <thread>

namespace naskernel::test {

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
