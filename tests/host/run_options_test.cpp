// The [run] section: defaults, checks and plugin paths.
#include "kernel/host/manifest.h"
#include "kernel/host/run_options.h"
#include "subprocess.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <torch/cuda.h>


namespace fs = std::filesystem;
using naskernel::Manifest;
using naskernel::read_run_options;
using naskernel::test::make_temp_dir;
using naskernel::test::write_file;

namespace {

std::string error_of(const Manifest& manifest) {
  try {
    read_run_options(manifest);
  } catch (const naskernel::UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("[run] defaults come from the manifest file and the machine") {
  const fs::path dir = make_temp_dir("run_options");
  write_file(dir / "my_search.toml", "[sampler]\nplugin = \"spos\"\n");
  const auto options = read_run_options(Manifest::load(dir / "my_search.toml"));
  CHECK(options.name == "my_search");
  CHECK(options.seed == 0);
  CHECK(options.device == "cpu");
  CHECK(options.threads == 1);  // whatever the core count: see run_options.cpp
  CHECK(options.out_dir == "runs");
  CHECK(options.plugin_paths.empty());
  fs::remove_all(dir);
}

TEST_CASE("[run] values are read and checked") {
  const fs::path dir = make_temp_dir("run_options");
  write_file(dir / "conf/base.toml", "[run]\nplugin_paths = [\"plugins\", \"/abs/p\"]\n");
  write_file(dir / "conf/x.toml",
             "include = [\"base.toml\"]\n[run]\nname = \"exp\"\nseed = 7\nthreads = 2\nout_dir = \"out\"\n");
  const auto options = read_run_options(Manifest::load(dir / "conf/x.toml"));
  CHECK(options.name == "exp");
  CHECK(options.seed == 7);
  CHECK(options.threads == 2);
  CHECK(options.out_dir == "out");
  REQUIRE(options.plugin_paths.size() == 2);
  CHECK(options.plugin_paths[0] == dir / "conf/plugins");  // relative to the file that names it
  CHECK(options.plugin_paths[1] == "/abs/p");

  write_file(dir / "bad.toml", "[run]\nsed = 3\n");
  CHECK(error_of(Manifest::load(dir / "bad.toml")) ==
        (dir / "bad.toml").string() + ":2:7: unknown key `run.sed` (did you mean `seed`?)");
  write_file(dir / "dev.toml", "[run]\ndevice = \"gpu\"\n");
  CHECK(error_of(Manifest::load(dir / "dev.toml")) ==
        (dir / "dev.toml").string() + ":2:10: key `run.device` must be \"cpu\", \"cuda\" or \"cuda:N\", got \"gpu\"");
  write_file(dir / "threads.toml", "[run]\nthreads = 0\n");
  CHECK(error_of(Manifest::load(dir / "threads.toml")).find("between 1 and 4096, got 0") != std::string::npos);
  write_file(dir / "seed.toml", "[run]\nseed = \"7\"\n");
  CHECK(error_of(Manifest::load(dir / "seed.toml")) ==
        (dir / "seed.toml").string() + ":2:8: key `run.seed` must be an integer, got string");
  fs::remove_all(dir);
}

TEST_CASE("a CUDA device is accepted only where one is usable") {
  const fs::path dir = make_temp_dir("run_options");
  write_file(dir / "x.toml", "[run]\ndevice = \"cuda:0\"\n");
  const std::string message = error_of(Manifest::load(dir / "x.toml"));
  if (torch::cuda::is_available()) {
    CHECK(message.empty());
  } else {
    CHECK(message.find("key `run.device` asks for cuda:0, but no CUDA device is usable here") != std::string::npos);
  }
  write_file(dir / "far.toml", "[run]\ndevice = \"cuda:4096\"\n");
  CHECK_FALSE(error_of(Manifest::load(dir / "far.toml")).empty());  // no machine has that many
  fs::remove_all(dir);
}
