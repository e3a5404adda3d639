// Swapping plugins is a manifest change only: the samplers (gdas, nao), the
// spaces (nb101, darts) and the depth task run the tiny search through the
// same host, with and without landmarks, and resume exactly after SIGTERM.
#include "subprocess.h"

#include <doctest/doctest.h>

using namespace e2e;

namespace {

nlohmann::json comparable(nlohmann::json results) {
  results.erase("cost");
  return results;
}

std::vector<std::string> with_sets(std::vector<std::string> args, const std::vector<std::string>& sets) {
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  return args;
}

// Runs the manifest to the end, then again interrupted after its first
// epoch and resumed; both must give the same results.json (cost aside).
nlohmann::json run_and_check_resume(const TempDir& dir, const std::filesystem::path& manifest,
                                    const std::vector<std::string>& sets, const std::string& label) {
  const auto out_a = dir.path() / (label + "_a");
  const Outcome a = run_naskernel(with_sets({"run", manifest.string(), "--out", out_a.string(), "-q"}, sets));
  REQUIRE_MESSAGE(a.exit_code == 0, label << ": " << a.output);
  const auto results = read_json(only_run_dir(out_a) / "results.json");

  const auto out_b = dir.path() / (label + "_b");
  bool interrupted = false;
  const Outcome stopped = run_and_interrupt(with_sets({"run", manifest.string(), "--out", out_b.string(), "-q"}, sets),
                                            {}, out_b, 1, interrupted);
  REQUIRE_MESSAGE(interrupted, label << ": the run finished before it could be interrupted");
  REQUIRE_MESSAGE(stopped.exit_code == 130, label << ": " << stopped.output);
  const auto run_b = only_run_dir(out_b);
  const Outcome resumed = run_naskernel({"run", "--resume", run_b.string(), "-q"});
  REQUIRE_MESSAGE(resumed.exit_code == 0, label << ": " << resumed.output);
  CHECK_MESSAGE(comparable(read_json(run_b / "results.json")) == comparable(results), label);
  return results;
}

const char* kNoLandmarks = "regularizers=[]";
const char* kLongerRun = "supernet.epochs=6";  // room for the interrupt after epoch 1
const char* kBitingLandmarks = "regularizers=[{plugin=\"landmark\", lambda=1.0, warmup_epochs=1, margin=1.0}]";

}  // namespace

