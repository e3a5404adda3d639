// spdlog setup for the CLI: a console sink whose level follows -v/-q, and an
// optional log file in the run directory that always records debug lines.
#pragma once

#include <filesystem>

namespace naskernel {

enum class Verbosity { quiet, normal, verbose };  // -q: warn, default: info, -v: debug

// Installs the default logger writing to stderr.
void setup_logging(Verbosity verbosity);

// On ranks other than 0 of a multi-process run: console lines carry
// "[rank N]" and only warnings and errors reach it (the rank's log file has the rest).
void mark_logs_with_rank(int rank);

// Adds `file` (appended to, e.g. run_dir/log.txt) at debug level.
void add_log_file(const std::filesystem::path& file);

}  // namespace naskernel
