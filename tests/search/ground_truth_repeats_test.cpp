// ground_truth.repeats: one store record per (architecture, seed), the mean
// as the value, only missing seeds trained, and the reader's refusals.
#include "kernel/ground_truth/store.h"
#include "kernel/host/manifest.h"
#include "kernel/search/ground_truth_options.h"
#include "kernel/search/ground_truth_provider.h"

#include "classification_task.h"
#include "nb201_space.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

using namespace naskernel;
using naskernel::classification::ClassificationTask;
using naskernel::nb201::Nb201Space;
namespace fs = std::filesystem;

namespace {

const std::string kArchA = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";
const std::string kArchB = "|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2|";

struct Folder {
  fs::path path = fs::temp_directory_path() / ("naskernel-repeats-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(counter++));
  Folder() { fs::create_directories(path); }
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  static inline int counter = 0;
};

// A tiny synthetic task and NB201 (C = 4, one cell); stand-alone training
// for one epoch with standalone.seed = 3. `ground_truth` is the body of
// [ground_truth].
// `standalone_seed` is the TOML value of standalone.seed, `run` the body of [run].
fs::path write_manifest(const fs::path& file, const std::string& ground_truth,
                        const std::string& standalone_seed = "3", const std::string& run = "") {
  std::ofstream(file) << "[run]\n"
                      << run
                      << "[task]\nplugin = \"classification\"\ndataset = \"synthetic\"\nclasses = 4\nchannels = 1\n"
                         "image_size = 8\ntrain_size = 96\ntest_size = 64\nnoise = 0.6\n"
                         "[search_space]\nplugin = \"nb201\"\nchannels = 4\ncells = 1\n"
                         "[standalone]\nepochs = 1\nbatch_size = 32\nlr = 0.05\nseed = "
                      << standalone_seed << "\n[ground_truth]\n" << ground_truth;
  return file;
}

// A provider over the manifest with its own loaded task and space.
struct Setup {
  Manifest manifest;
  Nb201Space space;
  ClassificationTask task;
  GroundTruthProvider provider;
  explicit Setup(const fs::path& file, const fs::path& work)
      : manifest(Manifest::load(file)),
        space(manifest.section("search_space")),
        task(manifest.section("task")),
        provider(manifest, space, task, torch::kCPU, work, file) {
    task.load(1);
  }
};

// "FILE:LINE:" of the first line of `file` that starts with `start`.
std::string where(const fs::path& file, const std::string& start) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (line.rfind(start, 0) == 0) return file.string() + ":" + std::to_string(number) + ":";
  return "(no line starts with " + start + ")";
}

// Stored ground truth by (arch string, seed).
std::map<std::pair<std::string, int64_t>, double> stored(const fs::path& store_file) {
  std::map<std::pair<std::string, int64_t>, double> values;
  GroundTruthStore store(store_file);
  for (const auto& record : store.list()) values[{record.arch, record.key.seed}] = record.metrics.at(kGroundTruthMetric);
  return values;
}

}  // namespace

TEST_CASE("repeats = 2 stores one record per seed and the value is their mean") {
  Folder dir;
  const fs::path store = dir.path / "store.sqlite";
  const fs::path file = write_manifest(dir.path / "m.toml", "store = \"" + store.string() + "\"\nrepeats = 2\n");
  Setup setup(file, dir.path / "work");
  REQUIRE(setup.provider.repeats() == 2);
  CHECK(setup.provider.repeat_seeds() == std::vector<int64_t>{3, 4});
  const std::vector<Arch> archs = {setup.space.parse(kArchA), setup.space.parse(kArchB)};
  const auto values = setup.provider.obtain(archs);
  CHECK(setup.provider.trained() == 4);  // 2 architectures x 2 seeds

  const auto records = stored(store);
  REQUIRE(records.size() == 4);
  const std::string texts[] = {setup.space.format(archs[0]), setup.space.format(archs[1])};
  bool seeds_differ = false;
  for (size_t i = 0; i < 2; ++i) {
    REQUIRE(records.count({texts[i], 3}) == 1);
    REQUIRE(records.count({texts[i], 4}) == 1);
    const double v3 = records.at({texts[i], 3}), v4 = records.at({texts[i], 4});
    CHECK(values[i] == doctest::Approx((v3 + v4) / 2));
    seeds_differ = seeds_differ || v3 != v4;

    nlohmann::json entry = {{"arch", texts[i]}, {"ground_truth", values[i]}};
    setup.provider.add_repeats(entry);
    CHECK(entry.at("ground_truth_repeats") == nlohmann::json::array({v3, v4}));
    CHECK(entry.at("ground_truth_std").get<double>() == doctest::Approx(std::abs(v3 - v4) / std::sqrt(2.0)));
  }
  // The seed reaches the training: the repeats are not copies of one run.
  CHECK(seeds_differ);

  // A second provider finds all four and trains nothing.
  Setup again(file, dir.path / "work");
  const auto reused = again.provider.obtain(archs);
  CHECK(again.provider.trained() == 0);
  CHECK(reused == values);
}

