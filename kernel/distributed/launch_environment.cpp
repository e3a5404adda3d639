#include "kernel/distributed/launch_environment.h"

#include <naskernel/errors.h>

#include <cstdlib>

namespace naskernel {

namespace {

int integer_variable(const EnvironmentLookup& lookup, const std::string& name, int low, int high) {
  const auto text = lookup(name);
  if (!text) throw UserError("environment variable " + name + " is not set");
  size_t used = 0;
  long value = 0;
  try {
    value = std::stol(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size() || value < low || value > high)
    throw UserError("environment variable " + name + " must be an integer in [" + std::to_string(low) + ", " +
                    std::to_string(high) + "], got \"" + *text + "\"");
  return static_cast<int>(value);
}

void check_rank(const LaunchEnvironment& env, const std::string& rank_name, const std::string& size_name) {
  if (env.rank >= env.world_size)
    throw UserError("environment variable " + rank_name + " = " + std::to_string(env.rank) + " must be below " +
                    size_name + " = " + std::to_string(env.world_size));
}

}  // namespace

std::string first_slurm_host(const std::string& nodelist) {
  // The first entry ends at the first comma outside brackets.
  std::string first;
  int depth = 0;
  for (char c : nodelist) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) break;
    first += c;
  }
  const auto open = first.find('[');
  if (open == std::string::npos) return first;
  // prefix[a-b,c]suffix: the first number of the first range.
  const auto close = first.find(']', open);
  std::string range = first.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  range = range.substr(0, range.find_first_of(",-"));
  const std::string suffix = close == std::string::npos ? std::string() : first.substr(close + 1);
  return first.substr(0, open) + range + (suffix.empty() ? suffix : first_slurm_host(suffix));
}

LaunchEnvironment read_launch_environment(const EnvironmentLookup& lookup) {
  LaunchEnvironment env;
  if (lookup("RANK") || lookup("WORLD_SIZE")) {
    env.launcher = "torchrun";
    env.world_size = integer_variable(lookup, "WORLD_SIZE", 1, 1 << 20);
    env.rank = integer_variable(lookup, "RANK", 0, 1 << 20);
    check_rank(env, "RANK", "WORLD_SIZE");
    env.local_rank = lookup("LOCAL_RANK") ? integer_variable(lookup, "LOCAL_RANK", 0, 1 << 20) : 0;
    if (env.distributed() && !lookup("MASTER_ADDR"))
      throw UserError("WORLD_SIZE = " + std::to_string(env.world_size) +
                      " but MASTER_ADDR is not set; launch with torchrun, or set MASTER_ADDR and MASTER_PORT");
    env.agent_store = lookup("TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True";
    if (lookup("TORCHELASTIC_RESTART_COUNT"))
      env.restart_count = integer_variable(lookup, "TORCHELASTIC_RESTART_COUNT", 0, 1 << 20);
  } else if (lookup("SLURM_STEP_NUM_TASKS") && lookup("SLURM_PROCID")) {
    // srun sets the step variables; a batch script alone (one task) does not.
    env.launcher = "slurm";
    env.world_size = integer_variable(lookup, "SLURM_STEP_NUM_TASKS", 1, 1 << 20);
    env.rank = integer_variable(lookup, "SLURM_PROCID", 0, 1 << 20);
    check_rank(env, "SLURM_PROCID", "SLURM_STEP_NUM_TASKS");
    env.local_rank = lookup("SLURM_LOCALID") ? integer_variable(lookup, "SLURM_LOCALID", 0, 1 << 20) : 0;
    if (!lookup("MASTER_ADDR")) {
      const auto nodes = lookup("SLURM_STEP_NODELIST") ? lookup("SLURM_STEP_NODELIST") : lookup("SLURM_JOB_NODELIST");
      if (env.distributed() && (!nodes || nodes->empty()))
        throw UserError("srun started " + std::to_string(env.world_size) +
                        " tasks but neither MASTER_ADDR nor SLURM_STEP_NODELIST/SLURM_JOB_NODELIST is set");
      if (nodes) env.master_addr = first_slurm_host(*nodes);
    }
  } else {
    return env;
  }
  if (auto addr = lookup("MASTER_ADDR")) env.master_addr = *addr;
  if (lookup("MASTER_PORT")) env.master_port = integer_variable(lookup, "MASTER_PORT", 1, 65535);
  return env;
}

LaunchEnvironment read_launch_environment() {
  return read_launch_environment([](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  });
}

}  // namespace naskernel
