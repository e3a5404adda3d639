#include "nb101_json.h"

#include <cctype>
#include <cstdlib>

namespace naskernel::nb101 {

const char* JsonValue::kind_name() const {
  switch (kind) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "a boolean";
    case Kind::number:
      return "a number";
    case Kind::string:
      return "a string";
    case Kind::array:
      return "an array";
    case Kind::object:
      return "an object";
  }
  return "?";
}

namespace {

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  JsonValue document() {
    JsonValue value = this->value();
    skip_space();
    if (pos_ < text_.size()) fail("unexpected " + found() + " after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw JsonSyntaxError(problem, pos_); }

  std::string found() const {
    if (pos_ >= text_.size()) return "end of the text";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (std::isprint(c)) return "'" + std::string(1, text_[pos_]) + "'";
    return "character code " + std::to_string(c);
  }

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void expect(char c, const char* purpose) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != c)
      fail("expected '" + std::string(1, c) + "' " + purpose + ", found " + found());
    ++pos_;
  }

  JsonValue value() {
    skip_space();
    JsonValue out;
    out.position = pos_;
    const char c = peek();
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') {
      out.kind = JsonValue::Kind::string;
      out.text = string();
      return out;
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    for (const char* word : {"true", "false", "null"})
      if (text_.compare(pos_, std::char_traits<char>::length(word), word) == 0) {
        pos_ += std::char_traits<char>::length(word);
        out.kind = word[0] == 'n' ? JsonValue::Kind::null : JsonValue::Kind::boolean;
        out.boolean = word[0] == 't';
        return out;
      }
    fail("expected a JSON value, found " + found());
  }

  // Arrays and objects recurse; a spec nests 3 deep, and thousands of levels
  // would overflow the stack.
  static constexpr size_t kMaxDepth = 100;
  struct Nesting {
    explicit Nesting(Reader& reader) : reader(reader) {
      if (++reader.depth_ > kMaxDepth)
        reader.fail("arrays and objects nest deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    ~Nesting() { --reader.depth_; }
    Reader& reader;
  };

  JsonValue object() {
    const Nesting nesting(*this);
    JsonValue out;
    out.kind = JsonValue::Kind::object;
    out.position = pos_++;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return out;
    }
    while (true) {
      skip_space();
      if (peek() != '"') fail("expected a key in double quotes, found " + found());
      JsonValue::Member member;
      member.key_position = pos_;
      member.key = string();
      expect(':', "after the key");
      member.value = value();
      out.members.push_back(std::move(member));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return out;
      }
      fail("expected ',' or '}' in the object, found " + found());
    }
  }

  JsonValue array() {
    const Nesting nesting(*this);
    JsonValue out;
    out.kind = JsonValue::Kind::array;
    out.position = pos_++;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return out;
    }
    while (true) {
      out.items.push_back(value());
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return out;
      }
      fail("expected ',' or ']' in the array, found " + found());
    }
  }

  std::string string() {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) fail("the string is not closed; found end of the text");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("a control character inside a string; found " + found());
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      const char e = peek();
      const std::string simple = "\"\\/bfnrt";
      const std::string meaning = "\"\\/\b\f\n\r\t";
      const size_t k = simple.find(e);
      if (e != '\0' && k != std::string::npos) {
        out += meaning[k];
        ++pos_;
        continue;
      }
      if (e != 'u') fail("unknown escape sequence in a string, found " + found());
      ++pos_;
      unsigned code = 0;
      for (int i = 0; i < 4; ++i, ++pos_) {
        const char h = peek();
        if (!std::isxdigit(static_cast<unsigned char>(h))) fail("expected 4 hex digits after \\u, found " + found());
        code = code * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                     ? h - '0'
                                                     : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
      }
      // Op names are ASCII; anything else only needs to stay distinct.
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    }
  }

  JsonValue number() {
    JsonValue out;
    out.kind = JsonValue::Kind::number;
    out.position = pos_;
    out.integral = true;
    const size_t start = pos_;
    const auto digits = [&] {
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected a digit, found " + found());
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else {
      digits();
    }
    if (peek() == '.') {
      out.integral = false;
      ++pos_;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      out.integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      digits();
    }
    out.text = text_.substr(start, pos_ - start);
    out.number = std::strtod(out.text.c_str(), nullptr);
    return out;
  }

  const std::string& text_;
  size_t pos_ = 0;
  size_t depth_ = 0;
};

}  // namespace

JsonValue read_json(const std::string& text) { return Reader(text).document(); }

}  // namespace naskernel::nb101
