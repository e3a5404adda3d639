// Progress reporting (the non-terminal path, as under CTest).
#include "kernel/host/progress.h"

#include <doctest/doctest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <sstream>

TEST_CASE("durations are short and readable") {
  CHECK(naskernel::format_duration(0) == "0s");
  CHECK(naskernel::format_duration(59.4) == "59s");
  CHECK(naskernel::format_duration(185) == "3m05s");
  CHECK(naskernel::format_duration(3720) == "1h02m");
  CHECK(naskernel::format_duration(-1) == "?");
}

TEST_CASE("without a terminal, progress logs at most every 10 percent") {
  if (::isatty(STDOUT_FILENO)) {
    MESSAGE("stdout is a terminal: the log-line path is not exercised; run under ctest");
    return;
  }
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  sink->set_pattern("%v");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  spdlog::set_level(spdlog::level::info);
  {
    naskernel::Progress progress("epoch 1", 100);
    for (int done = 1; done <= 100; ++done) progress.update(done, "loss 1.23");
    progress.finish();
  }
  spdlog::set_default_logger(previous);
  const std::string text = captured.str();
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  // stdout is not a terminal under the test runner: 10 lines, one per 10 %.
  CHECK(lines == 10);
  CHECK(text.find("epoch 1 10/100  loss 1.23") != std::string::npos);
  CHECK(text.find("epoch 1 100/100  loss 1.23") != std::string::npos);
  CHECK(text.find("/s  ETA ") != std::string::npos);
}
