#include "report/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace naskernel {

AxisTicks nice_ticks(double low, double high, int target_count) {
  if (target_count < 1) throw std::invalid_argument("nice_ticks: target_count must be at least 1");
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0, high = 1;
  if (low > high) std::swap(low, high);
  if (high - low <= 1e-12 * std::max(1.0, std::fabs(low))) {
    const double half_width = low == 0 ? 1.0 : 0.1 * std::fabs(low);
    low -= half_width;
    high += half_width;
  }
  const double raw_step = (high - low) / target_count;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double normalized = raw_step / magnitude;
  double nice = 10;
  for (double candidate : {1.0, 2.0, 2.5, 5.0}) {
    if (normalized <= candidate + 1e-9) {
      nice = candidate;
      break;
    }
  }
  if (nice == 10) nice = 1, magnitude *= 10;
  AxisTicks ticks;
  ticks.step = nice * magnitude;
  // Small tolerance so that data lying exactly on a tick does not add one more.
  const double first = std::floor(low / ticks.step + 1e-9);
  const double last = std::ceil(high / ticks.step - 1e-9);
  for (double i = first; i <= last + 0.5; i += 1) {
    double value = i * ticks.step;
    if (std::fabs(value) < ticks.step * 1e-9) value = 0;  // no "-0.0" or 1e-17 from rounding
    ticks.values.push_back(value);
  }
  ticks.low = ticks.values.front();
  ticks.high = ticks.values.back();
  // 2.5 * 10^e needs one more digit than 1, 2 or 5 * 10^e.
  const int exponent = static_cast<int>(std::lround(std::log10(magnitude)));
  ticks.decimals = std::max(0, -exponent + (nice == 2.5 ? 1 : 0));
  return ticks;
}

std::string format_tick(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  std::string label = text;
  // "-0.0" for a value that rounds to zero reads as a bug.
  if (label.find_first_not_of("-0.") == std::string::npos && label[0] == '-') label.erase(0, 1);
  return label;
}

}  // namespace naskernel
