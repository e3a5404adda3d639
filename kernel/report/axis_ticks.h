// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, chosen so
// that about `target_count` intervals cover [low, high].
#pragma once

#include <string>
#include <vector>

namespace naskernel {

struct AxisTicks {
  double low, high;           // the axis range: first and last tick, covering the data
  double step;                // distance between ticks
  std::vector<double> values; // low, low + step, ..., high
  int decimals;               // digits after the point that label every tick exactly
};

// Ticks for data spanning [low, high] (either order). A degenerate range
// (low == high) is widened around the value (by 10 % of its magnitude, or
// by 1 for zero), so a single point or a constant series still gets a
// proper axis. Non-finite bounds yield the range [0, 1]. target_count >= 1.
AxisTicks nice_ticks(double low, double high, int target_count = 5);

// The tick label, e.g. format_tick(0.25, 2) == "0.25", format_tick(-0.0, 1) == "0.0".
std::string format_tick(double value, int decimals);

}  // namespace naskernel
