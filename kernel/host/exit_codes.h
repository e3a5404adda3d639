// Process exit codes of `naskernel`, documented in `naskernel --help`.
#pragma once

namespace naskernel::exit_code {

constexpr int success = 0;
constexpr int user_error = 1;    // manifest, data or architecture string
constexpr int usage = 2;         // command line
constexpr int plugin_error = 3;  // a plugin refused to load or failed in a call
constexpr int run_failed = 4;    // e.g. non-finite loss, internal error
constexpr int interrupted = 130; // SIGINT/SIGTERM; a checkpoint was written

// The footer of `naskernel --help`.
inline const char* help_footer() {
  return "Exit codes:\n"
         "  0    success\n"
         "  1    user error (manifest, data, architecture string)\n"
         "  2    command-line usage error\n"
         "  3    plugin error (incompatible plugin, or a plugin failed in a call)\n"
         "  4    run failed (e.g. non-finite loss)\n"
         "  130  interrupted by SIGINT/SIGTERM (a checkpoint was written)";
}

}  // namespace naskernel::exit_code