TEST_CASE("repeats = 2 on a store with the n = 1 record trains only the missing seed; n = 1 still finds it") {
  Folder dir;
  const fs::path store = dir.path / "store.sqlite";
  const std::string store_key = "store = \"" + store.string() + "\"\n";
  const fs::path single = write_manifest(dir.path / "single.toml", store_key);
  const fs::path twice = write_manifest(dir.path / "twice.toml", store_key + "repeats = 2\n");

  Setup first(single, dir.path / "work");
  const Arch a = first.space.parse(kArchA);
  const double one = first.provider.obtain({a}).at(0);
  CHECK(first.provider.trained() == 1);
  const std::string text = first.space.format(a);
  CHECK(stored(store) == std::map<std::pair<std::string, int64_t>, double>{{{text, 3}, one}});

  Setup second(twice, dir.path / "work");
  nlohmann::json before = {{"arch", text}};
  second.provider.add_repeats(before);  // seed 4 is missing: nothing to add yet
  CHECK_FALSE(before.contains("ground_truth_repeats"));
  CHECK_FALSE(second.provider.known(a).has_value());
  const double mean = second.provider.obtain({a, a}).at(0);  // a duplicate is trained once
  CHECK(second.provider.trained() == 1);
  const auto records = stored(store);
  REQUIRE(records.size() == 2);
  CHECK(records.at({text, 3}) == one);  // the seed-3 record is kept as it was
  CHECK(mean == doctest::Approx((one + records.at({text, 4})) / 2));

  // A run with n = 1 keeps using the seed-3 record alone.
  Setup third(single, dir.path / "work");
  CHECK(third.provider.known(a) == one);
  CHECK(third.provider.obtain({a}).at(0) == one);
  CHECK(third.provider.trained() == 0);
}

TEST_CASE("standalone.seed = \"run\" gives each run seed stand-alone seeds of its own") {
  Folder dir;
  const fs::path store = dir.path / "store.sqlite";
  const std::string store_key = "store = \"" + store.string() + "\"\n";
  const auto seeds_of = [&](const std::string& name, int run_seed, int repeats) {
    const fs::path file = write_manifest(dir.path / name, store_key + "repeats = " + std::to_string(repeats) + "\n",
                                         "\"run\"", "seed = " + std::to_string(run_seed) + "\n");
    return Setup(file, dir.path / "work").provider.repeat_seeds();
  };
  CHECK(seeds_of("r0.toml", 0, 1) == std::vector<int64_t>{0});  // run seed 0 reads the default's records
  CHECK(seeds_of("r2.toml", 2, 1) == std::vector<int64_t>{2});
  CHECK(seeds_of("r0x3.toml", 0, 3) == std::vector<int64_t>{0, 1, 2});
  CHECK(seeds_of("r1x3.toml", 1, 3) == std::vector<int64_t>{3, 4, 5});  // no seed shared with run seed 0

  // The trained record carries the run's seed.
  const fs::path file = write_manifest(dir.path / "train.toml", store_key, "\"run\"", "seed = 2\n");
  Setup setup(file, dir.path / "work");
  const Arch a = setup.space.parse(kArchA);
  const double value = setup.provider.obtain({a}).at(0);
  CHECK(stored(store) == std::map<std::pair<std::string, int64_t>, double>{{{setup.space.format(a), 2}, value}});

  // Any other string is refused, naming the key and its line.
  const fs::path bad = write_manifest(dir.path / "bad.toml", store_key, "\"runs\"");
  std::string message;
  try {
    Setup refused(bad, dir.path / "work");
  } catch (const ConfigError& e) {
    message = e.what();
  }
  CHECK(message.find(where(bad, "seed = ")) == 0);  // [run] sets no seed here
  CHECK(message.find("key `standalone.seed` must be an integer or \"run\", got \"runs\"") != std::string::npos);
}

TEST_CASE("the [ground_truth] reader refuses repeats = 0, a non-integer, and repeats > 1 with a table") {
  Folder dir;
  const std::vector<MetricSpec> metrics = {{"top1", true}};
  // The ConfigError's text, and "FILE:LINE:" of `repeats` (its value starts at column 11).
  auto refusal = [&](const std::string& name, const std::string& body) -> std::pair<std::string, std::string> {
    const fs::path file = write_manifest(dir.path / name, body);
    try {
      read_ground_truth_options(Manifest::load(file), metrics);
    } catch (const ConfigError& error) {
      return {where(file, "repeats"), error.what()};
    }
    return {where(file, "repeats"), "accepted"};
  };
  auto check_refused = [&](const std::string& name, const std::string& body, const std::string& text) {
    const auto [at, message] = refusal(name, body);
    CHECK_MESSAGE(message.find(at + "11: " + text) != std::string::npos, message);
  };
  check_refused("zero.toml", "repeats = 0\n", "key `ground_truth.repeats` must be a positive integer");
  check_refused("negative.toml", "provider = \"train\"\nrepeats = -2\n",
                "key `ground_truth.repeats` must be a positive integer (stand-alone trainings per architecture), "
                "got -2");
  check_refused("fraction.toml", "repeats = 1.5\n", "key `ground_truth.repeats` must be an integer, got float");
  check_refused("text.toml", "repeats = \"2\"\n", "key `ground_truth.repeats` must be an integer, got string");

  std::ofstream(dir.path / "table.csv") << "arch,top1\n" << kArchA << ",91.5\n";
  check_refused("table.toml", "provider = \"table\"\ntable = \"table.csv\"\nrepeats = 2\n",
                "key `ground_truth.repeats` = 2 needs provider = \"train\"");
  // repeats = 1 with a table is the default, spelled out.
  CHECK(refusal("table_one.toml", "provider = \"table\"\ntable = \"table.csv\"\nrepeats = 1\n").second == "accepted");

  const GroundTruthOptions three =
      read_ground_truth_options(Manifest::load(write_manifest(dir.path / "three.toml", "repeats = 3\n")), metrics);
  CHECK(three.repeats == 3);
  const GroundTruthOptions fallback =
      read_ground_truth_options(Manifest::load(write_manifest(dir.path / "none.toml", "")), metrics);
  CHECK(fallback.repeats == 1);
}
