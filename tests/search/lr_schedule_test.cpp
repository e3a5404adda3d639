#include "kernel/search/lr_schedule.h"

#include <doctest/doctest.h>

using namespace naskernel;

TEST_CASE("cosine learning rate runs from lr to lr_min over the steps") {
  CHECK(cosine_lr(0.1, 0.001, 0, 101) == doctest::Approx(0.1));
  CHECK(cosine_lr(0.1, 0.001, 50, 101) == doctest::Approx((0.1 + 0.001) / 2));
  CHECK(cosine_lr(0.1, 0.001, 100, 101) == doctest::Approx(0.001));
  CHECK(cosine_lr(0.1, 0.0, 1, 1) == doctest::Approx(0.1));
}
