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

Progress::Progress(std::string label, int64_t total)
    : label_(std::move(label)), total_(std::max<int64_t>(total, 0)), tty_(::isatty(STDOUT_FILENO) == 1),
      start_(Clock::now()), last_print_(start_) {}

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
  const int64_t step = std::max<int64_t>(1, total_ / 10);
  if (done - last_logged_done_ >= step || now - last_print_ >= std::chrono::seconds(30)) {
    last_print_ = now;
    last_logged_done_ = done;
    spdlog::info("{}", line(done, detail));
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (tty_) {
    std::string text = line(done_, detail_);
    if (text.size() < last_width_) text.append(last_width_ - text.size(), ' ');
    std::fprintf(stdout, "\r%s\n", text.c_str());
    std::fflush(stdout);
  } else if (done_ != last_logged_done_ || done_ == 0) {
    spdlog::info("{}", line(done_, detail_));
  }
  spdlog::debug("{} finished {}/{} in {}", label_, done_, total_, format_duration(elapsed));
}

}  // namespace naskernel
