#include <doctest/doctest.h>

#include <cmath>

#include "report/table_text.h"

using namespace naskernel;

TEST_CASE("signed_fixed signs every non-zero value and uses the minus sign") {
  CHECK(signed_fixed(0.05, 3) == "+0.050");
  CHECK(signed_fixed(-0.08, 2) == "\u22120.08");
  CHECK(signed_fixed(0.0, 3) == "0.000");
  CHECK(signed_fixed(-0.0004, 3) == "0.000");  // rounds to zero: no sign
  CHECK(signed_fixed(12.5, 0) == "+12");       // printf rounds half to even
  CHECK(signed_fixed(NAN, 3) == "n/a");
}

TEST_CASE("fixed, markdown_text and the CSV fields") {
  CHECK(fixed(0.25, 3) == "0.250");
  CHECK(markdown_text("a|b") == "a\\|b");
  CHECK(csv_number(NAN).empty());
  CHECK(csv_number(0.1 + 0.2) == "0.3");
  CHECK(csv_text("SPOS") == "SPOS");
  CHECK(csv_text("a, \"b\"") == "\"a, \"\"b\"\"\"");
}
