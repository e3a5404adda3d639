// Progress reporting (the non-terminal path, as under CTest).
#include "kernel/host/progress.h"

#include <doctest/doctest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

TEST_CASE("durations are short and readable") {
  CHECK(naskernel::format_duration(0) == "0s");
  CHECK(naskernel::format_duration(59.4) == "59s");
  CHECK(naskernel::format_duration(185) == "3m05s");
  CHECK(naskernel::format_duration(3720) == "1h02m");
  CHECK(naskernel::format_duration(-1) == "?");
}

namespace {

// Runs `body` with the default logger writing "%l %v" lines into a string.
template <class Body>
std::string captured_log(spdlog::level::level_enum level, Body&& body) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  sink->set_pattern("%l %v");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  spdlog::set_level(level);
  body();
  spdlog::set_default_logger(previous);
  return captured.str();
}

size_t count_lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("without a terminal, a short loop writes one line, at debug level") {
  if (::isatty(STDOUT_FILENO)) {
    MESSAGE("stdout is a terminal: the log-line path is not exercised; run under ctest");
    return;
  }
  auto loop = [] {
    naskernel::Progress progress("epoch 1", 100);
    for (int done = 1; done <= 100; ++done) progress.update(done, "loss 1.23");
    progress.finish();
    progress.finish();  // idempotent
  };
  // The caller logs its own line per epoch; the console gets nothing more.
  CHECK(captured_log(spdlog::level::info, loop).empty());
  const std::string text = captured_log(spdlog::level::debug, loop);
  CHECK(count_lines(text) == 1);
  CHECK(text.rfind("debug epoch 1 100/100  loss 1.23", 0) == 0);
  CHECK(text.find("/s  ETA ") != std::string::npos);
  CHECK(text.find("(finished in 0s)") != std::string::npos);
}

TEST_CASE("without a terminal, a long loop adds one info line per interval") {
  if (::isatty(STDOUT_FILENO)) {
    MESSAGE("stdout is a terminal: the log-line path is not exercised; run under ctest");
    return;
  }
  // A 50 ms interval stands for the minute: 40 updates 5 ms apart span ~4 intervals.
  const auto start = std::chrono::steady_clock::now();
  const std::string text = captured_log(spdlog::level::info, [] {
    naskernel::Progress progress("epoch 1", 40, std::chrono::milliseconds(50));
    for (int done = 1; done <= 40; ++done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      progress.update(done, "loss 1.23");
    }
    progress.finish();
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const size_t lines = count_lines(text);
  CHECK(lines >= 1);
  CHECK(lines <= static_cast<size_t>(seconds / 0.05));  // never more than one per interval
  CHECK(text.rfind("info epoch 1 ", 0) == 0);
  CHECK(text.find("/40  loss 1.23") != std::string::npos);
  CHECK(text.find("40/40") == std::string::npos);  // the final state is not an info line
}
