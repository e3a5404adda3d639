// The real `naskernel` binary, run as a subprocess: help, version, and the
// messages and exit codes for broken plugins and manifests. Every case also
// checks that the process exited normally (no crash, no abort).
#include "kernel/host/exit_codes.h"
#include "cli_support.h"

#include <naskernel/abi.h>
#include <naskernel/build_info.h>

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using naskernel::test::make_temp_dir;
using naskernel::test::ProcessResult;
using naskernel::test::contains;
using naskernel::test::naskernel_cli;
using naskernel::test::require_first_party_plugins;
using naskernel::test::write_file;
namespace exit_code = naskernel::exit_code;

namespace {

const fs::path& plugin_dir = naskernel::test::test_plugin_dir();


// A manifest with the first-party search space and task, and `sampler` as
// the sampler section's body, searching the test plugin folder `case_dir`.
fs::path write_manifest(const fs::path& dir, const std::string& case_dir, const std::string& sampler) {
  const fs::path file = dir / (case_dir + ".toml");
  write_file(file, "[run]\nplugin_paths = [\"" + (plugin_dir / case_dir).string() +
                       "\"]\n\n"
                       "[task]\nplugin = \"classification\"\ndataset = \"synthetic\"\n\n"
                       "[search_space]\nplugin = \"nb201\"\nchannels = 16\ncells = 5\n\n"
                       "[sampler]\n" +
                       sampler);
  return file;
}

}  // namespace

TEST_CASE("--version and --help describe the host and its exit codes") {
  const ProcessResult version = naskernel_cli({"--version"});
  CHECK(version.exit_code == exit_code::success);
  CHECK(contains(version.output, "SDK ABI " + std::to_string(NASKERNEL_SDK_ABI_VERSION)));
  CHECK(contains(version.output, "LibTorch " NASKERNEL_TORCH_VERSION));

  const ProcessResult help = naskernel_cli({"--help"});
  CHECK(help.exit_code == exit_code::success);
  for (const char* part : {"run", "validate", "plugins", "inspect", "Exit codes:", "130"})
    CHECK_MESSAGE(contains(help.output, part), part);
  for (const char* command : {"run", "validate", "plugins", "inspect"})
    CHECK_MESSAGE(naskernel_cli({command, "--help"}).exit_code == exit_code::success, command);
}

TEST_CASE("command-line mistakes exit with the usage code") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate"}, {"validate"}, {"run", "--resume", "somewhere", "--set", "a=1"}, {"-v", "-q", "plugins"}}) {
    const ProcessResult result = naskernel_cli(args);
    CHECK(result.exited);
    CHECK_MESSAGE(result.exit_code == exit_code::usage, result.output);
  }
}

TEST_CASE("plugins lists a good plugin and exits 0") {
  const ProcessResult result = naskernel_cli({"plugins", "--path", (plugin_dir / "good").string()});
  CHECK_MESSAGE(result.exit_code == exit_code::success, result.output);
  CHECK(contains(result.output, "tiny_uniform"));
  CHECK(contains(result.output, (plugin_dir / "good/libnaskernel_sampler_tiny_uniform.so").string()));
}

TEST_CASE("plugins explains incompatible files and exits with the plugin code") {
  const ProcessResult abi = naskernel_cli({"plugins", "--path", (plugin_dir / "wrong_abi").string()});
  CHECK(abi.exited);
  CHECK(abi.exit_code == exit_code::plugin_error);
  CHECK(contains(abi.output, "libnaskernel_sampler_old_sampler.so was built for naskernel SDK ABI 0, but this host "
                             "has ABI " +
                                 std::to_string(NASKERNEL_SDK_ABI_VERSION)));

  const ProcessResult no_entry = naskernel_cli({"plugins", "--path", (plugin_dir / "no_entry").string()});
  CHECK(no_entry.exited);
  CHECK(no_entry.exit_code == exit_code::plugin_error);
  CHECK(contains(no_entry.output, "has no `naskernel_plugin_entry` entry point"));

  const ProcessResult duplicate = naskernel_cli(
      {"plugins", "--path", (plugin_dir / "good").string(), "--path", (plugin_dir / "duplicate").string()});
  CHECK(duplicate.exited);
  CHECK(duplicate.exit_code == exit_code::user_error);
  CHECK(contains(duplicate.output, "error: two sampler plugins are named `tiny_uniform`: " +
                                       (plugin_dir / "good/libnaskernel_sampler_tiny_uniform.so").string() + " and " +
                                       (plugin_dir / "duplicate/libnaskernel_sampler_tiny_uniform_copy.so").string()));
}

