// ground_truth.repeats through the real binary: (arch, seed) jobs in the
// worker pool, only missing seeds trained, the per-seed values and their
// spread in results.json, and the repeatability ceiling in study.md.
#include "subprocess.h"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace e2e;

namespace {

const std::string kArchA = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";
const std::string kArchB = "|skip_connect~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|";

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The TSV that `naskernel train` prints: header fields, then rows by arch.
struct TrainTable {
  std::vector<std::string> header;
  std::map<std::string, std::vector<double>> rows;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

TrainTable train_table(const std::string& output) {
  TrainTable table;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("arch\t", 0) == 0) table.header = split_tabs(line);
    if (line.empty() || line[0] != '|') continue;
    const auto fields = split_tabs(line);
    for (size_t i = 1; i < fields.size(); ++i) table.rows[fields[0]].push_back(std::stod(fields[i]));
  }
  return table;
}

// ground_truth per (arch, seed) in an exported store.
std::map<std::pair<std::string, int64_t>, double> exported(const std::filesystem::path& store,
                                                           const std::filesystem::path& file) {
  const Outcome outcome = run_naskernel({"groundtruth", "export", file.string(), "--store", store.string()});
  REQUIRE_MESSAGE(outcome.exit_code == 0, outcome.output);
  std::map<std::pair<std::string, int64_t>, double> values;
  for (const auto& record : read_json(file))
    values[{record.at("arch").get<std::string>(), record.at("seed").get<int64_t>()}] =
        record.at("metrics").at("ground_truth").get<double>();
  return values;
}

}  // namespace

TEST_SUITE("standalone") {
  TEST_CASE("repeats train each (arch, seed) in the worker pool; a larger n trains only the new seeds") {
    TempDir dir;
    const auto store = dir.path() / "store.sqlite";
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(store, "repeats = 2\n"));
    const std::vector<std::string> train = {"train", manifest.string(), "--arch", kArchA, "--arch", kArchB,
                                            "--set", "standalone.workers=2"};
    const Outcome first = run_naskernel(train);
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    CHECK_MESSAGE(first.output.find("4 trained, 0 from the train store (2 seeds per architecture)") != std::string::npos,
                  first.output);
    CHECK(first.output.find(kArchA + " (seed 1) = ") != std::string::npos);  // a worker trained seed 1
    const TrainTable table = train_table(first.output);
    CHECK(table.header == std::vector<std::string>{"arch", "top1", "top1.seed0", "top1.seed1", "top1.std"});
    REQUIRE(table.rows.size() == 2);

    const auto records = exported(store, dir.path() / "two.json");
    REQUIRE(records.size() == 4);
    for (const std::string& arch : {kArchA, kArchB}) {
      const auto& row = table.rows.at(arch);
      REQUIRE(row.size() == 4);
      const double v0 = records.at({arch, 0}), v1 = records.at({arch, 1});
      CHECK(row[1] == doctest::Approx(v0).epsilon(1e-5));
      CHECK(row[2] == doctest::Approx(v1).epsilon(1e-5));
      CHECK(row[0] == doctest::Approx((v0 + v1) / 2).epsilon(1e-5));  // the value is the mean
      CHECK(row[3] == doctest::Approx(std::abs(v0 - v1) / std::sqrt(2.0)).epsilon(1e-4));
    }

    // The two seeds' agreement, the ceiling of any ranking against them.
    const double seed0 = records.at({kArchA, 0}) - records.at({kArchB, 0});
    const double seed1 = records.at({kArchA, 1}) - records.at({kArchB, 1});
    const std::string tau = seed0 == 0 || seed1 == 0 ? "nan" : seed0 * seed1 > 0 ? "1" : "-1";
    CHECK_MESSAGE(first.output.find("seeds 0 and 1 agree with Kendall tau-b " + tau + " over 2 architectures") !=
                      std::string::npos,
                  first.output);

    // Three seeds: only seed 2 of each architecture is new.
    std::vector<std::string> three = train;
    three.insert(three.end(), {"--set", "ground_truth.repeats=3"});
    const Outcome second = run_naskernel(three);
    REQUIRE_MESSAGE(second.exit_code == 0, second.output);
    CHECK_MESSAGE(second.output.find("2 trained, 4 from the train store (3 seeds per architecture)") !=
                      std::string::npos,
                  second.output);
    const auto more = exported(store, dir.path() / "three.json");
    CHECK(more.size() == 6);
    CHECK(more.at({kArchA, 0}) == records.at({kArchA, 0}));  // kept as they were
    CHECK(more.at({kArchB, 1}) == records.at({kArchB, 1}));

    // n = 1 (the default) still reads the seed-0 record alone.
    const Outcome single = run_naskernel({"train", manifest.string(), "--arch", kArchA, "--set", "ground_truth.repeats=1"});
    REQUIRE_MESSAGE(single.exit_code == 0, single.output);
    CHECK(single.output.find("0 trained, 1 from the train store\n") != std::string::npos);
    const TrainTable one = train_table(single.output);
    CHECK(one.header == std::vector<std::string>{"arch", "top1"});
    CHECK(one.rows.at(kArchA).at(0) == doctest::Approx(records.at({kArchA, 0})).epsilon(1e-5));
  }

  TEST_CASE("validate refuses repeats = 0 and repeats with a table, naming file:line:col") {
    TempDir dir;
    const auto zero = dir.path() / "zero.toml";
    write_file(zero, tiny_manifest(dir.path() / "store.sqlite", "repeats = 0\n"));
    std::ifstream in(zero);
    std::string line;
    int number = 0, repeats_line = 0;
    while (std::getline(in, line))
      if (++number, line.rfind("repeats", 0) == 0) repeats_line = number;
    REQUIRE(repeats_line > 0);
    const Outcome refused = run_naskernel({"validate", zero.string()});
    CHECK(refused.exit_code == 1);
    CHECK_MESSAGE(refused.output.find(zero.string() + ":" + std::to_string(repeats_line) +
                                      ":11: key `ground_truth.repeats` must be a positive integer") != std::string::npos,
                  refused.output);

    write_file(dir.path() / "table.csv", "arch,top1\n" + kArchA + ",91.5\n");
    const Outcome table = run_naskernel({"validate", zero.string(), "--set", "ground_truth.provider=table", "--set",
                                         "ground_truth.table=" + (dir.path() / "table.csv").string(), "--set",
                                         "ground_truth.repeats=2"});
    CHECK(table.exit_code == 1);
    CHECK_MESSAGE(table.output.find("key `ground_truth.repeats` = 2 needs provider = \"train\"") != std::string::npos,
                  table.output);
  }
}

