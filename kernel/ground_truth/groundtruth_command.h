// `naskernel groundtruth list|export|import`: inspect and share the
// ground-truth store from the command line.
#pragma once

namespace CLI {
class App;
}

namespace naskernel {

// Adds the `groundtruth` subcommand to `app`. When a subcommand runs it
// prints to stdout; on error it prints "error: ..." to stderr and sets
// `exit_code` to 1 (0 on success). `exit_code` must outlive `app`.
void register_groundtruth_command(CLI::App& app, int& exit_code);

}  // namespace naskernel
