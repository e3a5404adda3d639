// Progress of a long loop. On a terminal: one self-overwriting line with
// label, done/total, detail, rate and ETA. Otherwise (pipes, log files): an
// info log line at most every 10 % of the total or every 30 s.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace naskernel {

class Progress {
 public:
  Progress(std::string label, int64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `detail` is free text such as "loss 1.23".
  void update(int64_t done, const std::string& detail = "");
  // Ends the line (terminal) or logs the final state; idempotent.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string line(int64_t done, const std::string& detail) const;

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::string detail_;
  bool tty_;
  bool finished_ = false;
  Clock::time_point start_;
  Clock::time_point last_print_;
  int64_t last_logged_done_ = 0;
  size_t last_width_ = 0;
};

// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds);

}  // namespace naskernel
