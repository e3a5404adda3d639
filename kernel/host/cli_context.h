// State shared by the CLI's subcommands: the global -v/-q flags and the
// process exit code a command sets.
#pragma once

#include "kernel/host/logging.h"

#include <naskernel/errors.h>

namespace CLI {
class App;
}

namespace naskernel {

// A command-line mistake found after CLI11 parsing (exit code 2).
class UsageError : public UserError {
 public:
  using UserError::UserError;
};

struct CliContext {
  bool verbose = false;
  bool quiet = false;
  int exit_code = 0;

  Verbosity verbosity() const {
    return verbose ? Verbosity::verbose : quiet ? Verbosity::quiet : Verbosity::normal;
  }
};

void register_run_command(CLI::App& app, CliContext& context);
void register_validate_command(CLI::App& app, CliContext& context);
void register_plugins_command(CLI::App& app, CliContext& context);
void register_inspect_command(CLI::App& app, CliContext& context);
// `train` and the hidden `standalone-worker` (command_train.cpp).
void register_train_command(CLI::App& app, CliContext& context);

}  // namespace naskernel
