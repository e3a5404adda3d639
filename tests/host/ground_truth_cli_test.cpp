// The real `naskernel` binary on bad ground truth: what `validate` refuses
// (with file:line:col) before a run would, non-finite values, table lookups
// that need no data, and a plugin that throws in forward mid-run.
#include "kernel/host/exit_codes.h"
#include "cli_support.h"

#include <doctest/doctest.h>

#include <fstream>

namespace fs = std::filesystem;
using naskernel::test::make_temp_dir;
using naskernel::test::ProcessResult;
using naskernel::test::contains;
using naskernel::test::first_party_plugin_dir;
using naskernel::test::naskernel_cli;
using naskernel::test::require_first_party_plugins;
using naskernel::test::write_file;
namespace exit_code = naskernel::exit_code;

namespace {

const fs::path& plugin_dir = naskernel::test::test_plugin_dir();

const std::string kArch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const std::string kOtherArch = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";


// nb201 with the test sampler; `ground_truth` is the [ground_truth]
// section's body, `task` the [task] section's beside its plugin key.
fs::path write_manifest(const fs::path& file, const std::string& ground_truth,
                        const std::string& task = "dataset = \"synthetic\"\ntrain_size = 64\ntest_size = 32\n") {
  write_file(file, "[run]\nplugin_paths = [\"" + (plugin_dir / "good").string() +
                       "\"]\n"
                       "[search_space]\nplugin = \"nb201\"\nchannels = 4\ncells = 1\n"
                       "[sampler]\nplugin = \"tiny_uniform\"\n"
                       "[task]\nplugin = \"classification\"\n" +
                       task + "[ground_truth]\n" + ground_truth);
  return file;
}

// "FILE:LINE:" of the first line of `file` that starts with `start`.
std::string where(const fs::path& file, const std::string& start) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (line.rfind(start, 0) == 0) return file.string() + ":" + std::to_string(number) + ":";
  FAIL("no line starts with ", start);
  return "";
}

// Runs validate on the manifest and checks it fails with a user error that
// contains every one of `parts`.
void check_refused(const fs::path& manifest, const std::vector<std::string>& parts) {
  const ProcessResult result = naskernel_cli({"validate", manifest.string()});
  INFO(result.output);
  CHECK(result.exited);
  CHECK(result.exit_code == exit_code::user_error);
  for (const auto& part : parts) CHECK_MESSAGE(contains(result.output, part), part);
  CHECK_FALSE(contains(result.output, "manifest OK"));
}

}  // namespace

TEST_CASE("validate refuses a misspelt provider, naming file:line:col and suggesting `table`") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  const fs::path manifest = write_manifest(dir / "typo.toml", "provider = \"tabel\"\n");
  const std::string message =
      where(manifest, "provider") + "12: key `ground_truth.provider` must be \"train\" or \"table\", got `tabel` (did you mean `table`?)";
  check_refused(manifest, {"error: " + message});

  // run refuses it the same way, before training.
  const ProcessResult run = naskernel_cli({"run", manifest.string(), "--out", (dir / "runs").string(), "-q"});
  CHECK(run.exit_code == exit_code::user_error);
  CHECK_MESSAGE(contains(run.output, message), run.output);
  fs::remove_all(dir);
}

TEST_CASE("validate refuses a missing table and a table without the metric column") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  const fs::path missing = write_manifest(dir / "missing.toml", "provider = \"table\"\ntable = \"absent.csv\"\n");
  check_refused(missing, {where(missing, "table") + "9: key `ground_truth.table` names " + (dir / "absent.csv").string() + ", which does not exist"});

  const fs::path unnamed = write_manifest(dir / "unnamed.toml", "provider = \"table\"\n");
  check_refused(unnamed, {"key `ground_truth.table` must name the results file"});

  write_file(dir / "columns.csv", "arch,valid_accuracy,test_acuracy\n" + kArch + ",91.5,90.2\n");
  // The metric defaults to the task's primary one, `top1`.
  const fs::path no_top1 = write_manifest(dir / "no_top1.toml", "provider = \"table\"\ntable = \"columns.csv\"\n");
  check_refused(no_top1, {(dir / "columns.csv").string() + " has no column `top1`",
                          "available columns: arch, valid_accuracy, test_acuracy."});
  const fs::path typo = write_manifest(
      dir / "typo.toml", "provider = \"table\"\ntable = \"columns.csv\"\nmetric = \"test_accuracy\"\n");
  check_refused(typo, {"has no column `test_accuracy` (did you mean `test_acuracy`?)"});

  // The same table and manifest with the right column pass.
  const fs::path good = write_manifest(
      dir / "good.toml", "provider = \"table\"\ntable = \"columns.csv\"\nmetric = \"valid_accuracy\"\n");
  const ProcessResult ok = naskernel_cli({"validate", good.string()});
  CHECK_MESSAGE(ok.exit_code == exit_code::success, ok.output);
  CHECK(contains(ok.output, "manifest OK"));

  // provider = "train" measures the primary metric only.
  const fs::path train_metric =
      write_manifest(dir / "train_metric.toml", "provider = \"train\"\nmetric = \"valid_accuracy\"\n");
  check_refused(train_metric, {"provider = \"train\" measures the task's primary metric `top1`"});
  fs::remove_all(dir);
}

