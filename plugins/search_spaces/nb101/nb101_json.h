// A small JSON reader that remembers where each value starts, so that a
// spec that parses as JSON but is wrong for NB101 (an unknown op, a matrix
// entry below the diagonal) is reported at its character. nlohmann-json
// 3.11 reports positions of syntax errors only.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace naskernel::nb101 {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  size_t position = 0;  // 0-based offset of the value's first character
  bool boolean = false;
  double number = 0;
  bool integral = false;  // a number written without fraction or exponent
  std::string text;       // a string's contents; a number's source text
  std::vector<JsonValue> items;
  struct Member;
  std::vector<Member> members;

  const char* kind_name() const;
};

struct JsonValue::Member {
  std::string key;
  size_t key_position = 0;
  JsonValue value;
};

// A syntax error at a 0-based offset.
class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(const std::string& problem, size_t position) : std::runtime_error(problem), position(position) {}
  size_t position;
};

// One JSON value, optionally surrounded by whitespace; throws JsonSyntaxError.
JsonValue read_json(const std::string& text);

}  // namespace naskernel::nb101
