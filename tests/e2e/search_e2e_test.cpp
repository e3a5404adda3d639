// A complete tiny search: training, evaluation, landmark iterations,
// proposals, exact resume and the non-finite-loss stop.
#include "subprocess.h"

#include <cmath>

#include <doctest/doctest.h>

using namespace e2e;

namespace {

// results.json without what legitimately differs between two runs.
nlohmann::json comparable(nlohmann::json results) {
  results.erase("cost");
  return results;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("a tiny search trains, evaluates, proposes, and resumes exactly") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    const auto store = dir.path() / "store.sqlite";
    write_file(manifest, tiny_manifest(store));

    const auto out_a = dir.path() / "a";
    const Outcome a = run_naskernel({"run", manifest.string(), "--out", out_a.string(), "-q"});
    REQUIRE(a.exit_code == 0);
    const auto run_a = only_run_dir(out_a);
    const auto results = read_json(run_a / "results.json");
    const auto& final = results.at("final");
    CHECK(final.contains("skdt"));
    CHECK(final.contains("spearman"));
    CHECK(final.at("kdt").get<double>() >= -1.0);
    CHECK(final.at("kdt").get<double>() <= 1.0);
    CHECK(results.at("landmarks").size() >= 4);  // 3 initial + proposals of iteration 1
    CHECK(results.at("proposals").size() >= 2);
    CHECK(results.at("best").contains("ground_truth"));
    CHECK(results.at("evaluation_set").size() > 0);
    const auto lines = read_jsonl(run_a / "metrics.jsonl");
    REQUIRE(lines.size() == 4);
    CHECK_FALSE(lines[0].contains("eval"));
    CHECK(lines[1].contains("eval"));
    CHECK(lines[3].contains("eval"));
    // The landmarks' agreement, by the evaluator's score and by the loss on
    // search_landmark batches (what the regularizer compares).
    for (const char* key : {"landmark_kdt", "landmark_loss_kdt"}) {
      CAPTURE(key);
      REQUIRE(lines[3].at("eval").contains(key));
      CHECK(std::abs(lines[3].at("eval").at(key).get<double>()) <= 1.0);
    }
    CHECK(lines[0].at("regularizer.landmark.weight").get<double>() == 0.0);  // warm-up
    CHECK(lines[3].at("regularizer.landmark.weight").get<double>() == doctest::Approx(1.0));
    CHECK(std::filesystem::exists(run_a / "manifest.resolved.toml"));
    CHECK(std::filesystem::exists(run_a / "log.txt"));

    // The same run, interrupted after its first epoch and resumed, ends
    // with the same results (bitwise on the CPU).
    const auto out_b = dir.path() / "b";
    bool interrupted = false;
    const Outcome stopped = run_and_interrupt({"run", manifest.string(), "--out", out_b.string(), "-q"}, {}, out_b, 1,
                                              interrupted);
    REQUIRE_MESSAGE(interrupted, "the run finished before it could be interrupted");
    REQUIRE(stopped.exit_code == 130);
    const auto run_b = only_run_dir(out_b);
    CHECK_FALSE(std::filesystem::exists(run_b / "results.json"));
    CHECK(std::filesystem::exists(run_b / "checkpoints" / "last.pt"));
    const Outcome resumed = run_naskernel({"run", "--resume", run_b.string(), "-q"});
    REQUIRE(resumed.exit_code == 0);
    CHECK(comparable(read_json(run_b / "results.json")) == comparable(results));
    CHECK(read_jsonl(run_b / "metrics.jsonl").size() == 4);
  }

  TEST_CASE("a non-finite loss stops the run with a clear message and exit code 4") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    const Outcome outcome = run_naskernel({"run", manifest.string(), "--out", (dir.path() / "runs").string(), "--set",
                                           "supernet.lr=1e30", "--set", "supernet.grad_clip=0", "-q"});
    CHECK(outcome.exit_code == 4);
    CHECK(outcome.output.find("loss became") != std::string::npos);
  }
}
