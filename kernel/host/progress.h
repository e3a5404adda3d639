// Progress of a long loop. On a terminal: one self-overwriting line with
// label, done/total, detail, rate and ETA. Otherwise (pipes, log files),
// where every line stays, the caller's own line per loop (an epoch's loss)
// says most: progress adds an info line only once per `log_every` (a
// minute) while a long loop runs. Either way finish() logs the final state
// once at debug level (the run's log.txt, -v).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace naskernel {

class Progress {
 public:
  Progress(std::string label, int64_t total, std::chrono::milliseconds log_every = std::chrono::minutes(1));
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `detail` is free text such as "loss 1.23".
  void update(int64_t done, const std::string& detail = "");
  // Ends the line (terminal) and logs the final state (debug); idempotent.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string line(int64_t done, const std::string& detail) const;

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::string detail_;
  std::chrono::milliseconds log_every_;
  bool tty_;
  bool finished_ = false;
  Clock::time_point start_;
  Clock::time_point last_print_;
  size_t last_width_ = 0;
};

// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds);

}  // namespace naskernel
