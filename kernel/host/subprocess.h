// Starting child processes with their output in a file, and reading how they
// ended: the one helper behind stand-alone workers and the tests that drive
// the `naskernel` binary. POSIX (posix_spawn, waitpid); no LibTorch.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace naskernel {

struct ChildExit {
  bool exited = false;  // false when a signal ended it
  int exit_code = -1;   // when exited
  int signal = 0;       // when not exited
  bool succeeded() const { return exited && exit_code == 0; }
};

// Starts argv[0] (a path, not searched in PATH) with stdout and stderr both
// written to `output` (truncated). `environment` entries replace inherited
// ones; an empty value blanks one. Throws std::runtime_error when the program
// cannot be started.
pid_t spawn_process(const std::vector<std::string>& argv, const std::filesystem::path& output,
                    const std::map<std::string, std::string>& environment = {});

// How a status from waitpid() ended the child.
ChildExit child_exit(int wait_status);

// Waits for `pid` (retrying interrupted waits).
ChildExit wait_for_exit(pid_t pid);

// The child's exit when it has already ended, else nothing (does not block).
std::optional<ChildExit> poll_exit(pid_t pid);

}  // namespace naskernel
