// Run directories and cancellation.
#include "kernel/host/cancellation.h"
#include "kernel/host/run_directory.h"
#include "subprocess.h"

#include <doctest/doctest.h>

#include <csignal>
#include <regex>

namespace fs = std::filesystem;

TEST_CASE("run directories are named <name>-<UTC stamp> and never reused") {
  const fs::path out = naskernel::test::make_temp_dir("runs") / "nested" / "out";
  const fs::path first = naskernel::create_run_directory(out, "nb201_spos");
  CHECK(fs::is_directory(first / "checkpoints"));
  CHECK(first.parent_path() == out);
  CHECK(std::regex_match(first.filename().string(), std::regex(R"(nb201_spos-\d{8}-\d{6})")));

  // Same name within the same second: suffixes. Create a few quickly.
  std::vector<fs::path> dirs{first};
  for (int i = 0; i < 3; ++i) dirs.push_back(naskernel::create_run_directory(out, "nb201_spos"));
  std::sort(dirs.begin(), dirs.end());
  CHECK(std::unique(dirs.begin(), dirs.end()) == dirs.end());
  for (const auto& dir : dirs) CHECK(fs::is_directory(dir / "checkpoints"));
  fs::remove_all(out.parent_path().parent_path());
}

TEST_CASE("SIGINT and SIGTERM request cancellation instead of killing the process") {
  naskernel::install_cancellation_handlers();
  naskernel::reset_cancellation();
  CHECK_FALSE(naskernel::cancellation_requested());
  std::raise(SIGTERM);
  CHECK(naskernel::cancellation_requested());
  naskernel::reset_cancellation();
  std::raise(SIGINT);
  CHECK(naskernel::cancellation_requested());
  naskernel::reset_cancellation();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}
