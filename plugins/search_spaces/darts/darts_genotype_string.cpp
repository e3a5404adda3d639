#include "darts_genotype_string.h"

#include "darts_genotype.h"
#include "darts_ops.h"

#include <naskernel/errors.h>

#include <array>
#include <cctype>
#include <optional>

namespace naskernel::darts {

std::string format_genotype(const Arch& arch) {
  // Only valid genotypes, so that parse() reads back everything written.
  const std::string problem = invalid_reason(arch);
  if (!problem.empty()) throw UserError("cannot write an invalid darts architecture: " + problem);
  std::string text = "Genotype(";
  for (int cell = 0; cell < kNumCellTypes; ++cell) {
    const std::string name = kCellTypeNames[cell];
    text += (cell ? ", " : "") + name + "=[";
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        if (node || slot) text += ", ";
        text += "('" + std::string(kOpNames[arch.genes[op_gene(cell, node, slot)]]) + "', " +
                std::to_string(arch.genes[input_gene(cell, node, slot)]) + ")";
      }
    text += "], " + name + "_concat=[2, 3, 4, 5]";
  }
  return text + ")";
}

namespace {

std::string op_list() {
  std::string list;
  for (int op = 0; op < kNumOps; ++op) list += std::string(op ? ", " : "") + kOpNames[op];
  return list;
}

char closing(char open) { return open == '(' ? ')' : ']'; }

// One element of a pair: a quoted name or a non-negative integer.
struct Element {
  size_t pos = 0;
  std::optional<std::string> name;
  int64_t number = 0;
};

// A cursor over the text that knows how to word its errors.
class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }

  std::string found() const {
    if (at_end()) return "the end of the string";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (std::isprint(c)) return "'" + std::string(1, text_[pos_]) + "'";
    return "a non-printing character (code " + std::to_string(c) + ")";
  }

  [[noreturn]] void fail(const std::string& problem, size_t at) const {
    throw ArchParseError("invalid darts genotype \"" + text_ + "\": " + problem + " at character " +
                         std::to_string(at + 1));
  }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, pos_); }

  void expect(char c, const std::string& purpose) {
    skip_space();
    if (at_end() || peek() != c) fail("expected '" + std::string(1, c) + "' " + purpose + ", found " + found());
    ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }
  // '(' or '[', returned; fails with `purpose` otherwise.
  char open_bracket(const std::string& purpose) {
    skip_space();
    if (peek() != '(' && peek() != '[') fail("expected '[' or '(' " + purpose + ", found " + found());
    return text_[pos_++];
  }

  std::string identifier() {
    skip_space();
    const size_t start = pos_;
    while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Element element(const std::string& purpose) {
    skip_space();
    Element e;
    e.pos = pos_;
    if (peek() == '\'' || peek() == '"') {
      const char quote = text_[pos_++];
      const size_t start = pos_;
      while (!at_end() && peek() != quote) ++pos_;
      if (at_end()) fail("unterminated string (missing closing " + std::string(1, quote) + ")", e.pos);
      e.name = text_.substr(start, pos_ - start);
      ++pos_;
      return e;
    }
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      fail("expected " + purpose + " (a quoted operation name or a node number), found " + found());
    while (!at_end() && std::isdigit(static_cast<unsigned char>(peek()))) {
      e.number = e.number * 10 + (peek() - '0');
      if (e.number > 1000000) fail("number too large", e.pos);
      ++pos_;
    }
    return e;
  }

  int64_t integer(const std::string& purpose) {
    const Element e = element(purpose);
    if (e.name) fail("expected " + purpose + " (a number), found a string", e.pos);
    return e.number;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

enum class Style { genotype, compact };

class GenotypeParser {
 public:
  explicit GenotypeParser(const std::string& text) : in_(text), arch_{kSpaceName, std::vector<int>(kNumGenes, 0)} {}

  Arch parse() {
    in_.skip_space();
    if (in_.at_end()) in_.fail("the string is empty; expected `Genotype(` or a NAS-Bench-301 pair of cells");
    if (in_.peek() == '(' || in_.peek() == '[') {
      compact();
    } else {
      const size_t start = in_.pos();
      const std::string word = in_.identifier();
      if (word != "Genotype")
        in_.fail("expected `Genotype(` or a NAS-Bench-301 pair of cells `((...), (...))`, found " +
                     (word.empty() ? in_.found() : "\"" + word + "\""),
                 start);
      named_tuple();
    }
    in_.skip_space();
    if (!in_.at_end()) in_.fail("expected the end of the genotype, found " + in_.found());
    return arch_;
  }

 private:
  void named_tuple() {
    in_.expect('(', "after `Genotype`");
    static const std::array<const char*, 4> fields = {"normal", "normal_concat", "reduce", "reduce_concat"};
    std::array<bool, 4> seen{};
    while (true) {
      in_.skip_space();
      if (in_.peek() == ')') break;
      const size_t at = in_.pos();
      const std::string field = in_.identifier();
      int index = -1;
      for (int f = 0; f < 4; ++f)
        if (field == fields[f]) index = f;
      if (index < 0)
        in_.fail("expected a field name (normal, normal_concat, reduce, reduce_concat), found " +
                     (field.empty() ? in_.found() : "\"" + field + "\""),
                 at);
      if (seen[index]) in_.fail("field `" + field + "` given twice", at);
      seen[index] = true;
      in_.expect('=', "after `" + field + "`");
      if (index % 2 == 0)
        cell(index / 2, Style::genotype);
      else
        concat(field);
      if (!in_.accept(',')) break;
    }
    in_.skip_space();
    for (int f = 0; f < 4; ++f)
      if (!seen[f] && in_.peek() == ')') in_.fail("field `" + std::string(fields[f]) + "` is missing before ')'");
    in_.expect(')', "to close `Genotype(`");
  }

  void compact() {
    const char open = in_.open_bracket("to open the NAS-Bench-301 pair of cells");
    cell(kNormal, Style::compact);
    in_.expect(',', "between the normal and the reduce cell");
    cell(kReduce, Style::compact);
    in_.accept(',');
    in_.expect(closing(open), "to close the pair of cells (normal, reduce)");
  }

  void cell(int cell, Style style) {
    const std::string name = kCellTypeNames[cell];
    const char open = in_.open_bracket("to open the " + name + " cell's list of pairs");
    auto refuse_end = [&](int pairs) {
      in_.skip_space();
      if (in_.peek() == closing(open))
        in_.fail("the " + name + " cell has " + std::to_string(pairs) + " pair(s) but needs " +
                 std::to_string(2 * kNumNodes) + ", two per node");
    };
    for (int p = 0; p < 2 * kNumNodes; ++p) {
      if (p > 0) {
        refuse_end(p);
        in_.expect(',', "after pair " + std::to_string(p) + " of the " + name + " cell");
      }
      refuse_end(p);
      pair(cell, p / 2, p % 2, style);
    }
    in_.accept(',');
    in_.skip_space();
    if (in_.peek() != closing(open) && (in_.peek() == '(' || in_.peek() == '['))
      in_.fail("the " + name + " cell has more than " + std::to_string(2 * kNumNodes) +
               " pairs; this space has 4 nodes with two inputs each");
    in_.expect(closing(open), "to close the " + name + " cell");
  }

  void pair(int cell, int node, int slot, Style style) {
    const std::string where = "the " + std::string(slot ? "second" : "first") + " input of node " +
                              std::to_string(node_label(node)) + " in the " + kCellTypeNames[cell] + " cell";
    const char open = in_.open_bracket("to open " + where);
    const Element first = in_.element("an operation or an input of " + where);
    in_.expect(',', "between the operation and the input of " + where);
    const Element second = in_.element("an operation or an input of " + where);
    in_.accept(',');
    in_.expect(closing(open), "to close " + where);

    // Which element is the op: the quoted one; two numbers are NB301's (input, op).
    const Element* op = nullptr;
    const Element* input = nullptr;
    if (first.name && second.name) in_.fail("expected a node number for " + where + ", found a string", second.pos);
    if (first.name) {
      op = &first, input = &second;
    } else if (second.name) {
      op = &second, input = &first;
    } else if (style == Style::compact) {
      op = &second, input = &first;
    } else {
      in_.fail("expected a quoted operation name for " + where + ", found two numbers", first.pos);
    }

    int op_value = -1;
    if (op->name) {
      op_value = op_index(*op->name);
      if (*op->name == kNoneName)
        in_.fail("`none` is not an operation of a darts architecture (only of the super-net) in " + where, op->pos);
      if (op_value < 0)
        in_.fail("unknown operation \"" + *op->name + "\" in " + where + " (expected one of " + op_list() + ")",
                 op->pos);
    } else {
      if (op->number >= kNumOps)
        in_.fail("operation index " + std::to_string(op->number) + " in " + where + " is outside 0.." +
                     std::to_string(kNumOps - 1) + " (NAS-Bench-301's OPS: " + op_list() + ")",
                 op->pos);
      op_value = static_cast<int>(op->number);
    }
    if (input->number >= num_inputs(node))
      in_.fail("input " + std::to_string(input->number) + " of " + where + " is not an earlier node (node " +
                   std::to_string(node_label(node)) + " reads nodes 0.." + std::to_string(num_inputs(node) - 1) + ")",
               input->pos);
    if (slot == 1 && arch_.genes[input_gene(cell, node, 0)] == input->number)
      in_.fail("node " + std::to_string(node_label(node)) + " in the " + kCellTypeNames[cell] +
                   " cell takes node " + std::to_string(input->number) +
                   " twice; its two inputs must be distinct earlier nodes",
               input->pos);
    arch_.genes[input_gene(cell, node, slot)] = static_cast<int>(input->number);
    arch_.genes[op_gene(cell, node, slot)] = op_value;
  }

  void concat(const std::string& field) {
    in_.skip_space();
    const size_t at = in_.pos();
    const std::string refusal = "; this space concatenates nodes 2, 3, 4, 5 (`[2, 3, 4, 5]` or `range(2, 6)`)";
    if (in_.peek() == 'r') {
      if (in_.identifier() != "range") in_.fail("expected a list of nodes or `range(2, 6)` for `" + field + "`", at);
      in_.expect('(', "after `range`");
      in_.skip_space();
      const size_t from_at = in_.pos();
      const int64_t from = in_.integer("the start of the range");
      in_.expect(',', "in `range(2, 6)`");
      in_.skip_space();
      const size_t to_at = in_.pos();
      const int64_t to = in_.integer("the end of the range");
      if (from != 2) in_.fail("`" + field + "` starts at node " + std::to_string(from) + refusal, from_at);
      if (to != 6) in_.fail("`" + field + "` ends before node " + std::to_string(to) + refusal, to_at);
      in_.expect(')', "to close `range(`");
      return;
    }
    const char open = in_.open_bracket("for `" + field + "` (or `range(2, 6)`)");
    for (int node = 2; node <= 5; ++node) {
      in_.skip_space();
      const size_t node_at = in_.pos();
      if (in_.peek() == closing(open)) in_.fail("`" + field + "` ends after node " + std::to_string(node - 1) + refusal);
      if (in_.integer("a node number in `" + field + "`") != node)
        in_.fail("`" + field + "` lists a different node where node " + std::to_string(node) + " belongs" + refusal,
                 node_at);
      if (node < 5) in_.expect(',', "between the nodes of `" + field + "`");
    }
    in_.accept(',');
    in_.skip_space();
    if (in_.peek() != closing(open)) in_.fail("`" + field + "` lists more than nodes 2..5" + refusal);
    in_.expect(closing(open), "to close `" + field + "`");
  }

  Reader in_;
  Arch arch_;
};

}  // namespace

Arch parse_genotype(const std::string& text) { return GenotypeParser(text).parse(); }

}  // namespace naskernel::darts
