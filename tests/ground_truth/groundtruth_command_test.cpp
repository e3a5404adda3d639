#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "ground_truth/groundtruth_command.h"
#include "ground_truth/store.h"
#include "temp_dir.h"

using namespace naskernel;

namespace {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Parses `arguments` as `naskernel ARGS...` with stdout and stderr captured.
CommandResult run_command(std::vector<std::string> arguments) {
  CommandResult result;
  CLI::App app("naskernel");
  register_groundtruth_command(app, result.exit_code);
  arguments.insert(arguments.begin(), "naskernel");
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    result.exit_code = app.exit(error, out, err);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

GroundTruthRecord record(const std::string& space, const std::string& arch, double accuracy) {
  GroundTruthRecord r;
  r.key = {space, arch + "-key", "0123456789abcdef0123", 0};
  r.arch = arch;
  r.metrics = {{"valid_accuracy", accuracy}};
  r.wall_seconds = 12.34;
  r.naskernel_version = "0.1.0";
  r.created_utc = "2024-05-01T12:00:00Z";
  return r;
}

}  // namespace

TEST_CASE("groundtruth list prints an aligned table") {
  TempDir dir;
  const std::string store_file = (dir / "gt.sqlite").string();
  {
    GroundTruthStore store(store_file);
    store.put(record("nb201", "|nor_conv_3x3~0|+|skip_connect~0|none~1|", 91.25));
    store.put(record("darts", "short", 97.5));
  }
  const auto all = run_command({"groundtruth", "list", "--store", store_file});
  CHECK(all.exit_code == 0);
  CHECK(all.err.empty());
  std::istringstream lines(all.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header.rfind("space  ", 0) == 0);
  CHECK(header.find("metrics") != std::string::npos);
  CHECK(header.find("wall s") != std::string::npos);
  // Sorted by space; columns line up: "metrics" starts at the same offset in all rows.
  CHECK(first.rfind("darts", 0) == 0);
  CHECK(second.rfind("nb201", 0) == 0);
  CHECK(first.find("valid_accuracy=97.5") == header.find("metrics"));
  CHECK(second.find("valid_accuracy=91.25") == header.find("metrics"));
  CHECK(second.find("12.3") != std::string::npos);
  CHECK(second.find("0123456789ab ") != std::string::npos);  // fingerprint shortened to 12
  CHECK(all.out.find("2 records in") != std::string::npos);

  const auto filtered = run_command({"groundtruth", "list", "--store", store_file, "--space", "nb201"});
  CHECK(filtered.exit_code == 0);
  CHECK(filtered.out.find("darts") == std::string::npos);
  CHECK(filtered.out.find("1 record in") != std::string::npos);
}

TEST_CASE("groundtruth export and import move records between stores") {
  TempDir dir;
  const std::string source = (dir / "a.sqlite").string(), target = (dir / "b.sqlite").string();
  {
    GroundTruthStore store(source);
    for (int i = 0; i < 3; ++i) store.put(record("nb201", "arch" + std::to_string(i), 90 + i));
    store.put(record("darts", "d", 97));
  }
  for (const std::string extension : {".csv", ".json"}) {
    const std::string file = (dir / ("out" + extension)).string();
    const auto exported = run_command({"groundtruth", "export", file, "--store", source, "--space", "nb201"});
    CHECK(exported.exit_code == 0);
    CHECK(exported.out == "Exported 3 records to " + file + ".\n");
    const auto imported = run_command({"groundtruth", "import", file, "--store", target});
    CHECK(imported.exit_code == 0);
    CHECK(imported.out == "Imported 3 records from " + file + " into " + target + ".\n");
  }
  GroundTruthStore store(target);
  CHECK(store.list().size() == 3);
  CHECK(store.find(record("nb201", "arch2", 0).key)->metrics.at("valid_accuracy") == 92);
}

TEST_CASE("groundtruth errors print one line and exit 1") {
  TempDir dir;
  const std::string missing_store = (dir / "nope.sqlite").string();
  const auto list = run_command({"groundtruth", "list", "--store", missing_store});
  CHECK(list.exit_code == 1);
  CHECK(list.err == "error: No ground-truth store at " + missing_store + " (--store).\n");
  CHECK_FALSE(std::filesystem::exists(missing_store));  // listing never creates a store

  write_file(dir / "bad.csv", "space,arch_key\nnb201\n");
  const auto import = run_command({"groundtruth", "import", (dir / "bad.csv").string(), "--store",
                                   (dir / "gt.sqlite").string()});
  CHECK(import.exit_code == 1);
  CHECK(import.err.rfind("error: " + (dir / "bad.csv").string() + ":1: missing column", 0) == 0);

  const auto extension = run_command({"groundtruth", "export", (dir / "out.xlsx").string(), "--store", missing_store});
  CHECK(extension.exit_code == 1);
  CHECK(extension.err.find("unknown extension `.xlsx`") != std::string::npos);

  const auto no_subcommand = run_command({"groundtruth"});
  CHECK(no_subcommand.exit_code != 0);
}
