#include "nb201_layout.h"
#include "nb201_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

TEST_CASE("the macro layout halves the size and doubles the channels twice") {
  const Layout layout = make_layout(16, 5, 3, 32, 32, 10);
  CHECK(layout.stages[0].channels == 16);
  CHECK(layout.stages[1].channels == 32);
  CHECK(layout.stages[2].channels == 64);
  CHECK(layout.stages[1].height == 16);
  CHECK(layout.stages[2].height == 8);
  const Layout imagenet16 = make_layout(16, 5, 3, 16, 16, 120);
  CHECK(imagenet16.stages[2].width == 4);
  const Layout wide = make_layout(8, 1, 1, 12, 40, 2);
  CHECK(wide.stages[2].height == 3);
  CHECK(wide.stages[2].width == 10);
}

TEST_CASE("input sizes whose residual branches disagree are rejected at once") {
  const std::string odd = message_of<UserError>([] { make_layout(16, 5, 3, 31, 32, 10); });
  CHECK(contains(odd, "input height of 31"));
  CHECK(contains(odd, "stride-2 convolution gives 16 but the 2x2 average-pool shortcut gives 15"));
  // 30 is even, but 15 reaches the second block.
  const std::string late = message_of<UserError>([] { make_layout(16, 5, 3, 32, 30, 10); });
  CHECK(contains(late, "input width of 30: it is 15 at residual block 2"));
  CHECK(contains(message_of<UserError>([] { make_layout(16, 5, 3, 2, 32, 10); }), "input height of 2"));
  CHECK(contains(message_of<UserError>([] { make_layout(16, 5, 3, 0, 32, 10); }), "positive input height"));
  CHECK(contains(message_of<UserError>([] { make_layout(16, 5, 3, 32, 32, 0); }), "positive number of outputs"));
  CHECK(message_of<UserError>([] { make_layout(16, 5, 3, 4, 4, 10); }).empty());
}
