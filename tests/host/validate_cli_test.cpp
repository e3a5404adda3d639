// `naskernel validate` refuses, without reading any data, what a run would
// refuse later: data that is not where the task's keys say, and landmark
// settings the space cannot satisfy.
#include "cli_support.h"
#include "kernel/host/exit_codes.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using naskernel::test::contains;
using naskernel::test::make_temp_dir;
using naskernel::test::naskernel_cli;
using naskernel::test::ProcessResult;
using naskernel::test::require_first_party_plugins;
using naskernel::test::test_plugin_dir;
using naskernel::test::write_file;

namespace {

// nb201 (6 genes) with the test sampler, a classification task whose keys
// are `task`, and `extra` sections.
fs::path write_manifest(const fs::path& file, const std::string& task, const std::string& extra = "") {
  write_file(file, "[run]\nplugin_paths = [\"" + (test_plugin_dir() / "good").string() +
                       "\"]\n"
                       "[search_space]\nplugin = \"nb201\"\nchannels = 4\ncells = 1\n"
                       "[sampler]\nplugin = \"tiny_uniform\"\n"
                       "[task]\nplugin = \"classification\"\n" +
                       task + extra);
  return file;
}

void check_refused(const fs::path& manifest, const std::vector<std::string>& parts) {
  const ProcessResult result = naskernel_cli({"validate", manifest.string()});
  INFO(result.output);
  CHECK(result.exited);
  CHECK(result.exit_code == naskernel::exit_code::user_error);
  for (const auto& part : parts) CHECK_MESSAGE(contains(result.output, part), part);
  CHECK_FALSE(contains(result.output, "manifest OK"));
}

void check_accepted(const fs::path& manifest) {
  const ProcessResult result = naskernel_cli({"validate", manifest.string()});
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK(contains(result.output, "manifest OK"));
}

}  // namespace

TEST_CASE("validate refuses a data root without the data set's files, naming the key and the file") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("validate-data");
  const fs::path missing = dir / "no-such-folder";

  SUBCASE("IDX") {
    const fs::path manifest = write_manifest(dir / "idx.toml", "dataset = \"idx\"\nroot = \"" + missing.string() + "\"\n");
    check_refused(manifest, {manifest.string() + ":", "key `task.root`", "IDX file not found",
                             (missing / "train-images-idx3-ubyte").string()});
  }
  SUBCASE("IDX with one file of four missing") {
    for (const char* file : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"})
      write_file(dir / "partial" / file, "");  // present; validate does not read them
    const fs::path manifest =
        write_manifest(dir / "partial.toml", "dataset = \"idx\"\nroot = \"" + (dir / "partial").string() + "\"\n");
    check_refused(manifest, {"t10k-labels-idx1-ubyte"});
  }
  SUBCASE("CIFAR-10 binary, unpacked one folder deeper than `root`") {
    for (int i = 1; i <= 5; ++i) write_file(dir / "cifar/cifar-10-batches-bin" / ("data_batch_" + std::to_string(i) + ".bin"), "");
    write_file(dir / "cifar/cifar-10-batches-bin/test_batch.bin", "");
    const fs::path manifest =
        write_manifest(dir / "cifar.toml", "dataset = \"cifar-binary\"\nroot = \"" + (dir / "cifar").string() + "\"\n");
    check_refused(manifest, {"key `task.root`", "set `root` to that folder"});
    // The right root is accepted (the empty files are not read by validate).
    check_accepted(write_manifest(dir / "cifar-right.toml", "dataset = \"cifar-binary\"\nroot = \"" +
                                                                (dir / "cifar/cifar-10-batches-bin").string() + "\"\n"));
  }
  SUBCASE("image folders") {
    const fs::path manifest = write_manifest(
        dir / "folders.toml",
        "dataset = \"image-folder\"\nroot = \"" + missing.string() + "\"\nclasses = 2\nimage_size = [8, 8]\n");
    check_refused(manifest, {"key `task.root`", (missing / "train").string()});
  }
  fs::remove_all(dir);
}

TEST_CASE("validate refuses landmark settings the space cannot satisfy") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("validate-landmarks");
  const std::string task = "dataset = \"synthetic\"\ntrain_size = 64\ntest_size = 32\n";
  SUBCASE("a min_distance at the space's gene count") {
    check_refused(write_manifest(dir / "distance.toml", task, "[landmarks]\nmin_distance = 6\n"),
                  {(dir / "distance.toml").string() + ":", "landmarks.min_distance = 6 cannot be exceeded in a space with 6 genes"});
    check_accepted(write_manifest(dir / "distance-ok.toml", task, "[landmarks]\nmin_distance = 5\n"));
  }
  SUBCASE("a listed landmark that does not parse") {
    check_refused(write_manifest(dir / "list.toml", task,
                                 "[landmarks]\nselection = \"list\"\ncount = 1\narchs = [\"|nor_conv_3x3~0|+|oops|\"]\n"),
                  {"|nor_conv_3x3~0|+|oops|"});
  }
  fs::remove_all(dir);
}

TEST_CASE("validate refuses a super-net precision or memory layout it does not know, naming file, key and the choices") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("validate-precision");
  const std::string task = "dataset = \"synthetic\"\ntrain_size = 64\ntest_size = 32\n";
  check_refused(write_manifest(dir / "fp16.toml", task, "[supernet]\nprecision = \"fp16\"\n"),
                {(dir / "fp16.toml").string() + ":", "supernet.precision", "must be one of fp32, bf16, got `fp16`"});
  check_accepted(write_manifest(dir / "bf16.toml", task, "[supernet]\nprecision = \"bf16\"\n"));
  check_refused(write_manifest(dir / "nhwc.toml", task, "[supernet]\nmemory_layout = \"nhwc\"\n"),
                {(dir / "nhwc.toml").string() + ":", "supernet.memory_layout",
                 "must be one of auto, contiguous, channels_last, got `nhwc`"});
  check_accepted(write_manifest(dir / "nchw.toml", task, "[supernet]\nmemory_layout = \"contiguous\"\n"));
  fs::remove_all(dir);
}
