// Running the naskernel binary from tests.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace e2e {

struct Outcome {
  int exit_code = -1;    // -1 when killed by a signal
  int signal = 0;
  std::string output;    // stdout and stderr together
};

// Runs `naskernel args...` with extra environment entries ("K=V"), waits.
Outcome run_naskernel(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Starts naskernel, waits until some OUT_DIR/*/metrics.jsonl has at least
// `min_lines` lines, then sends SIGTERM and waits. `interrupted` is false
// when the run finished before the signal could be sent.
Outcome run_and_interrupt(const std::vector<std::string>& args, const std::vector<std::string>& env,
                          const std::filesystem::path& out_dir, int min_lines, bool& interrupted);

// A fresh, empty temporary directory, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, const std::string& text);
nlohmann::json read_json(const std::filesystem::path& file);
std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file);

// The single run directory below `out_dir`.
std::filesystem::path only_run_dir(const std::filesystem::path& out_dir);

// A tiny manifest: synthetic 8x8 task, NB201 with C=4, N=1, SPOS, and the
// landmark regularizer; `extra` is appended (later keys override via --set).
std::string tiny_manifest(const std::filesystem::path& store, const std::string& extra = "");

}  // namespace e2e
