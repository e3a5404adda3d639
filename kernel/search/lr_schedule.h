// Learning-rate schedules shared by super-net and stand-alone training.
#pragma once

#include <cmath>
#include <cstdint>

namespace naskernel {

// Cosine annealing from lr_max to lr_min over total_steps (SGDR without
// restarts), evaluated per step so the decay is smooth within epochs.
inline double cosine_lr(double lr_max, double lr_min, int64_t step, int64_t total_steps) {
  if (total_steps <= 1) return lr_max;
  const double t = static_cast<double>(step) / static_cast<double>(total_steps - 1);
  return lr_min + (lr_max - lr_min) * (1.0 + std::cos(M_PI * std::min(1.0, t))) / 2.0;
}

}  // namespace naskernel