TEST_CASE("validate checks an existing store read-only and creates none") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  const fs::path store = dir / "new" / "store.sqlite";
  const fs::path fresh = write_manifest(dir / "fresh.toml", "store = \"" + store.string() + "\"\n");
  const ProcessResult ok = naskernel_cli({"validate", fresh.string()});
  CHECK_MESSAGE(ok.exit_code == exit_code::success, ok.output);
  CHECK_FALSE(fs::exists(dir / "new"));  // neither the store nor its folder

  write_file(dir / "foreign.sqlite", std::string(4096, 'x'));
  const fs::path foreign =
      write_manifest(dir / "foreign.toml", "store = \"" + (dir / "foreign.sqlite").string() + "\"\n");
  check_refused(foreign, {"Ground-truth store " + (dir / "foreign.sqlite").string() +
                          " cannot be read as a SQLite database: file is not a database."});
  fs::remove_all(dir);
}

TEST_CASE("non-finite ground truth in CSV and JSON tables is refused with file:line") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  struct Case {
    std::string file, text, message;
  };
  const std::vector<Case> cases = {
      {"nan.csv", "arch,top1\n" + kOtherArch + ",10\n" + kArch + ",nan\n",
       ":3: column `top1` value `nan` is not finite; ground truth must be a finite number."},
      {"inf.csv", "arch,top1\n" + kArch + ",-inf\n",
       ":2: column `top1` value `-inf` is not finite; ground truth must be a finite number."},
      {"overflow.json", "{\n  \"" + kOtherArch + "\": {\"top1\": 10},\n  \"" + kArch + "\": {\"top1\": 1e999}\n}\n",
       ":3: number 1e999 is out of range"},
      {"nan.json", "{\n  \"" + kArch + "\": {\"top1\": NaN}\n}\n", ":2: invalid JSON"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file);
    write_file(dir / c.file, c.text);
    const fs::path manifest =
        write_manifest(dir / (c.file + ".toml"), "provider = \"table\"\ntable = \"" + c.file + "\"\n");
    check_refused(manifest, {"error: " + (dir / c.file).string() + c.message});

    // train refuses it too, and never prints nan.
    const ProcessResult train = naskernel_cli({"train", manifest.string(), "--arch", kArch});
    CHECK(train.exit_code == exit_code::user_error);
    CHECK_MESSAGE(contains(train.output, (dir / c.file).string() + c.message), train.output);
    CHECK_FALSE(contains(train.output, "\tnan"));
  }
  fs::remove_all(dir);
}

TEST_CASE("groundtruth import refuses a non-finite ground truth with file:line or record") {
  const fs::path dir = make_temp_dir("gt-cli");
  const std::string header =
      "space,arch_key,arch,fingerprint,seed,wall_seconds,naskernel_version,created_utc,metric.ground_truth,metric.loss\n";
  write_file(dir / "records.csv", header + "nb201,k1,a1,fp,0,10,0.1.0,2024-01-01T00:00:00Z,91.5,nan\n" +
                                      "nb201,k2,a2,fp,0,10,0.1.0,2024-01-01T00:00:00Z,inf,0.3\n");
  const fs::path store = dir / "store.sqlite";
  const ProcessResult csv = naskernel_cli({"groundtruth", "import", (dir / "records.csv").string(), "--store", store.string()});
  CHECK(csv.exit_code == exit_code::user_error);
  CHECK_MESSAGE(contains(csv.output, "error: " + (dir / "records.csv").string() +
                                         ":3: `metric.ground_truth` is inf; ground truth must be a finite number."),
                csv.output);

  write_file(dir / "records.json", R"([{"space": "nb201", "arch_key": "k", "arch": "a", "fingerprint": "f", "seed": 0,
    "metrics": {"ground_truth": null}, "wall_seconds": 1, "naskernel_version": "v", "created_utc": "t"}])");
  const ProcessResult json =
      naskernel_cli({"groundtruth", "import", (dir / "records.json").string(), "--store", store.string()});
  CHECK(json.exit_code == exit_code::user_error);
  CHECK_MESSAGE(contains(json.output, (dir / "records.json").string() +
                                          ": record 1: `metrics.ground_truth` is null; ground truth must be a finite number."),
                json.output);

  // Nothing was imported; a NaN in another metric is kept.
  const ProcessResult list = naskernel_cli({"groundtruth", "list", "--store", store.string()});
  CHECK(contains(list.output, "No ground-truth records"));
  write_file(dir / "good.csv", header + "nb201,k1,a1,fp,0,10,0.1.0,2024-01-01T00:00:00Z,91.5,nan\n");
  const ProcessResult good = naskernel_cli({"groundtruth", "import", (dir / "good.csv").string(), "--store", store.string()});
  CHECK_MESSAGE(good.exit_code == exit_code::success, good.output);
  fs::remove_all(dir);
}

