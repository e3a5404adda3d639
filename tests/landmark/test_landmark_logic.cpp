// Pair sampling, the weight schedules and configuration errors of the
// landmark regularizer, and the `none` regularizer it is swapped with.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "landmark_pair_sampler.h"
#include "landmark_regularizer.h"
#include "landmark_weight_schedule.h"
#include "none_regularizer.h"

#include <doctest/doctest.h>

#include <map>

using namespace naskernel;
using namespace naskernel::landmark;

namespace {

Config section(const std::string& toml) { return Config::parse(toml + "\n__section__ = \"regularizer\"\n"); }

LandmarkWeightSchedule schedule_of(const std::string& toml) { return LandmarkWeightSchedule::from_config(section(toml)); }

std::string config_error(const std::string& toml) {
  try {
    const Config config = section(toml);
    LandmarkRegularizer regularizer(config);
    config.finish();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("pair sampling is uniform over unordered pairs with different ground truth") {
  // Unsorted on purpose, with two ties: C(7,2) = 21 pairs, 2 of them ties.
  const std::vector<double> truth = {0.5, 0.9, 0.7, 0.9, 0.1, 0.7, 0.3};
  const LandmarkPairSampler sampler(truth, true);
  REQUIRE(sampler.valid_pairs() == 19);

  Rng rng(20210601);
  const int draws = 20000;
  std::map<std::pair<size_t, size_t>, int> counts;
  for (int i = 0; i < draws; ++i) {
    const auto pair = sampler.sample(rng);
    REQUIRE(truth[pair.better] > truth[pair.worse]);  // strictly better: ties never paired
    ++counts[{std::min(pair.better, pair.worse), std::max(pair.better, pair.worse)}];
  }
  REQUIRE(counts.size() == 19);

  double chi_square = 0;
  const double expected = static_cast<double>(draws) / 19;
  for (const auto& [pair, count] : counts) chi_square += (count - expected) * (count - expected) / expected;
  // 18 degrees of freedom, p = 0.001. The seed is fixed, so this cannot flake;
  // a biased sampler (e.g. uniform first landmark, then uniform partner) fails it.
  CHECK(chi_square < 42.312);
}

TEST_CASE("pair sampling follows the metric's direction") {
  const std::vector<double> error = {3.0, 1.0, 2.0};
  const LandmarkPairSampler sampler(error, false);
  Rng rng(1);
  for (int i = 0; i < 200; ++i) {
    const auto pair = sampler.sample(rng);
    CHECK(error[pair.better] < error[pair.worse]);
  }
}

TEST_CASE("no valid pair when all ground truths tie or fewer than two landmarks exist") {
  Rng rng(1);
  CHECK(LandmarkPairSampler({0.5, 0.5, 0.5}, true).valid_pairs() == 0);
  CHECK(LandmarkPairSampler({0.5}, true).valid_pairs() == 0);
  CHECK(LandmarkPairSampler({}, true).valid_pairs() == 0);
  CHECK_THROWS_AS(LandmarkPairSampler({0.5, 0.5}, true).sample(rng), std::logic_error);
  CHECK(LandmarkPairSampler({0.5, 0.5, 0.4}, true).valid_pairs() == 2);
}

TEST_CASE("cosine: 0 through warm-up, lambda/2 midway, exactly lambda at the last epoch") {
  // E = 41, E_w = 8: the 33 epochs 8..40 after warm-up have their midpoint at 24.
  const auto s = schedule_of("schedule = \"cosine\"\nlambda = 10\nwarmup_epochs = 8");
  CHECK(s.weight(0, 41) == 0.0);
  CHECK(s.weight(7, 41) == 0.0);
  CHECK(s.weight(8, 41) == 0.0);
  CHECK(s.weight(24, 41) == doctest::Approx(5.0).epsilon(1e-12));
  CHECK(s.weight(40, 41) == 10.0);
  for (int e = 1; e < 41; ++e) CHECK(s.weight(e, 41) >= s.weight(e - 1, 41));
  // The design's formula at a point inside the range.
  const double pi = std::acos(-1.0);
  CHECK(s.weight(16, 41) == doctest::Approx(10 * (1 - std::cos(pi * 8 / 32)) / 2));
}

TEST_CASE("cosine_decrease: 0 through warm-up, lambda right after, lambda/2 midway, 0 at the last epoch") {
  const auto s = schedule_of("schedule = \"cosine_decrease\"\nlambda = 4\nwarmup_epochs = 8");
  CHECK(s.weight(7, 41) == 0.0);
  CHECK(s.weight(8, 41) == 4.0);
  CHECK(s.weight(24, 41) == doctest::Approx(2.0).epsilon(1e-12));
  CHECK(s.weight(40, 41) == 0.0);
  for (int e = 9; e < 41; ++e) CHECK(s.weight(e, 41) <= s.weight(e - 1, 41));
}

TEST_CASE("constant: lambda after warm-up, with an optional linear ramp") {
  const auto flat = schedule_of("schedule = \"constant\"\nlambda = 2\nwarmup_epochs = 8");
  CHECK(flat.weight(7, 41) == 0.0);
  CHECK(flat.weight(8, 41) == 2.0);
  CHECK(flat.weight(24, 41) == 2.0);
  CHECK(flat.weight(40, 41) == 2.0);
  const auto ramp = schedule_of("schedule = \"constant\"\nlambda = 2\nwarmup_epochs = 8\nramp_epochs = 3");
  CHECK(ramp.weight(7, 41) == 0.0);
  CHECK(ramp.weight(8, 41) == doctest::Approx(0.5));
  CHECK(ramp.weight(9, 41) == doctest::Approx(1.0));
  CHECK(ramp.weight(10, 41) == doctest::Approx(1.5));
  CHECK(ramp.weight(11, 41) == 2.0);
  CHECK(ramp.weight(40, 41) == 2.0);
}

TEST_CASE("step: `steps` equal segments after warm-up rising to lambda") {
  // 32 epochs after warm-up (8..39), 4 segments of 8 epochs.
  const auto s = schedule_of("schedule = \"step\"\nlambda = 8\nwarmup_epochs = 8\nsteps = 4");
  CHECK(s.weight(7, 40) == 0.0);
  CHECK(s.weight(8, 40) == 2.0);
  CHECK(s.weight(15, 40) == 2.0);
  CHECK(s.weight(16, 40) == 4.0);
  CHECK(s.weight(24, 40) == 6.0);
  CHECK(s.weight(31, 40) == 6.0);
  CHECK(s.weight(32, 40) == 8.0);
  CHECK(s.weight(39, 40) == 8.0);
}

TEST_CASE("default warm-up is a quarter of the epochs, rounded down") {
  const auto s = schedule_of("");
  CHECK(s.shape == ScheduleShape::cosine);
  CHECK(s.lambda == 10.0);
  CHECK(s.warmup(50) == 12);
  CHECK(s.weight(12, 50) == 0.0);
  CHECK(s.weight(13, 50) > 0.0);
  CHECK(s.weight(49, 50) == 10.0);
  // Tiny searches still end at lambda.
  CHECK(s.weight(0, 1) == 10.0);
  CHECK(s.weight(0, 2) == 0.0);
  CHECK(s.weight(1, 2) == 10.0);
  CHECK(schedule_of("warmup_fraction = 0.5").warmup(9) == 4);
}

TEST_CASE("a warm-up that covers the whole search is an error naming the key") {
  const auto s = schedule_of("warmup_epochs = 10");
  CHECK(s.weight(9, 11) == 0.0);
  CHECK(s.weight(10, 11) == 10.0);  // E - 1 == E_w: lambda in the only epoch after warm-up
  CHECK_THROWS_WITH_AS(s.weight(0, 10), doctest::Contains("key `regularizer.warmup_epochs` sets 10 warm-up epochs"),
                       ConfigError);
}

TEST_CASE("configuration errors name the key, the choices and a suggestion") {
  const std::string unknown = config_error("schedule = \"cosin\"");
  CHECK(unknown.find("key `regularizer.schedule` must be one of cosine, constant, step, cosine_decrease, got "
                     "\"cosin\" (did you mean `cosine`?)") != std::string::npos);
  CHECK(config_error("formulation = \"hinj\"").find("key `regularizer.formulation` must be one of hinge, softplus, "
                                                    "logistic, got \"hinj\" (did you mean `hinge`?)") !=
        std::string::npos);
  CHECK(config_error("beta = 2").find("key `regularizer.beta` only applies when `regularizer.formulation` is "
                                      "\"softplus\"") != std::string::npos);
  CHECK(config_error("ramp_epochs = 2").find("key `regularizer.ramp_epochs` only applies when") != std::string::npos);
  CHECK(config_error("steps = 2\nschedule = \"constant\"").find("key `regularizer.steps` only applies when") !=
        std::string::npos);
  CHECK(config_error("pairs = 0").find("key `regularizer.pairs` must be at least 1, got 0") != std::string::npos);
  CHECK(config_error("every = 0").find("key `regularizer.every` must be at least 1, got 0") != std::string::npos);
  CHECK(config_error("lambda = -1").find("key `regularizer.lambda` must be a finite number >= 0") !=
        std::string::npos);
  CHECK(config_error("margin = -0.1").find("key `regularizer.margin` must be a finite number >= 0") !=
        std::string::npos);
  CHECK(config_error("formulation = \"softplus\"\nbeta = 0").find("key `regularizer.beta` must be a finite number "
                                                                  "> 0") != std::string::npos);
  CHECK(config_error("warmup_fraction = 1.0").find("key `regularizer.warmup_fraction` must be in [0, 1)") !=
        std::string::npos);
  CHECK(config_error("warmup_epochs = 3\nwarmup_fraction = 0.1").find("cannot both be set") != std::string::npos);
  CHECK(config_error("lambda = \"ten\"").find("key `regularizer.lambda` must be a number, got string") !=
        std::string::npos);
  CHECK(config_error("lamda = 3").find("unknown key `regularizer.lamda` (did you mean `lambda`?)") !=
        std::string::npos);
  CHECK(config_error("pairs = 2\nformulation = \"softplus\"\nbeta = 3\nmargin = 0.1\nschedule = \"step\"\n"
                     "steps = 3\nlambda = 5\nwarmup_epochs = 2\nevery = 4") == "no error");
}

TEST_CASE("the none regularizer weighs nothing and adds a zero scalar") {
  const Config config = section("");
  none::NoneRegularizer regularizer(config);
  CHECK_NOTHROW(config.finish());
  for (int e = 0; e < 10; ++e) CHECK(regularizer.weight(e, 10) == 0.0);
  CHECK_THROWS_AS(regularizer.loss({}, {}), std::logic_error);  // before attach

  const Config bad = section("lambda = 1");
  none::NoneRegularizer ignored(bad);
  CHECK_THROWS_WITH_AS(bad.finish(), doctest::Contains("unknown key `regularizer.lambda`"), ConfigError);
}
