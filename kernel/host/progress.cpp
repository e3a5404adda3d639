#include "kernel/host/progress.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace naskernel {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<int64_t>(std::llround(seconds));
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lldh%02lldm", static_cast<long long>(total / 3600),
                  static_cast<long long>(total % 3600 / 60));
  else if (total >= 60)
    std::snprintf(text, sizeof text, "%lldm%02llds", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  else
    std::snprintf(text, sizeof text, "%llds", static_cast<long long>(total));
  return text;
}

Progress::Progress(std::string label, int64_t total, std::chrono::milliseconds log_every)
    : label_(std::move(label)), total_(std::max<int64_t>(total, 0)), log_every_(log_every),
      tty_(::isatty(STDOUT_FILENO) == 1), start_(Clock::now()), last_print_(start_) {}

Progress::~Progress() {
  // A loop left by an exception must not leave the cursor mid-line.
  if (tty_ && !finished_ && last_width_ > 0) std::fputc('\n', stdout), std::fflush(stdout);
}

std::string Progress::line(int64_t done, const std::string& detail) const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  std::string text = label_ + " " + std::to_string(done) + "/" + std::to_string(total_);
  if (!detail.empty()) text += "  " + detail;
  char numbers[96];
  if (rate > 0) {
    const double eta = static_cast<double>(total_ - done) / rate;
    std::snprintf(numbers, sizeof numbers, "  %.1f/s  ETA %s", rate, format_duration(eta).c_str());
  } else {
    std::snprintf(numbers, sizeof numbers, "  elapsed %s", format_duration(elapsed).c_str());
  }
  return text + numbers;
}

void Progress::update(int64_t done, const std::string& detail) {
  done_ = done;
  detail_ = detail;
  const auto now = Clock::now();
  if (tty_) {
    // Redrawing more than ~10 times a second only costs time.
    if (now - last_print_ < std::chrono::milliseconds(100) && done < total_) return;
    last_print_ = now;
    std::string text = line(done, detail);
    const size_t width = text.size();
    if (width < last_width_) text.append(last_width_ - width, ' ');  // erase the longer previous line
    last_width_ = width;
    std::fprintf(stdout, "\r%s", text.c_str());
    std::fflush(stdout);
    return;
  }
  // A log keeps every line, and the caller logs its own line per loop (the
  // epoch's loss, the architecture's result): only a long loop's state, once
  // per log_every_, is worth adding.
  if (now - last_print_ >= log_every_ && done < total_) {
    last_print_ = now;
    spdlog::info("{}", line(done, detail));
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::string text = line(done_, detail_);
  if (tty_) {
    std::string padded = text;
    if (padded.size() < last_width_) padded.append(last_width_ - padded.size(), ' ');
    std::fprintf(stdout, "\r%s\n", padded.c_str());
    std::fflush(stdout);
  }
  // The final state, for the run's log file and -v; not a second line per
  // loop on the console next to the caller's own.
  spdlog::debug("{} (finished in {})", text, format_duration(elapsed));
}

}  // namespace naskernel
