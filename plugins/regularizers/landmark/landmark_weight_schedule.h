// The weight lambda_e of the landmark loss at epoch e (0-based) of a search
// of E epochs (DESIGN.md, "The method, precisely", item 3).
//
// Every shape is 0 during warm-up, e < E_w. After it:
//   cosine           lambda * (1 - cos(pi * (e - E_w) / (E - 1 - E_w))) / 2,
//                    from 0 at e = E_w up to exactly lambda at the last epoch
//                    e = E - 1 (the reference code never reaches lambda).
//   cosine_decrease  lambda * (1 + cos(pi * (e - E_w) / (E - 1 - E_w))) / 2,
//                    from lambda at e = E_w down to 0 at the last epoch.
//   constant         lambda, reached by a linear ramp over `ramp_epochs`:
//                    lambda * min(1, (e - E_w + 1) / (ramp_epochs + 1)), so
//                    the ramp's first epoch already trains with a little.
//   step             the E - E_w epochs after warm-up split into `steps`
//                    equal segments; the k-th (0-based) uses lambda*(k+1)/steps,
//                    so the last segment uses lambda.
// When only one epoch follows warm-up (E - 1 == E_w), both cosine shapes use
// lambda in it: `cosine` must end at lambda, `cosine_decrease` starts there.
// Epochs past E - 1 keep the last epoch's value.
//
// Manifest keys (all optional):
//   schedule        = "cosine"   one of cosine, constant, step, cosine_decrease
//   lambda          = 10         final (cosine), peak or constant weight, >= 0
//   warmup_epochs                E_w; when absent, floor(warmup_fraction * E)
//   warmup_fraction = 0.25       in [0, 1); the paper warms the super-net up
//                                before ranking it, and a fraction follows E
//   ramp_epochs     = 0          only with schedule = "constant"
//   steps           = 4          only with schedule = "step"
#pragma once

#include <naskernel/config.h>

#include <optional>
#include <string>
#include <vector>

namespace naskernel::landmark {

enum class ScheduleShape { cosine, constant, step, cosine_decrease };

struct LandmarkWeightSchedule {
  ScheduleShape shape = ScheduleShape::cosine;
  double lambda = 10;
  std::optional<int> warmup_epochs;  // absent: floor(warmup_fraction * E)
  double warmup_fraction = 0.25;
  int ramp_epochs = 0;
  int steps = 4;
  // Where warm-up was configured, for the error when it covers the whole search.
  std::string warmup_origin = "key `warmup_epochs`";

  // Reads the keys above; throws ConfigError naming the key on bad values.
  static LandmarkWeightSchedule from_config(const Config& config);

  // E_w for a search of total_epochs; throws ConfigError when warm-up would
  // leave no epoch for the landmark loss.
  int warmup(int total_epochs) const;

  double weight(int epoch, int total_epochs) const;
};

// The names accepted by `schedule`, in the order of ScheduleShape.
const std::vector<std::string>& schedule_names();

}  // namespace naskernel::landmark