TEST_SUITE("study") {
  TEST_CASE("a study with repeats = 2 writes each seed's value and spread, and the repeatability ceiling") {
    TempDir dir;
    const auto manifest = dir.path() / "study.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite", R"(repeats = 2

[study]
seeds = [1]
variants = [{ name = "SPOS+landmark" }]
)"));
    const auto out = dir.path() / "runs";
    const Outcome outcome = run_naskernel({"run", manifest.string(), "--out", out.string(), "-q",
                                           "--set", "standalone.workers=2"});
    REQUIRE_MESSAGE(outcome.exit_code == 0, outcome.output);
    const auto study = only_run_dir(out);
    const auto results = read_json(study / "SPOS_landmark-seed1" / "results.json");
    size_t entries = 0;
    auto check_entry = [&](const nlohmann::json& entry) {
      INFO(entry.dump());
      REQUIRE(entry.contains("ground_truth_repeats"));
      const auto seeds = entry.at("ground_truth_repeats").get<std::vector<double>>();
      REQUIRE(seeds.size() == 2);
      CHECK(entry.at("ground_truth").get<double>() == doctest::Approx((seeds[0] + seeds[1]) / 2));
      CHECK(entry.at("ground_truth_std").get<double>() ==
            doctest::Approx(std::abs(seeds[0] - seeds[1]) / std::sqrt(2.0)));
      ++entries;
    };
    for (const char* list : {"evaluation_set", "landmarks", "proposals"}) {
      REQUIRE_FALSE(results.at(list).empty());
      for (const auto& entry : results.at(list)) check_entry(entry);
    }
    check_entry(results.at("best"));

    const std::string md = read_text(study / "study.md");
    const size_t section = md.find("## Ground-truth repeatability: the ceiling");
    REQUIRE_MESSAGE(section != std::string::npos, md);
    CHECK(md.find("| SPOS+landmark | 1 | 2 | ", section) != std::string::npos);
    CHECK(md.find("agrees with itself at Kendall tau-b ", section) != std::string::npos);
    CHECK(read_text(study / "study.csv").find(",ground_truth_repeats,ground_truth_repeat_kdt_mean,") !=
          std::string::npos);
  }
}