TEST_SUITE("swap") {
  TEST_CASE("gdas and nao replace spos by a manifest change, with and without landmarks, and resume exactly") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    const std::string gdas = "sampler={plugin=\"gdas\"}";
    const std::string nao =
        "sampler={plugin=\"nao\", warmup_epochs=1, controller_every=1, controller_epochs=5, seed_pool=10, "
        "new_archs=5, random_archs=5}";
    for (const auto& [name, sampler] : {std::pair<std::string, std::string>{"gdas", gdas}, {"nao", nao}}) {
      // A margin keeps the hinge active (ordered pairs leave no gradient), so the regularizer bites.
      const auto results = run_and_check_resume(dir, manifest, {sampler, kLongerRun, kBitingLandmarks}, name + "_landmark");
      CHECK(results.at("sampler") == name);
      CHECK(results.at("regularizers") == nlohmann::json::array({"landmark"}));
      CHECK(results.at("proposals").size() >= 2);
      const auto plain = run_and_check_resume(dir, manifest, {sampler, kLongerRun, kNoLandmarks}, name + "_plain");
      CHECK(plain.at("regularizers").empty());
      // Same seed, same initial landmarks; the regularizer changed the training.
      CHECK(plain.at("history") != results.at("history"));
    }
    // GDAS records its temperature, annealed from tau_max towards tau_min.
    const auto lines = read_jsonl(only_run_dir(dir.path() / "gdas_landmark_a") / "metrics.jsonl");
    REQUIRE(lines.size() == 6);
    CHECK(lines.front().at("sampler.gdas.tau").get<double>() == doctest::Approx(10.0));
    CHECK(lines.back().at("sampler.gdas.tau").get<double>() == doctest::Approx(0.1));
  }

  TEST_CASE("nb101 and darts run SPOS+landmark, and GDAS on darts, through the manifest alone") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    const std::string nb101 =
        "search_space={plugin=\"nb101\", stem_channels=5, stacks=1, cells_per_stack=1, supernet_stem_channels=5, "
        "supernet_channels=5}";
    const std::string darts =
        "search_space={plugin=\"darts\", channels=4, layers=3, auxiliary=false, supernet_channels=4, "
        "supernet_layers=3}";
    const auto a = run_and_check_resume(dir, manifest, {nb101, kLongerRun, "landmarks.min_distance=3"}, "nb101");
    CHECK(a.at("search_space") == "nb101");
    CHECK(a.at("best").at("arch").get<std::string>().rfind("matrix=", 0) == 0);
    const auto b = run_and_check_resume(dir, manifest, {darts, kLongerRun, "landmarks.min_distance=3"}, "darts");
    CHECK(b.at("best").at("arch").get<std::string>().rfind("Genotype(normal=[", 0) == 0);
    const auto c = run_and_check_resume(dir, manifest, {darts, kLongerRun, "sampler={plugin=\"gdas\"}"}, "darts_gdas");
    CHECK(c.at("sampler") == "gdas");
  }

  TEST_CASE("a depth search on synthetic scenes reports the SSI loss, lower is better, and resumes exactly") {
    TempDir dir;
    const auto manifest = dir.path() / "depth.toml";
    write_file(manifest, R"([run]
name = "tinydepth"
seed = 3
threads = 1

[task]
plugin = "depth"
image_size = 16
train_size = 96
test_size = 32

[search_space]
plugin = "depth_fusion"
features = 4
encoder_channels = [4, 4, 8, 8]

[sampler]
plugin = "spos"
population = 6
tournament = 3
queries = 12

[[regularizers]]
plugin = "landmark"
lambda = 1.0
warmup_epochs = 1

[supernet]
epochs = 6
batch_size = 16
optimizer = "adam"
lr = 0.003
eval_every = 2

[standalone]
epochs = 2
batch_size = 16
optimizer = "adam"
lr = 0.003

[landmarks]
count = 3
iterations = 2
min_distance = 2

[evaluation]
archs = 6
batch_size = 16
batches = 1
proposals = 2

[ground_truth]
store = ")" + (dir.path() / "store.sqlite").string() + "\"\n");
    const auto results = run_and_check_resume(dir, manifest, {}, "depth");
    CHECK(results.at("metric").at("name") == "ssi_loss");
    CHECK(results.at("metric").at("higher_is_better") == false);
    // The best proposal has the lowest loss of all proposals.
    double lowest = 1e300;
    for (const auto& p : results.at("proposals")) lowest = std::min(lowest, p.at("ground_truth").get<double>());
    CHECK(results.at("best").at("ground_truth").get<double>() == lowest);
  }

  TEST_CASE("a misspelt key of a swapped-in plugin names the file, line and column") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    write_file(dir.path() / "gdas.toml", "include = [\"tiny.toml\"]\n\n[sampler]\nplugin = \"gdas\"\ntau_mx = 5.0\n");
    const Outcome outcome = run_naskernel({"validate", (dir.path() / "gdas.toml").string()});
    CHECK(outcome.exit_code == 3);
    CHECK_MESSAGE(outcome.output.find((dir.path() / "gdas.toml").string() +
                                      ":5:10: unknown key `sampler.tau_mx` (did you mean `tau_max`?)") != std::string::npos,
                  outcome.output);
    // The spos keys of the included file were dropped with the plugin swap, so
    // only the misspelt key is reported.
    CHECK(outcome.output.find("population") == std::string::npos);
  }
}
