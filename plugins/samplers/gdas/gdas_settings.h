// The gdas sampler's manifest keys, read and checked in one place.
#pragma once

#include "tau_schedule.h"

#include <naskernel/config.h>

#include <cstdint>

namespace naskernel::gdas {

struct GdasSettings {
  // Adam on the architecture logits (GDAS's values).
  double arch_lr = 3e-4;
  double arch_beta1 = 0.5;
  double arch_beta2 = 0.999;
  double arch_weight_decay = 1e-3;
  double arch_eps = 1e-8;
  TauSchedule tau;
  // Architecture steps run from this 0-based epoch on, every arch_every
  // global steps.
  int arch_start_epoch = 0;
  int arch_every = 1;
  // Logits start as alpha_init_std * N(0, 1), as in the reference.
  double alpha_init_std = 1e-3;
  // Bound on the paths propose() examines beyond the derived one.
  int64_t propose_max_candidates = 100000;
};

// Reads every key of the sampler's section; throws ConfigError naming the
// key (file:line:col where known) for a value out of range.
GdasSettings read_gdas_settings(const Config& config);

}  // namespace naskernel::gdas
