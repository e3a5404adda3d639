#include "kernel/host/logging.h"

#include <naskernel/errors.h>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace naskernel {

void setup_logging(Verbosity verbosity) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_pattern("%^[%l]%$ %v");
  console->set_level(verbosity == Verbosity::verbose ? spdlog::level::debug
                     : verbosity == Verbosity::quiet ? spdlog::level::warn
                                                     : spdlog::level::info);
  auto logger = std::make_shared<spdlog::logger>("naskernel", console);
  logger->set_level(console->level());
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void mark_logs_with_rank(int rank) {
  if (rank == 0) return;
  for (auto& sink : spdlog::default_logger()->sinks()) {
    sink->set_pattern("[rank " + std::to_string(rank) + "] %^[%l]%$ %v");
    sink->set_level(std::max(sink->level(), spdlog::level::warn));
  }
}

void add_log_file(const std::filesystem::path& file) {
  std::shared_ptr<spdlog::sinks::basic_file_sink_mt> sink;
  try {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), /*truncate=*/false);
  } catch (const spdlog::spdlog_ex& e) {
    throw UserError("cannot open log file `" + file.string() + "`: " + e.what());
  }
  sink->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  sink->set_level(spdlog::level::debug);
  auto logger = spdlog::default_logger();
  logger->sinks().push_back(sink);
  logger->set_level(spdlog::level::debug);  // each sink filters for itself
  logger->flush_on(spdlog::level::info);
}

}  // namespace naskernel
