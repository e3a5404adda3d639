#include "kernel/distributed/join_world.h"

#include "kernel/distributed/launch_environment.h"
#include "kernel/distributed/process_group_collectives.h"
#include "kernel/distributed/world.h"

#include <spdlog/spdlog.h>

namespace naskernel {

void join_launched_world(const std::string& backend, const std::string& device, int timeout_s) {
  const LaunchEnvironment environment = read_launch_environment();
  if (!environment.distributed()) return;
  const std::string chosen = choose_backend(backend, device);
  spdlog::info("rank {} of {} (local rank {}, launched by {}): joining the {} process group at {}:{}",
               environment.rank, environment.world_size, environment.local_rank, environment.launcher, chosen,
               environment.master_addr, environment.master_port);
  set_world(std::make_unique<ProcessGroupCollectives>(environment, chosen, std::chrono::seconds(timeout_s)),
            environment.local_rank);
}

}  // namespace naskernel
