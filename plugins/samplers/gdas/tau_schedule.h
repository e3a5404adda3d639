// GDAS's Gumbel-softmax temperature: linear from tau_max at the first epoch
// to tau_min at the last, and never outside [tau_min, tau_max].
#pragma once

namespace naskernel::gdas {

struct TauSchedule {
  double tau_max = 10.0;
  double tau_min = 0.1;

  // The temperature for 0-based `epoch` of a search of `total_epochs` epochs:
  //   tau_max - (tau_max - tau_min) * epoch / (total_epochs - 1),
  // clamped to [tau_min, tau_max]. A one-epoch search stays at tau_max (its
  // first epoch); epochs past the end stay at tau_min.
  double at(int epoch, int total_epochs) const;
};

}  // namespace naskernel::gdas
