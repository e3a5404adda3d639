// Two `naskernel` ranks over Gloo on 127.0.0.1, started by torchrun (the
// documented form, with the flags Debian's torchrun 1.13 needs under
// Python 3.11) or directly with the variables torchrun sets, on the tiny
// synthetic search of the end-to-end tests.
#include "subprocess.h"

#include "free_port.h"

#include "kernel/host/subprocess.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace e2e;
using naskernel::test::free_port;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Child {
  pid_t pid;
  fs::path log;
};

Child start(std::vector<std::string> argv, const fs::path& log, std::map<std::string, std::string> env = {}) {
  env["NASKERNEL_PLUGIN_PATH"] = "";
  return {naskernel::spawn_process(argv, log, env), log};
}

// `naskernel ARGS` as rank `rank` of 2, with the variables torchrun would set.
Child start_rank(int rank, int port, const std::vector<std::string>& args, const fs::path& dir) {
  std::vector<std::string> argv = {NASKERNEL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return start(argv, dir / ("rank" + std::to_string(rank) + ".out"),
               {{"RANK", std::to_string(rank)},
                {"WORLD_SIZE", "2"},
                {"LOCAL_RANK", std::to_string(rank)},
                {"MASTER_ADDR", "127.0.0.1"},
                {"MASTER_PORT", std::to_string(port)}});
}

Child start_torchrun(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag) {
  const std::string torchrun = TORCHRUN;
  const bool found = torchrun != "TORCHRUN_PROGRAM-NOTFOUND" && !torchrun.empty();
  REQUIRE_MESSAGE(found,
                  "torchrun not found: install python3-torch (scripts/install-deps.sh --for-tests)");
  std::vector<std::string> argv = {TORCHRUN, "--no_python", "--standalone", "--nproc_per_node", "2",
                                   "--redirects", "2", "--tee", "2", "--log_dir", (dir / ("torchrun-" + tag)).string(),
                                   NASKERNEL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return start(argv, dir / (tag + ".out"));
}

naskernel::ChildExit finish(const Child& child) {
  const auto exit = naskernel::wait_for_exit(child.pid);
  if (!exit.succeeded()) MESSAGE(child.log.string() << ":\n" << read_text(child.log));
  return exit;
}

int metrics_lines(const fs::path& out_dir) {
  if (!fs::exists(out_dir)) return 0;
  for (const auto& entry : fs::directory_iterator(out_dir))
    if (fs::exists(entry.path() / "metrics.jsonl")) return static_cast<int>(read_jsonl(entry.path() / "metrics.jsonl").size());
  return 0;
}

void wait_for_lines(const fs::path& out_dir, int lines, const std::vector<Child>& children) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  while (metrics_lines(out_dir) < lines) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    for (const auto& child : children) {
      const bool running = !naskernel::poll_exit(child.pid);
      REQUIRE_MESSAGE(running, read_text(child.log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

nlohmann::json without_cost(nlohmann::json results) {
  results.erase("cost");
  return results;
}

std::map<std::string, double> ground_truth_by_arch(const nlohmann::json& results) {
  std::map<std::string, double> out;
  for (const auto& entry : results.at("evaluation_set"))
    out[entry.at("arch").get<std::string>()] = entry.at("ground_truth").get<double>();
  return out;
}

}  // namespace

TEST_SUITE("distributed") {
  TEST_CASE("two ranks under torchrun match one rank, and only rank 0 writes") {
    TempDir dir;
    // Ground truth in separate stores, so the 2-rank run trains its own
    // (spread over both ranks) and the values can be compared.
    write_file(dir.path() / "one.toml", tiny_manifest(dir.path() / "one.sqlite"));
    write_file(dir.path() / "two.toml", tiny_manifest(dir.path() / "two.sqlite"));

    SUBCASE("with a learning rate of 1e-30 the runs agree exactly") {
      // No weight moves measurably, so per-rank batch statistics cannot make the ranks'
      // super-nets drift: scores, rankings, landmarks, proposals and ground
      // truth must all be equal.
      const Outcome one = run_naskernel({"run", (dir.path() / "one.toml").string(), "--out",
                                         (dir.path() / "one").string(), "--set", "supernet.lr=1e-30", "--set", "supernet.schedule=\"constant\"", "-q"});
      REQUIRE(one.exit_code == 0);
      const Child two = start_torchrun({"run", (dir.path() / "two.toml").string(), "--out",
                                        (dir.path() / "two").string(), "--set", "supernet.lr=1e-30", "--set", "supernet.schedule=\"constant\"", "-q"},
                                       dir.path(), "two");
      REQUIRE(finish(two).succeeded());
      const auto results_one = read_json(only_run_dir(dir.path() / "one") / "results.json");
      const auto results_two = read_json(only_run_dir(dir.path() / "two") / "results.json");
      CHECK(without_cost(results_two) == without_cost(results_one));
      CHECK(results_two.at("cost").at("ranks") == 2);
    }

    SUBCASE("training: per-epoch losses agree within 3% (per-rank batch statistics)") {
      const Outcome one =
          run_naskernel({"run", (dir.path() / "one.toml").string(), "--out", (dir.path() / "one").string(), "-q"});
      REQUIRE(one.exit_code == 0);
      const Child two = start_torchrun(
          {"run", (dir.path() / "two.toml").string(), "--out", (dir.path() / "two").string(), "-q"}, dir.path(), "two");
      REQUIRE(finish(two).succeeded());
      const fs::path run_one = only_run_dir(dir.path() / "one"), run_two = only_run_dir(dir.path() / "two");
      const auto lines_one = read_jsonl(run_one / "metrics.jsonl");
      const auto lines_two = read_jsonl(run_two / "metrics.jsonl");
      REQUIRE(lines_one.size() == 4);
      REQUIRE(lines_two.size() == 4);  // one writer: two would append every line twice
      for (size_t e = 0; e < lines_one.size(); ++e) {
        CAPTURE(e);
        const double a = lines_one[e].at("loss").get<double>(), b = lines_two[e].at("loss").get<double>();
        CHECK(std::abs(a - b) <= 0.03 * a);
      }
      // The evaluation set's ground truth, trained by one process and by two ranks.
      CHECK(ground_truth_by_arch(read_json(run_two / "results.json")) ==
            ground_truth_by_arch(read_json(run_one / "results.json")));

      std::set<std::string> written;
      for (const auto& entry : fs::directory_iterator(run_two)) written.insert(entry.path().filename().string());
      CHECK(written == std::set<std::string>{"checkpoints", "log.rank1.txt", "log.txt", "manifest.resolved.toml",
                                             "metrics.jsonl", "results.json"});
      const std::string rank1_log = read_text(run_two / "log.rank1.txt");
      CHECK(rank1_log.find("rank 1 of 2") != std::string::npos);
      CHECK(rank1_log.find("this rank trains") != std::string::npos);
    }
  }

  TEST_CASE("a rank killed mid-run makes the other exit non-zero with a message") {
    TempDir dir;
    write_file(dir.path() / "m.toml", tiny_manifest(dir.path() / "store.sqlite"));
    const std::vector<std::string> args = {"run", (dir.path() / "m.toml").string(), "--out", (dir.path() / "runs").string(),
                                           "--set", "supernet.epochs=400", "--set", "run.timeout_s=10", "-q"};
    const int port = free_port();
    const Child rank0 = start_rank(0, port, args, dir.path());
    const Child rank1 = start_rank(1, port, args, dir.path());
    wait_for_lines(dir.path() / "runs", 2, {rank0, rank1});
    kill(rank1.pid, SIGKILL);
    naskernel::wait_for_exit(rank1.pid);
    const auto start = std::chrono::steady_clock::now();
    const auto exit = naskernel::wait_for_exit(rank0.pid);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));  // within run.timeout_s
    CHECK(exit.exited);
    CHECK(exit.exit_code != 0);
    CHECK(read_text(rank0.log).find("another rank has exited or failed") != std::string::npos);
  }

  TEST_CASE("SIGTERM to both ranks, then a resume under torchrun, equals an uninterrupted 2-rank run") {
    TempDir dir;
    write_file(dir.path() / "m.toml", tiny_manifest(dir.path() / "store.sqlite"));
    const std::vector<std::string> sets = {"--set", "supernet.epochs=60", "--set", "landmarks.iterations=1", "-q"};
    auto args_for = [&](const std::string& out) {
      std::vector<std::string> args = {"run", (dir.path() / "m.toml").string(), "--out", (dir.path() / out).string()};
      args.insert(args.end(), sets.begin(), sets.end());
      return args;
    };
    // The uninterrupted run first, so the interrupted one finds its ground truth stored.
    REQUIRE(finish(start_torchrun(args_for("whole"), dir.path(), "whole")).succeeded());

    const int port = free_port();
    const Child rank0 = start_rank(0, port, args_for("stopped"), dir.path());
    const Child rank1 = start_rank(1, port, args_for("stopped"), dir.path());
    wait_for_lines(dir.path() / "stopped", 3, {rank0, rank1});
    kill(rank0.pid, SIGTERM);
    kill(rank1.pid, SIGTERM);
    const auto exit0 = naskernel::wait_for_exit(rank0.pid), exit1 = naskernel::wait_for_exit(rank1.pid);
    CHECK(exit0.exit_code == 130);
    CHECK(exit1.exit_code == 130);
    const fs::path stopped = only_run_dir(dir.path() / "stopped");
    REQUIRE_FALSE(fs::exists(stopped / "results.json"));
    REQUIRE(fs::exists(stopped / "checkpoints" / "last.pt"));

    REQUIRE(finish(start_torchrun({"run", "--resume", stopped.string(), "-q"}, dir.path(), "resume")).succeeded());
    CHECK(without_cost(read_json(stopped / "results.json")) ==
          without_cost(read_json(only_run_dir(dir.path() / "whole") / "results.json")));

    // Resuming with another world size is refused.
    const Outcome single = run_naskernel({"run", "--resume", stopped.string(), "-q"});
    CHECK(single.exit_code == 1);
  }

  TEST_CASE("ranks given different manifests are refused") {
    TempDir dir;
    write_file(dir.path() / "m.toml", tiny_manifest(dir.path() / "store.sqlite"));
    const std::vector<std::string> base = {"run", (dir.path() / "m.toml").string(), "--out", (dir.path() / "runs").string(), "-q"};
    auto other = base;
    other.insert(other.end(), {"--set", "supernet.lr=0.2"});
    const int port = free_port();
    const Child rank0 = start_rank(0, port, base, dir.path());
    const Child rank1 = start_rank(1, port, other, dir.path());
    const auto exit0 = naskernel::wait_for_exit(rank0.pid), exit1 = naskernel::wait_for_exit(rank1.pid);
    CHECK(exit0.exit_code == 1);
    CHECK(exit1.exit_code == 1);
    for (const auto& log : {rank0.log, rank1.log}) CHECK(read_text(log).find("rank 1's differs from rank 0's") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "runs"));  // refused before anything was written
  }

  TEST_CASE("a study on two ranks writes one report") {
    TempDir dir;
    write_file(dir.path() / "s.toml",
               tiny_manifest(dir.path() / "store.sqlite") +
                   "\n[study]\nvariants = [{name = \"SPOS\", set = {regularizers = []}}, {name = \"SPOS+landmark\"}]\n"
                   "seeds = [0, 1]\n");
    REQUIRE(finish(start_torchrun({"run", (dir.path() / "s.toml").string(), "--out", (dir.path() / "runs").string(),
                                   "--set", "supernet.epochs=2", "-q"},
                                  dir.path(), "study"))
                .succeeded());
    const fs::path study = only_run_dir(dir.path() / "runs");
    CHECK(fs::exists(study / "study.md"));
    CHECK(read_text(study / "study.md").find("SPOS+landmark") != std::string::npos);
    CHECK(read_jsonl(study / "SPOS-seed1" / "metrics.jsonl").size() == 2);
  }
}

TEST_CASE("validate under a launcher refuses a global batch that does not divide over the ranks") {
  TempDir dir;
  write_file(dir.path() / "m.toml", tiny_manifest(dir.path() / "store.sqlite"));
  const Outcome outcome = run_naskernel({"validate", (dir.path() / "m.toml").string(), "--set", "supernet.batch_size=31"},
                                        {"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "NASKERNEL_PLUGIN_PATH="});
  CHECK(outcome.exit_code == 1);
  CHECK(outcome.output.find("must divide evenly over the 2 ranks") != std::string::npos);
}

TEST_CASE("GDAS and NAO keep their state in step on two ranks") {
  // GDAS averages its architecture gradients over the ranks, NAO trains its
  // controller on gathered scores; a sampler that drifted would send the
  // ranks down different paths, which the gradient check refuses.
  for (const char* sampler : {"gdas", "nao"}) {
    CAPTURE(sampler);
    TempDir dir;
    write_file(dir.path() / "m.toml", tiny_manifest(dir.path() / "store.sqlite"));
    REQUIRE(finish(start_torchrun({"run", (dir.path() / "m.toml").string(), "--out", (dir.path() / "runs").string(),
                                   "--set", std::string("sampler={plugin=\"") + sampler + "\"}", "-q"},
                                  dir.path(), sampler))
                .succeeded());
    const auto results = read_json(only_run_dir(dir.path() / "runs") / "results.json");
    CHECK(results.at("sampler") == sampler);
    CHECK(results.at("cost").at("ranks") == 2);
  }
}
