// Runs a program as a child process and captures its output, for tests that
// check the `naskernel` binary's messages and exit codes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace naskernel::test {

struct ProcessResult {
  bool exited = false;  // false when a signal ended it (a crash)
  int exit_code = -1;
  int signal = 0;
  std::string output;  // stdout and stderr, interleaved
};

// `env` entries replace (or, with an empty value, blank) the inherited ones.
ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// A fresh, empty folder under the system's temporary folder.
std::filesystem::path make_temp_dir(const std::string& label);

// Writes `text` to `file`, creating parent folders.
void write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace naskernel::test
