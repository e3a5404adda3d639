#include <doctest/doctest.h>

#include <cmath>

#include <naskernel/errors.h>

#include "ground_truth/csv.h"

using namespace naskernel;

namespace {
std::vector<std::vector<std::string>> read_all(const std::string& text) {
  CsvReader reader(text, "t.csv");
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (reader.next(fields)) records.push_back(fields);
  return records;
}
}  // namespace

TEST_CASE("CsvReader splits plain and quoted fields") {
  const auto records = read_all("arch,acc\r\n\"|a~0|+|b~1|\",93.5\n\"say \"\"hi\"\", ok\",\n\nx,\"multi\nline\"\n");
  REQUIRE(records.size() == 4);
  CHECK(records[0] == std::vector<std::string>{"arch", "acc"});
  CHECK(records[1] == std::vector<std::string>{"|a~0|+|b~1|", "93.5"});
  CHECK(records[2] == std::vector<std::string>{"say \"hi\", ok", ""});
  CHECK(records[3] == std::vector<std::string>{"x", "multi\nline"});
}

TEST_CASE("CsvReader reports the line a record starts on") {
  CsvReader reader("a\n\n\"b\nc\"\nd", "t.csv");
  std::vector<std::string> fields;
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 1);
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 3);
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 5);
  CHECK(fields == std::vector<std::string>{"d"});
  CHECK_FALSE(reader.next(fields));
}

TEST_CASE("CsvReader rejects malformed quoting with file and line") {
  CHECK_THROWS_WITH_AS(read_all("a,b\n1,\"open\n"), "t.csv:2: quoted field is never closed (missing '\"').",
                       DataError);
  CHECK_THROWS_WITH_AS(read_all("a,b\n1,\"x\"y\n"), doctest::Contains("t.csv:2: unexpected character 'y'"),
                       DataError);
  CHECK_THROWS_WITH_AS(read_all("a,b\n\n1,x\"y\n"), doctest::Contains("t.csv:3: a quote inside an unquoted field"),
                       DataError);
}

TEST_CASE("csv_line quotes only where needed and reads back") {
  const std::vector<std::string> fields = {"plain", "with,comma", "with \"quote\"", "two\nlines", ""};
  const std::string line = csv_line(fields);
  CHECK(line == "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",");
  CHECK(read_all(line + "\n").front() == fields);
}

TEST_CASE("format_double and parse_double round-trip") {
  for (double value : {0.1, 93.76, -1e-300, 1.0 / 3.0, 0.0, 123456789.0}) {
    double back = 0;
    REQUIRE(parse_double(format_double(value), back));
    CHECK(back == value);
  }
  CHECK(format_double(0.1) == "0.1");
  double value = 0;
  CHECK(parse_double(" 12.5 ", value));
  CHECK(value == 12.5);
  CHECK(parse_double("+3", value));
  CHECK(parse_double("nan", value));
  CHECK(std::isnan(value));
  CHECK_FALSE(parse_double("", value));
  CHECK_FALSE(parse_double("12abc", value));
  CHECK_FALSE(parse_double("abc", value));
  CHECK_FALSE(parse_double("+-3", value));
}
