#include "tau_schedule.h"

#include <algorithm>

namespace naskernel::gdas {

double TauSchedule::at(int epoch, int total_epochs) const {
  if (total_epochs <= 1 || epoch <= 0) return tau_max;
  const double progress = std::min(1.0, static_cast<double>(epoch) / static_cast<double>(total_epochs - 1));
  const double tau = tau_max - (tau_max - tau_min) * progress;
  // The clamp guards the end point against rounding: never below tau_min.
  return std::clamp(tau, tau_min, tau_max);
}

}  // namespace naskernel::gdas
