#include "df_arch_string.h"

#include <naskernel/errors.h>

#include <array>
#include <cctype>

namespace naskernel::depth_fusion {

std::string format_arch_string(const Encoding& encoding, const Arch& arch) {
  encoding.check(arch);
  const CellShape& shape = encoding.cell();
  std::string text;
  for (int c = 0; c < encoding.num_cells(); ++c) {
    if (c > 0) text += ';';
    for (int to = 2; to < shape.num_nodes(); ++to) {
      if (to > 2) text += '+';
      text += '|';
      for (int from = 0; from < to; ++from)
        text += std::string(kOpNames[static_cast<size_t>(arch.genes[static_cast<size_t>(
                    encoding.edge_gene(c, shape.edge_index(to, from)))])]) +
                "~" + std::to_string(from) + "|";
    }
    if (encoding.searches_upsampling())
      text += std::string("@") + kUpsamplingNames[static_cast<size_t>(encoding.upsampling(arch, c))];
  }
  return text;
}

namespace {

template <size_t N>
std::string name_list(const std::array<const char*, N>& names) {
  std::string list;
  for (size_t i = 0; i < N; ++i) list += std::string(i ? ", " : "") + names[i];
  return list;
}

// A cursor over the text that words its errors.
class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  void advance() { ++pos_; }

  std::string found() const {
    if (at_end()) return "the end of the string";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (std::isprint(c)) return "'" + std::string(1, text_[pos_]) + "'";
    return "a non-printing character (code " + std::to_string(c) + ")";
  }

  [[noreturn]] void fail(const std::string& problem, size_t at) const {
    throw ArchParseError("invalid depth_fusion architecture string \"" + text_ + "\": " + problem +
                         " at character " + std::to_string(at + 1));
  }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, pos_); }

  void expect(char c, const std::string& purpose) {
    if (at_end() || peek() != c) fail("expected '" + std::string(1, c) + "' " + purpose + ", found " + found());
    advance();
  }

  // Up to the next separator.
  std::string take_word() {
    const size_t start = pos_;
    while (!at_end() && std::string("~|+;@").find(peek()) == std::string::npos) advance();
    return text_.substr(start, pos_ - start);
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

void parse_cell(Reader& in, const Encoding& encoding, int cell, const std::string& where, Arch& arch) {
  const CellShape& shape = encoding.cell();
  for (int to = 2; to < shape.num_nodes(); ++to) {
    if (to > 2) {
      if (in.at_end() || in.peek() != '+')
        in.fail(where + " ends after node " + std::to_string(to - 1) + " but cells have " +
                std::to_string(shape.nodes()) + " nodes (2.." + std::to_string(shape.output_node()) +
                "); expected '+', found " + in.found());
      in.advance();
    }
    in.expect('|', "to open node " + std::to_string(to) + " of " + where);
    for (int from = 0; from < to; ++from) {
      const std::string edge = "edge " + std::to_string(to) + "<-" + std::to_string(from) + " of " + where;
      if (in.at_end() || in.peek() == '+' || in.peek() == ';' || in.peek() == '@')
        in.fail("node " + std::to_string(to) + " of " + where + " has " + std::to_string(from) +
                " edge(s) but needs " + std::to_string(to) + "; expected an operation for " + edge + ", found " +
                in.found());
      const size_t op_pos = in.pos();
      const std::string word = in.take_word();
      int op = -1;
      for (int candidate = 0; candidate < kNumOps; ++candidate)
        if (word == kOpNames[static_cast<size_t>(candidate)]) op = candidate;
      if (op < 0)
        in.fail("unknown operation \"" + word + "\" for " + edge + " (expected one of " + name_list(kOpNames) + ")",
                op_pos);
      in.expect('~', "after the operation of " + edge);
      const size_t index_pos = in.pos();
      const std::string index = in.take_word();
      if (index != std::to_string(from))
        in.fail("expected source node " + std::to_string(from) + " for " + edge + ", found \"" + index + "\"",
                index_pos);
      in.expect('|', "after " + edge);
      arch.genes[static_cast<size_t>(encoding.edge_gene(cell, shape.edge_index(to, from)))] = op;
    }
    if (to < shape.output_node() && !in.at_end() && in.peek() != '+')
      in.fail("node " + std::to_string(to) + " of " + where + " must end after its " + std::to_string(to) +
              " edge(s); expected '+', found " + in.found());
  }
}

}  // namespace

Arch parse_arch_string(const Encoding& encoding, const std::string& text) {
  if (text.empty()) throw ArchParseError("invalid depth_fusion architecture string: the string is empty");
  Arch arch{kSpaceName, std::vector<int>(static_cast<size_t>(encoding.num_genes()), 0)};
  Reader in(text);
  const int cells = encoding.num_cells();
  for (int c = 0; c < cells; ++c) {
    const std::string where = encoding.mode() == Mode::sync ? "the cell" : "block " + std::to_string(c + 1);
    if (c > 0) {
      if (in.at_end())
        in.fail("the string ends after block " + std::to_string(c) + " but non-sync architectures have " +
                std::to_string(kNumBlocks) + " blocks joined by ';'");
      in.expect(';', "before block " + std::to_string(c + 1));
    }
    parse_cell(in, encoding, c, where, arch);
    if (encoding.searches_upsampling()) {
      if (in.at_end() || in.peek() != '@')
        in.fail(std::string("v2 architectures name the upsampling of ") + where + " after '@'; expected '@', found " +
                in.found());
      in.advance();
      const size_t name_pos = in.pos();
      const std::string word = in.take_word();
      int up = -1;
      for (int candidate = 0; candidate < kNumUpsamplings; ++candidate)
        if (word == kUpsamplingNames[static_cast<size_t>(candidate)]) up = candidate;
      if (up < 0)
        in.fail("unknown upsampling \"" + word + "\" for " + where + " (expected one of " +
                    name_list(kUpsamplingNames) + ")",
                name_pos);
      arch.genes[static_cast<size_t>(encoding.upsampling_gene(c))] = up;
    }
    if (!in.at_end() && in.peek() != ';') {
      if (in.peek() == '@' && !encoding.searches_upsampling())
        in.fail("v1 architectures have a fixed bilinear upsampling; remove the '@...' after " + where);
      in.fail(where + " must end after node " + std::to_string(encoding.cell().output_node()) + "; expected " +
              (c + 1 < cells ? "';'" : "the end of the string") + ", found " + in.found());
    }
  }
  if (!in.at_end()) {
    if (encoding.mode() == Mode::sync)
      in.fail("sync architectures are one cell, shared by all blocks, but the string continues with " + in.found());
    in.fail("non-sync architectures have " + std::to_string(kNumBlocks) +
            " blocks but the string continues after block 4 with " + in.found());
  }
  return arch;
}

}  // namespace naskernel::depth_fusion
