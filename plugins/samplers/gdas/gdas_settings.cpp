#include "gdas_settings.h"

#include <naskernel/errors.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace naskernel::gdas {

namespace {

std::string text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

ConfigError bad_value(const Config& config, const std::string& key, const std::string& requirement,
                      const std::string& got) {
  return ConfigError(config.location(key) + "key `" + config.path(key) + "` must be " + requirement + ", got " + got);
}

double read_positive(const Config& config, const std::string& key, double fallback) {
  const double value = config.get<double>(key, fallback);
  if (!(value > 0) || !std::isfinite(value)) throw bad_value(config, key, "a positive number", text(value));
  return value;
}

double read_non_negative(const Config& config, const std::string& key, double fallback) {
  const double value = config.get<double>(key, fallback);
  if (!(value >= 0) || !std::isfinite(value)) throw bad_value(config, key, "a non-negative number", text(value));
  return value;
}

double read_beta(const Config& config, const std::string& key, double fallback) {
  const double value = config.get<double>(key, fallback);
  if (!(value >= 0 && value < 1)) throw bad_value(config, key, "in [0, 1)", text(value));
  return value;
}

int64_t read_integer_at_least(const Config& config, const std::string& key, int64_t fallback, int64_t minimum,
                              int64_t maximum = std::numeric_limits<int32_t>::max()) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value < minimum || value > maximum)
    throw bad_value(config, key, "an integer in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]",
                    std::to_string(value));
  return value;
}

}  // namespace

GdasSettings read_gdas_settings(const Config& config) {
  GdasSettings s;
  s.arch_lr = read_positive(config, "arch_lr", s.arch_lr);
  s.arch_beta1 = read_beta(config, "arch_beta1", s.arch_beta1);
  s.arch_beta2 = read_beta(config, "arch_beta2", s.arch_beta2);
  s.arch_weight_decay = read_non_negative(config, "arch_weight_decay", s.arch_weight_decay);
  s.arch_eps = read_positive(config, "arch_eps", s.arch_eps);
  s.tau.tau_max = read_positive(config, "tau_max", s.tau.tau_max);
  s.tau.tau_min = read_positive(config, "tau_min", s.tau.tau_min);
  if (s.tau.tau_min > s.tau.tau_max)
    throw ConfigError(config.location("tau_min") + "key `" + config.path("tau_min") + "` = " + text(s.tau.tau_min) +
                      " must not exceed `" + config.path("tau_max") + "` = " + text(s.tau.tau_max));
  s.arch_start_epoch = static_cast<int>(read_integer_at_least(config, "arch_start_epoch", s.arch_start_epoch, 0));
  s.arch_every = static_cast<int>(read_integer_at_least(config, "arch_every", s.arch_every, 1));
  s.alpha_init_std = read_non_negative(config, "alpha_init_std", s.alpha_init_std);
  s.propose_max_candidates = read_integer_at_least(config, "propose_max_candidates", s.propose_max_candidates, 1,
                                                   std::numeric_limits<int64_t>::max());
  return s;
}

}  // namespace naskernel::gdas