TEST_CASE("validate reports each broken plugin in one clear sentence") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("cli");

  const ProcessResult good =
      naskernel_cli({"validate", write_manifest(dir, "good", "plugin = \"tiny_uniform\"\ncandidates = 8\n").string()});
  CHECK_MESSAGE(good.exit_code == exit_code::success, good.output);
  CHECK(contains(good.output, "manifest OK:"));
  CHECK(contains(good.output, "sampler tiny_uniform 0.1.0"));

  struct Case {
    std::string dir, sampler, message;
    int code;
  };
  const std::vector<Case> cases = {
      {"wrong_abi", "plugin = \"old_sampler\"\n",
       "error: no sampler plugin named `old_sampler`; plugin file " +
           (plugin_dir / "wrong_abi/libnaskernel_sampler_old_sampler.so").string() +
           " was built for naskernel SDK ABI 0, but this host has ABI " + std::to_string(NASKERNEL_SDK_ABI_VERSION),
       exit_code::plugin_error},
      {"no_entry", "plugin = \"no_entry\"\n", "has no `naskernel_plugin_entry` entry point", exit_code::plugin_error},
      {"throwing_constructor", "plugin = \"throws_on_create\"\n",
       "error: plugin throws_on_create failed in create: cannot open lookup table /nonexistent/table.bin",
       exit_code::plugin_error},
      {"good", "plugin = \"tiny_uniform\"\ncandidates = \"many\"\n",
       "error: plugin tiny_uniform failed in create: " + (dir / "good.toml").string() +
           ":15:14: key `sampler.candidates` must be an integer, got string",
       exit_code::plugin_error},
      {"good", "plugin = \"tiny_uniform\"\ncandidtes = 3\n",
       "unknown key `sampler.candidtes` (did you mean `candidates`?)", exit_code::plugin_error},
      {"good", "plugin = \"tiny_unifrom\"\n", "error: no sampler plugin named `tiny_unifrom` (did you mean `tiny_uniform`?)",
       exit_code::user_error},
  };
  for (const auto& c : cases) {
    const ProcessResult result = naskernel_cli({"validate", write_manifest(dir, c.dir, c.sampler).string()});
    INFO(c.dir, ": ", result.output);
    CHECK(result.exited);
    CHECK(result.exit_code == c.code);
    CHECK(contains(result.output, c.message));
  }
  fs::remove_all(dir);
}

TEST_CASE("validate rejects manifest mistakes before creating plugins") {
  const fs::path dir = make_temp_dir("cli");
  write_file(dir / "typo.toml", "[run]\nseed = 1\n[sampeler]\nplugin = \"spos\"\n");
  const ProcessResult typo = naskernel_cli({"validate", (dir / "typo.toml").string()});
  CHECK(typo.exit_code == exit_code::user_error);
  CHECK(contains(typo.output, "error: " + (dir / "typo.toml").string() +
                                  ":3:1: unknown top-level key `sampeler` (did you mean `sampler`?)"));

  const ProcessResult missing = naskernel_cli({"validate", (dir / "absent.toml").string()});
  CHECK(missing.exit_code == exit_code::user_error);
  CHECK(contains(missing.output, "absent.toml` does not exist"));

  write_file(dir / "syntax.toml", "[run\nseed = 1\n");
  const ProcessResult syntax = naskernel_cli({"validate", (dir / "syntax.toml").string()});
  CHECK(syntax.exit_code == exit_code::user_error);
  CHECK(contains(syntax.output, "error: " + (dir / "syntax.toml").string() + ":1:"));

  const ProcessResult set = naskernel_cli({"validate", (dir / "typo.toml").string(), "--set", "run.seed.x=1"});
  CHECK(set.exit_code == exit_code::user_error);
  CHECK(contains(set.output, "--set run.seed.x=1: `run.seed` is an integer, not a table"));
  fs::remove_all(dir);
}

TEST_CASE("inspect prints a TSV of architectures without loading data") {
  require_first_party_plugins();
  const fs::path dir = make_temp_dir("cli");
  const fs::path manifest = write_manifest(dir, "good", "plugin = \"tiny_uniform\"\n");
  const std::string arch =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
  write_file(dir / "archs.txt", "# two architectures\n" + arch + "\n\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
  const ProcessResult result = naskernel_cli({"inspect", manifest.string(), "--archs-file", (dir / "archs.txt").string()});
  REQUIRE_MESSAGE(result.exit_code == exit_code::success, result.output);
  CHECK(result.output.rfind("arch\tcanonical_key\ttable_key\tparams\tmflops\n" + arch + "\t", 0) == 0);
  size_t lines = 0;
  for (char c : result.output) lines += c == '\n';
  CHECK(lines == 3);

  const ProcessResult bad = naskernel_cli({"inspect", manifest.string(), "--arch", arch, "--arch", "|bogus~0|"});
  CHECK(bad.exited);
  CHECK(bad.exit_code == exit_code::user_error);
  CHECK(contains(bad.output, "error: --arch #2: "));

  const ProcessResult neither = naskernel_cli({"inspect", manifest.string()});
  CHECK(neither.exit_code == exit_code::usage);

  const ProcessResult count = naskernel_cli({"inspect", manifest.string(), "--count"});
  REQUIRE_MESSAGE(count.exit_code == exit_code::success, count.output);
  CHECK(contains(count.output, "nb201\t15625\n"));
  fs::remove_all(dir);
}