TEST_CASE("a table lookup needs no data and prints the table's metric") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  write_file(dir / "nb201.csv", "arch,test_accuracy,params\n" + kArch + ",91.25,1.2\n" + kOtherArch + ",10.5,0\n");
  // CIFAR as binary files in a folder that does not exist: loading would fail.
  const fs::path manifest = write_manifest(
      dir / "table.toml", "provider = \"table\"\ntable = \"nb201.csv\"\nmetric = \"test_accuracy\"\n",
      "dataset = \"cifar-binary\"\nroot = \"" + (dir / "no-such-cifar").string() + "\"\n");
  const ProcessResult train = naskernel_cli({"train", manifest.string(), "--arch", kArch, "--arch", kOtherArch});
  REQUIRE_MESSAGE(train.exit_code == exit_code::success, train.output);
  CHECK(contains(train.output, "arch\ttest_accuracy\n" + kArch + "\t91.25\n" + kOtherArch + "\t10.5\n"));
  CHECK(contains(train.output, "0 trained, 2 from the table"));
  CHECK_FALSE(contains(train.output, "top1"));
  CHECK_FALSE(contains(train.output, "no-such-cifar"));

  const ProcessResult missing = naskernel_cli({"train", manifest.string(), "--arch",
                                               "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|"});
  CHECK(missing.exit_code == exit_code::user_error);
  CHECK_MESSAGE(contains(missing.output, "is missing from the ground-truth table " + (dir / "nb201.csv").string()),
                missing.output);
  fs::remove_all(dir);
}

TEST_CASE("a super-net whose forward throws ends the run with the plugin exit code") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("gt-cli");
  std::string table = "arch,top1\n";
  for (const char* arch : {"a", "b", "c", "d", "e", "f", "g", "h"}) table += std::string(arch) + ",50\n";
  write_file(dir / "table.csv", table);
  write_file(dir / "throws.toml",
             "[run]\nseed = 1\nthreads = 1\nplugin_paths = [\"" + (plugin_dir / "throwing_forward").string() + "\", \"" +
                 (plugin_dir / "good").string() +
                 "\"]\n"
                 "[task]\nplugin = \"classification\"\ndataset = \"synthetic\"\nclasses = 4\nchannels = 1\n"
                 "image_size = 8\ntrain_size = 64\ntest_size = 32\n"
                 "[search_space]\nplugin = \"throws_in_forward\"\n"
                 "[sampler]\nplugin = \"tiny_uniform\"\ncandidates = 4\n"
                 "[supernet]\nepochs = 1\nbatch_size = 16\n"
                 "[landmarks]\ncount = 2\niterations = 1\nmin_distance = 0\n"
                 "[evaluation]\narchs = 3\nbatch_size = 16\nbatches = 1\nproposals = 1\n"
                 "[ground_truth]\nprovider = \"table\"\ntable = \"table.csv\"\n");
  const ProcessResult validate = naskernel_cli({"validate", (dir / "throws.toml").string()});
  REQUIRE_MESSAGE(validate.exit_code == exit_code::success, validate.output);

  const ProcessResult run = naskernel_cli({"run", (dir / "throws.toml").string(), "--out", (dir / "runs").string()});
  CHECK(run.exited);
  CHECK_MESSAGE(run.exit_code == exit_code::plugin_error, run.output);
  CHECK(contains(run.output,
                 "error: plugin throws_in_forward failed in forward: shapes [16, 64] and [32, 4] cannot be multiplied"));
  fs::remove_all(dir);
}

TEST_CASE("a table row is found under the space's table key however the row spells the architecture") {
  REQUIRE_MESSAGE(fs::exists(first_party_plugin_dir() / "libnaskernel_search_space_darts.so"), "build the darts plugin");
  const fs::path dir = make_temp_dir("gt_cli");
  // The same DARTS genotype twice: node 2's two inputs in either order.
  const std::string as_asked =
      "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
      "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
      "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
      "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
  std::string in_table = as_asked;
  in_table.replace(in_table.find("('sep_conv_3x3', 0), ('skip_connect', 1)"), 40, "('skip_connect', 1), ('sep_conv_3x3', 0)");
  REQUIRE(in_table != as_asked);
  write_file(dir / "darts.csv", "arch,top1\n\"" + in_table + "\",97.25\n");
  write_file(dir / "darts.toml",
             "[task]\nplugin = \"classification\"\ndataset = \"cifar-binary\"\nroot = \"/nonexistent\"\n"
             "[search_space]\nplugin = \"darts\"\n"
             "[ground_truth]\nprovider = \"table\"\ntable = \"darts.csv\"\n");
  const ProcessResult result = naskernel_cli({"train", (dir / "darts.toml").string(), "--arch", as_asked});
  REQUIRE_MESSAGE(result.exit_code == exit_code::success, result.output);
  CHECK(contains(result.output, "\t97.25"));
  fs::remove_all(dir);
}
