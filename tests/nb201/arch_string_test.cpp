#include "nb201_arch_string.h"
#include "nb201_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <set>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

TEST_CASE("nb201 strings are written in NB201's exact format") {
  // genes: 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2
  CHECK(format_arch_string(arch_of({3, 3, 4, 1, 3, 1})) ==
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
  CHECK(format_arch_string(arch_of({0, 0, 0, 0, 0, 0})) == "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CHECK(format_arch_string(arch_of({2, 4, 1, 0, 3, 2})) ==
        "|nor_conv_1x1~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|nor_conv_3x3~1|nor_conv_1x1~2|");
}

TEST_CASE("all 15,625 nb201 architectures round-trip through their strings") {
  std::set<std::string> seen;
  for (int i = 0; i < 15625; ++i) {
    const Arch arch = arch_at(i);
    const std::string text = format_arch_string(arch);
    REQUIRE(parse_arch_string(text) == arch);
    seen.insert(text);
  }
  CHECK(seen.size() == 15625);
}

TEST_CASE("format rejects architectures that are not nb201's") {
  CHECK(contains(message_of<UserError>([] { format_arch_string(arch_of({0, 0, 0})); }), "6 genes, got 3"));
  CHECK(contains(message_of<UserError>([] { format_arch_string(arch_of({0, 0, 5, 0, 0, 0})); }),
                 "gene 2 (edge 2<-1) is 5"));
  CHECK(contains(message_of<UserError>([] { format_arch_string(Arch{"darts", std::vector<int>(6)}); }),
                 "search space 'darts'"));
}

namespace {
std::string parse_error(const std::string& text) {
  return message_of<ArchParseError>([&] { parse_arch_string(text); });
}
}  // namespace

TEST_CASE("parse errors name the character position and what was expected") {
  const std::string ops = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

  SUBCASE("unknown operation") {
    const std::string message = parse_error("|none~0|+|none~0|conv_3x3~1|+|none~0|none~1|none~2|");
    CHECK(contains(message, "unknown operation \"conv_3x3\" for edge 2<-1"));
    CHECK(contains(message, "nor_conv_3x3"));  // lists the valid ones
    CHECK(contains(message, "at character 18"));
  }
  SUBCASE("wrong input index") {
    const std::string message = parse_error("|none~0|+|none~0|none~2|+|none~0|none~1|none~2|");
    CHECK(contains(message, "expected input index 1 for the second edge of node 2, found \"2\""));
    CHECK(contains(message, "at character 23"));
  }
  SUBCASE("missing separators") {
    CHECK(contains(parse_error("none~0|+|none~0|none~1|+|none~0|none~1|none~2|"),
                   "expected '|' to open node 1, found 'n' at character 1"));
    CHECK(contains(parse_error("|none0|+|none~0|none~1|+|none~0|none~1|none~2|"),
                   "unknown operation \"none0\" for edge 1<-0"));
    CHECK(contains(parse_error("|none~0|+|none~0|none~1|+|none~0|none~1|none~2"),
                   "expected '|' after edge 3<-2, found the end of the string at character 47"));
    CHECK(contains(parse_error("|none~0+|none~0|none~1|+|none~0|none~1|none~2|"),
                   "expected '|' after edge 1<-0, found '+' at character 8"));
    CHECK(contains(parse_error("|none~0|+none~0|none~1|+|none~0|none~1|none~2|"),
                   "expected '|' to open node 2, found 'n' at character 10"));
  }
  SUBCASE("wrong number of edges") {
    CHECK(contains(parse_error("|none~0|+|none~0|+|none~0|none~1|none~2|"),
                   "node 2 has 1 edge(s) but needs 2; expected an operation for edge 2<-1, found '+' at character 18"));
    CHECK(contains(parse_error("|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"),
                   "node 1 must end after its 1 edge(s); expected '+', found 'n' at character 9"));
    CHECK(contains(parse_error(ops + "none~3|"),
                   "node 3 must end after its 3 edge(s); expected the end of the string, found 'n' at character 48"));
  }
  SUBCASE("wrong number of nodes") {
    CHECK(contains(parse_error("|none~0|+|none~0|none~1|"),
                   "the string ends after node 2 but nb201 cells have 3 nodes; expected '+' at character 25"));
    CHECK(contains(parse_error(ops + "+|none~0|"),
                   "nb201 cells have 3 nodes but the string continues after node 3; found '+' at character 48"));
  }
  SUBCASE("empty and whitespace-padded strings") {
    CHECK(contains(parse_error(""), "the string is empty"));
    CHECK(contains(parse_error(" " + ops), "found ' ' at character 1"));
    CHECK(contains(parse_error(ops + "\n"), "found a non-printing character (code 10) at character 48"));
  }
}
