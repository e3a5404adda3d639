#include "landmark_weight_schedule.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace naskernel::landmark {

const std::vector<std::string>& schedule_names() {
  static const std::vector<std::string> names = {"cosine", "constant", "step", "cosine_decrease"};
  return names;
}

namespace {

ConfigError bad_value(const Config& config, const std::string& key, const std::string& rule,
                      const std::string& got) {
  return ConfigError(config.location(key) + "key `" + config.path(key) + "` must be " + rule + ", got " + got);
}

ScheduleShape parse_shape(const Config& config) {
  const std::string name = config.get<std::string>("schedule", "cosine");
  const auto& names = schedule_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<ScheduleShape>(it - names.begin());
  std::string choices;
  for (const auto& candidate : names) choices += (choices.empty() ? "" : ", ") + candidate;
  throw ConfigError(config.location("schedule") + "key `" + config.path("schedule") + "` must be one of " +
                    choices + ", got \"" + name + "\"" + did_you_mean(name, names));
}

// A key that only one schedule reads is an error with any other, rather
// than silently ignored.
void reject_unless(const Config& config, const std::string& key, bool applies, const std::string& schedule) {
  if (config.has(key) && !applies)
    throw ConfigError(config.location(key) + "key `" + config.path(key) + "` only applies when `" +
                      config.path("schedule") + "` is \"" + schedule + "\"");
}

int read_count(const Config& config, const std::string& key, int fallback, int minimum) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value < minimum || value > 1000000000)
    throw bad_value(config, key, "at least " + std::to_string(minimum), std::to_string(value));
  return static_cast<int>(value);
}

}  // namespace

LandmarkWeightSchedule LandmarkWeightSchedule::from_config(const Config& config) {
  LandmarkWeightSchedule schedule;
  schedule.shape = parse_shape(config);

  schedule.lambda = config.get<double>("lambda", 10.0);
  if (!(schedule.lambda >= 0) || !std::isfinite(schedule.lambda))
    throw bad_value(config, "lambda", "a finite number >= 0", std::to_string(schedule.lambda));

  if (config.has("warmup_epochs") && config.has("warmup_fraction"))
    throw ConfigError(config.location("warmup_fraction") + "keys `" + config.path("warmup_epochs") + "` and `" +
                      config.path("warmup_fraction") + "` cannot both be set");
  if (config.has("warmup_epochs")) {
    schedule.warmup_epochs = read_count(config, "warmup_epochs", 0, 0);
    schedule.warmup_origin = config.location("warmup_epochs") + "key `" + config.path("warmup_epochs") + "`";
  } else {
    schedule.warmup_fraction = config.get<double>("warmup_fraction", 0.25);
    if (!(schedule.warmup_fraction >= 0 && schedule.warmup_fraction < 1))
      throw bad_value(config, "warmup_fraction", "in [0, 1)", std::to_string(schedule.warmup_fraction));
    schedule.warmup_origin = config.location("warmup_fraction") + "key `" + config.path("warmup_fraction") + "`";
  }

  reject_unless(config, "ramp_epochs", schedule.shape == ScheduleShape::constant, "constant");
  schedule.ramp_epochs = read_count(config, "ramp_epochs", 0, 0);
  reject_unless(config, "steps", schedule.shape == ScheduleShape::step, "step");
  schedule.steps = read_count(config, "steps", 4, 1);
  return schedule;
}

int LandmarkWeightSchedule::warmup(int total_epochs) const {
  if (total_epochs < 1) throw std::invalid_argument("a search needs at least one epoch");
  // floor() keeps E_w <= E - 1 for any fraction below 1.
  const int epochs = warmup_epochs ? *warmup_epochs : static_cast<int>(std::floor(warmup_fraction * total_epochs));
  if (epochs >= total_epochs)
    throw ConfigError(warmup_origin + " sets " + std::to_string(epochs) +
                      " warm-up epochs, which leaves no epoch for the landmark loss in a search of " +
                      std::to_string(total_epochs) + " epochs");
  return epochs;
}

double LandmarkWeightSchedule::weight(int epoch, int total_epochs) const {
  const int start = warmup(total_epochs);
  if (epoch < start) return 0.0;
  const int last = total_epochs - 1;
  const int e = std::min(epoch, last);
  const double pi = std::acos(-1.0);
  // Progress through the epochs after warm-up, 0 at E_w and 1 at E - 1.
  const double progress = last == start ? 1.0 : static_cast<double>(e - start) / (last - start);

  switch (shape) {
    case ScheduleShape::cosine:
      return lambda * (1.0 - std::cos(pi * progress)) / 2.0;
    case ScheduleShape::cosine_decrease:
      if (last == start) return lambda;
      return lambda * (1.0 + std::cos(pi * progress)) / 2.0;
    case ScheduleShape::constant:
      return lambda * std::min(1.0, static_cast<double>(e - start + 1) / (ramp_epochs + 1));
    case ScheduleShape::step: {
      const int64_t after_warmup = total_epochs - start;
      const int64_t segment = static_cast<int64_t>(e - start) * steps / after_warmup;  // 0 .. steps-1
      return lambda * static_cast<double>(segment + 1) / steps;
    }
  }
  return 0.0;
}

}  // namespace naskernel::landmark
