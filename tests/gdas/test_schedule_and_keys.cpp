// The temperature schedule, the best-first path order and the key checks:
// the parts of the gdas sampler that need no LibTorch.
#include "gdas_settings.h"
#include "probable_paths.h"
#include "tau_schedule.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

using naskernel::Config;
using naskernel::ConfigError;
using naskernel::gdas::ProbablePaths;
using naskernel::gdas::TauSchedule;

namespace {

Config section(const std::string& toml) { return Config::parse("__section__ = \"sampler\"\n" + toml); }

std::string settings_error(const std::string& toml) {
  try {
    const Config config = section(toml);
    naskernel::gdas::read_gdas_settings(config);
    config.finish();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("tau is tau_max at the first epoch, tau_min at the last, linear in between") {
  const TauSchedule tau{10.0, 0.1};
  CHECK(tau.at(0, 400) == 10.0);
  CHECK(tau.at(399, 400) == doctest::Approx(0.1).epsilon(1e-12));
  CHECK(tau.at(399, 400) >= 0.1);
  // Midway of 11 epochs: exactly halfway.
  CHECK(tau.at(5, 11) == doctest::Approx(5.05).epsilon(1e-12));
  CHECK(tau.at(1, 3) == doctest::Approx(5.05).epsilon(1e-12));
  // Past the reference's negative point (its formula crosses zero after epoch 35 of 240).
  CHECK(tau.at(200, 240) > 0.1);
  // Epochs past the end stay at tau_min.
  CHECK(tau.at(500, 400) == 0.1);
  CHECK(tau.at(-3, 400) == 10.0);
}

TEST_CASE("tau is monotone and within [tau_min, tau_max] for any number of epochs") {
  for (const TauSchedule tau : {TauSchedule{10.0, 0.1}, TauSchedule{1.0, 1.0}, TauSchedule{5.0, 0.5}})
    for (int total : {1, 2, 3, 7, 36, 250, 400}) {
      double previous = tau.tau_max;
      for (int epoch = 0; epoch < total + 3; ++epoch) {
        const double t = tau.at(epoch, total);
        CHECK(t <= previous);
        CHECK(t >= tau.tau_min);
        CHECK(t <= tau.tau_max);
        previous = t;
      }
      CHECK(tau.at(0, total) == tau.tau_max);
      if (total >= 2) CHECK(tau.at(total - 1, total) == doctest::Approx(tau.tau_min).epsilon(1e-12));
    }
  // One epoch: its only epoch is the first.
  CHECK(TauSchedule{10.0, 0.1}.at(0, 1) == 10.0);
  CHECK(TauSchedule{10.0, 0.1}.at(0, 2) == 10.0);
  CHECK(TauSchedule{10.0, 0.1}.at(1, 2) == 0.1);
}

TEST_CASE("paths come out by decreasing joint probability, each exactly once") {
  const std::vector<std::vector<double>> rows = {{0.2, 0.5, 0.3}, {0.6, 0.4}, {0.1, 0.1, 0.7, 0.1}, {1.0}};
  ProbablePaths paths(rows);
  std::set<std::vector<int>> seen;
  double previous = 1.0;
  while (auto path = paths.next()) {
    double p = 1;
    for (size_t g = 0; g < rows.size(); ++g) p *= rows[g][static_cast<size_t>((*path)[g])];
    CHECK(p <= previous * (1 + 1e-12));
    CHECK(std::exp(paths.last_log_probability()) == doctest::Approx(p));
    previous = p;
    CHECK(seen.insert(*path).second);
  }
  CHECK(seen.size() == 3 * 2 * 4 * 1);
  ProbablePaths again(rows);
  CHECK(*again.next() == std::vector<int>{1, 0, 2, 0});
  CHECK(*again.next() == std::vector<int>{1, 1, 2, 0});  // 0.14 beats {2, 0, 2, 0}'s 0.126
}

TEST_CASE("paths through zero-probability choices come last") {
  ProbablePaths paths({{0.0, 1.0}, {0.5, 0.5}});
  std::vector<std::vector<int>> order;
  while (auto path = paths.next()) order.push_back(*path);
  REQUIRE(order.size() == 4);
  CHECK(order[0] == std::vector<int>{1, 0});
  CHECK(order[1] == std::vector<int>{1, 1});
  CHECK(order[2][0] == 0);
  CHECK(order[3][0] == 0);
}

TEST_CASE("the defaults are GDAS's settings") {
  const auto s = naskernel::gdas::read_gdas_settings(section(""));
  CHECK(s.arch_lr == 3e-4);
  CHECK(s.arch_beta1 == 0.5);
  CHECK(s.arch_beta2 == 0.999);
  CHECK(s.arch_weight_decay == 1e-3);
  CHECK(s.tau.tau_max == 10.0);
  CHECK(s.tau.tau_min == 0.1);
  CHECK(s.arch_start_epoch == 0);
  CHECK(s.arch_every == 1);
}

TEST_CASE("bad values name their key") {
  CHECK(settings_error("tau_min = 0") == "key `sampler.tau_min` must be a positive number, got 0");
  CHECK(settings_error("tau_min = -0.5") == "key `sampler.tau_min` must be a positive number, got -0.5");
  CHECK(settings_error("tau_max = 1.0\ntau_min = 2.0") ==
        "key `sampler.tau_min` = 2 must not exceed `sampler.tau_max` = 1");
  CHECK(settings_error("arch_lr = 0.0") == "key `sampler.arch_lr` must be a positive number, got 0");
  CHECK(settings_error("arch_beta1 = 1.0") == "key `sampler.arch_beta1` must be in [0, 1), got 1");
  CHECK(settings_error("arch_beta2 = -0.1") == "key `sampler.arch_beta2` must be in [0, 1), got -0.1");
  CHECK(settings_error("arch_weight_decay = -1e-3") ==
        "key `sampler.arch_weight_decay` must be a non-negative number, got -0.001");
  CHECK(settings_error("arch_every = 0") == "key `sampler.arch_every` must be an integer in [1, 2147483647], got 0");
  CHECK(settings_error("arch_start_epoch = -1") ==
        "key `sampler.arch_start_epoch` must be an integer in [0, 2147483647], got -1");
  CHECK(settings_error("propose_max_candidates = 0").find("key `sampler.propose_max_candidates`") == 0);
  CHECK(settings_error("tau_max = \"hot\"") == "key `sampler.tau_max` must be a number, got string");
  CHECK(settings_error("arch_every = 1.5") == "key `sampler.arch_every` must be an integer, got float");
  CHECK(settings_error("tau_minn = 0.2") == "unknown key `sampler.tau_minn` (did you mean `tau_min`?)");
}

TEST_CASE("errors carry the manifest location the host sends") {
  const std::string toml = "tau_min = 0.0\n[__origin__]\ntau_min = \"configs/my-gdas.toml:12:1\"\n";
  CHECK(settings_error(toml) == "configs/my-gdas.toml:12:1: key `sampler.tau_min` must be a positive number, got 0");
}
