#include <doctest/doctest.h>

#include <cmath>

#include "report/axis_ticks.h"

using namespace naskernel;

namespace {
void check_values(const AxisTicks& ticks, const std::vector<double>& expected) {
  REQUIRE(ticks.values.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) CHECK(ticks.values[i] == doctest::Approx(expected[i]));
  CHECK(ticks.low == doctest::Approx(expected.front()));
  CHECK(ticks.high == doctest::Approx(expected.back()));
}
}  // namespace

TEST_CASE("nice_ticks picks 1, 2, 2.5 or 5 times a power of ten") {
  AxisTicks t = nice_ticks(0, 1, 5);
  CHECK(t.step == doctest::Approx(0.2));
  CHECK(t.decimals == 1);
  check_values(t, {0, 0.2, 0.4, 0.6, 0.8, 1.0});

  // Raw step 0.15 rounds up to 0.2; the range extends to cover the data.
  check_values(nice_ticks(0.12, 0.87, 5), {0, 0.2, 0.4, 0.6, 0.8, 1.0});

  // Accuracies: raw step 0.3 -> 0.5.
  t = nice_ticks(93.1, 94.6, 5);
  check_values(t, {93, 93.5, 94, 94.5, 95});
  CHECK(t.decimals == 1);

  // 2.5 steps need one more decimal than their magnitude.
  t = nice_ticks(0, 10, 4);
  check_values(t, {0, 2.5, 5, 7.5, 10});
  CHECK(t.decimals == 1);

  // Raw step 9.5 -> 10 (not "10 times 1" with a stray decimal).
  t = nice_ticks(0, 47.5, 5);
  check_values(t, {0, 10, 20, 30, 40, 50});
  CHECK(t.decimals == 0);

  t = nice_ticks(0, 95, 5);
  check_values(t, {0, 20, 40, 60, 80, 100});
  CHECK(t.decimals == 0);

  // Reversed bounds are accepted.
  check_values(nice_ticks(1, 0, 5), {0, 0.2, 0.4, 0.6, 0.8, 1.0});
}

TEST_CASE("nice_ticks across zero gives an exact zero tick") {
  const AxisTicks t = nice_ticks(-0.3, 0.3, 6);
  check_values(t, {-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3});
  CHECK(std::signbit(t.values[3]) == false);
  CHECK(format_tick(t.values[3], t.decimals) == "0.0");
}

TEST_CASE("nice_ticks widens degenerate ranges instead of dividing by zero") {
  for (auto [low, high] : {std::pair{5.0, 5.0}, {0.0, 0.0}, {-1e-9, -1e-9}, {1e9, 1e9}}) {
    CAPTURE(low);
    const AxisTicks t = nice_ticks(low, high, 5);
    CHECK(std::isfinite(t.step));
    CHECK(t.step > 0);
    CHECK(t.low < low);
    CHECK(t.high > high);
    CHECK(t.values.size() >= 2);
    CHECK(t.values.size() <= 12);
  }
  check_values(nice_ticks(0, 0, 4), {-1, -0.5, 0, 0.5, 1});
  check_values(nice_ticks(NAN, 3, 5), {0, 0.2, 0.4, 0.6, 0.8, 1.0});
}

TEST_CASE("format_tick") {
  CHECK(format_tick(0.25, 2) == "0.25");
  CHECK(format_tick(93.5, 1) == "93.5");
  CHECK(format_tick(100, 0) == "100");
  CHECK(format_tick(-0.0001, 2) == "0.00");
  CHECK(format_tick(-0.5, 1) == "-0.5");
}
