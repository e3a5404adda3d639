#include "nb201_arch_string.h"

#include "nb201_ops.h"

#include <naskernel/errors.h>

#include <cctype>

namespace naskernel::nb201 {

std::string format_arch_string(const Arch& arch) {
  check_arch(arch);
  std::string text;
  for (int to = 1; to < kNumNodes; ++to) {
    if (to > 1) text += '+';
    text += '|';
    for (int from = 0; from < to; ++from)
      text += std::string(kOpNames[arch.genes[edge_index(to, from)]]) + "~" + std::to_string(from) + "|";
  }
  return text;
}

namespace {

const char* ordinal(int n) {
  static const char* names[] = {"zeroth", "first", "second", "third"};
  return n >= 0 && n <= 3 ? names[n] : "next";
}

std::string op_list() {
  std::string list;
  for (int op = 0; op < kNumOps; ++op) list += std::string(op ? ", " : "") + kOpNames[op];
  return list;
}

// A cursor over the text that knows how to word its errors.
class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  void advance(size_t n = 1) { pos_ += n; }

  std::string found() const {
    if (at_end()) return "the end of the string";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (std::isprint(c)) return "'" + std::string(1, text_[pos_]) + "'";
    return "a non-printing character (code " + std::to_string(c) + ")";
  }

  [[noreturn]] void fail(const std::string& problem, size_t at) const {
    throw ArchParseError("invalid nb201 architecture string \"" + text_ + "\": " + problem + " at character " +
                         std::to_string(at + 1));
  }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, pos_); }

  void expect(char c, const std::string& purpose) {
    if (peek() != c || at_end()) fail("expected '" + std::string(1, c) + "' " + purpose + ", found " + found());
    advance();
  }

  // The operation name up to the next '~', '|' or '+'.
  std::string take_word() {
    const size_t start = pos_;
    while (!at_end() && peek() != '~' && peek() != '|' && peek() != '+') advance();
    return text_.substr(start, pos_ - start);
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

}  // namespace

Arch parse_arch_string(const std::string& text) {
  if (text.empty()) throw ArchParseError("invalid nb201 architecture string: the string is empty");
  Arch arch{kSpaceName, std::vector<int>(kNumEdges, 0)};
  Reader in(text);
  for (int to = 1; to < kNumNodes; ++to) {
    if (to > 1) {
      if (in.at_end())
        in.fail("the string ends after node " + std::to_string(to - 1) + " but nb201 cells have 3 nodes; expected '+'");
      in.expect('+', "before node " + std::to_string(to));
    }
    in.expect('|', "to open node " + std::to_string(to));
    for (int from = 0; from < to; ++from) {
      const std::string edge = "edge " + std::to_string(to) + "<-" + std::to_string(from);
      if (in.at_end() || in.peek() == '+')
        in.fail("node " + std::to_string(to) + " has " + std::to_string(from) + " edge(s) but needs " +
                std::to_string(to) + "; expected an operation for " + edge + ", found " + in.found());
      const size_t op_pos = in.pos();
      const std::string word = in.take_word();
      int op = -1;
      for (int candidate = 0; candidate < kNumOps; ++candidate)
        if (word == kOpNames[candidate]) op = candidate;
      if (op < 0)
        in.fail("unknown operation \"" + word + "\" for " + edge + " (expected one of " + op_list() + ")", op_pos);
      in.expect('~', "after the operation of " + edge);
      const size_t index_pos = in.pos();
      const std::string index = in.take_word();
      if (index != std::to_string(from))
        in.fail("expected input index " + std::to_string(from) + " for the " + ordinal(from + 1) + " edge of node " +
                    std::to_string(to) + ", found \"" + index + "\"",
                index_pos);
      in.expect('|', "after " + edge);
      arch.genes[edge_index(to, from)] = op;
    }
    if (!in.at_end() && in.peek() != '+')
      in.fail("node " + std::to_string(to) + " must end after its " + std::to_string(to) + " edge(s); expected " +
              (to == kNumNodes - 1 ? "the end of the string" : "'+'") + ", found " + in.found());
  }
  if (!in.at_end()) in.fail("nb201 cells have 3 nodes but the string continues after node 3; found " + in.found());
  return arch;
}

}  // namespace naskernel::nb201
