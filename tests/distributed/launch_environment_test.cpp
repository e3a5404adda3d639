#include "kernel/distributed/launch_environment.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <map>

using namespace naskernel;

namespace {

EnvironmentLookup from(std::map<std::string, std::string> variables) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("without a launcher the process is rank 0 of 1") {
  const auto env = read_launch_environment(from({{"HOME", "/root"}, {"SLURM_PROCID", "3"}}));
  CHECK(env.rank == 0);
  CHECK(env.world_size == 1);
  CHECK_FALSE(env.distributed());
  CHECK(env.launcher == "none");
}

TEST_CASE("torchrun's variables") {
  const auto env = read_launch_environment(from({{"RANK", "3"},
                                                 {"WORLD_SIZE", "4"},
                                                 {"LOCAL_RANK", "1"},
                                                 {"MASTER_ADDR", "10.0.0.7"},
                                                 {"MASTER_PORT", "29400"},
                                                 {"TORCHELASTIC_USE_AGENT_STORE", "True"},
                                                 {"TORCHELASTIC_RESTART_COUNT", "2"}}));
  CHECK(env.launcher == "torchrun");
  CHECK(env.rank == 3);
  CHECK(env.world_size == 4);
  CHECK(env.local_rank == 1);
  CHECK(env.master_addr == "10.0.0.7");
  CHECK(env.master_port == 29400);
  CHECK(env.agent_store);
  CHECK(env.restart_count == 2);
}

TEST_CASE("malformed launcher variables name the variable") {
  CHECK_THROWS_WITH_AS(read_launch_environment(from({{"RANK", "two"}, {"WORLD_SIZE", "4"}, {"MASTER_ADDR", "h"}})),
                       doctest::Contains("RANK must be an integer"), UserError);
  CHECK_THROWS_WITH_AS(read_launch_environment(from({{"RANK", "4"}, {"WORLD_SIZE", "4"}, {"MASTER_ADDR", "h"}})),
                       doctest::Contains("RANK = 4 must be below WORLD_SIZE = 4"), UserError);
  CHECK_THROWS_WITH_AS(read_launch_environment(from({{"RANK", "0"}, {"WORLD_SIZE", "2"}})),
                       doctest::Contains("MASTER_ADDR is not set"), UserError);
  CHECK_THROWS_WITH_AS(
      read_launch_environment(from({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "70000"}})),
      doctest::Contains("MASTER_PORT must be an integer in [1, 65535]"), UserError);
}

TEST_CASE("srun's variables, the master from the node list") {
  const auto env = read_launch_environment(from({{"SLURM_PROCID", "5"},
                                                 {"SLURM_STEP_NUM_TASKS", "8"},
                                                 {"SLURM_LOCALID", "1"},
                                                 {"SLURM_STEP_NODELIST", "gpu[012-015,020],login1"}}));
  CHECK(env.launcher == "slurm");
  CHECK(env.rank == 5);
  CHECK(env.world_size == 8);
  CHECK(env.local_rank == 1);
  CHECK(env.master_addr == "gpu012");
  CHECK(env.master_port == 29500);

  const auto overridden = read_launch_environment(from({{"SLURM_PROCID", "0"},
                                                        {"SLURM_STEP_NUM_TASKS", "2"},
                                                        {"SLURM_JOB_NODELIST", "n1"},
                                                        {"MASTER_ADDR", "head"},
                                                        {"MASTER_PORT", "12345"}}));
  CHECK(overridden.master_addr == "head");
  CHECK(overridden.master_port == 12345);
}

TEST_CASE("the first host of a Slurm node list") {
  CHECK(first_slurm_host("node01") == "node01");
  CHECK(first_slurm_host("a,b,c") == "a");
  CHECK(first_slurm_host("node[07-09,12]") == "node07");
  CHECK(first_slurm_host("node[3,5-6],gpu1") == "node3");
  CHECK(first_slurm_host("rack[2-3]-n[1-4]") == "rack2-n1");
}
