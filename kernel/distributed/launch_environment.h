// Where this process stands in a multi-process run, as its launcher says:
//   torchrun (and torch.distributed.launch): RANK, WORLD_SIZE, LOCAL_RANK,
//     MASTER_ADDR, MASTER_PORT;
//   Slurm's srun: SLURM_PROCID, SLURM_STEP_NUM_TASKS, SLURM_LOCALID, and the
//     first host of SLURM_STEP_NODELIST (or SLURM_JOB_NODELIST) as the
//     master unless MASTER_ADDR is set; MASTER_PORT, else 29500.
// Without either, the process is rank 0 of a world of 1 and nothing changes.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace naskernel {

struct LaunchEnvironment {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  std::string launcher = "none";  // "torchrun", "slurm" or "none"
  // torchrun's agent already serves the rendezvous store (TORCHELASTIC_USE_AGENT_STORE).
  bool agent_store = false;
  int restart_count = 0;  // TORCHELASTIC_RESTART_COUNT: keeps a restarted group's keys apart

  bool distributed() const { return world_size > 1; }
};

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Throws UserError naming the variable when one is malformed (RANK not a
// number, RANK >= WORLD_SIZE, a port out of range).
LaunchEnvironment read_launch_environment(const EnvironmentLookup& lookup);
LaunchEnvironment read_launch_environment();  // the process environment

// The first host of a Slurm node list: "node[07-09,12],gpu1" -> "node07".
std::string first_slurm_host(const std::string& nodelist);

}  // namespace naskernel
