#include "nb101_arch_string.h"

#include <naskernel/errors.h>

#include <cctype>

#include "nb101_json.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

std::string format_arch_string(const Arch& arch) {
  const Cell cell = cell_of(arch);
  std::string text = "matrix=";
  for (int from = 0; from < kNumVertices; ++from) {
    if (from) text += '/';
    for (int to = 0; to < kNumVertices; ++to) text += cell.edge(from, to) ? '1' : '0';
  }
  text += ";ops=";
  for (int v = 1; v <= kNumInterior; ++v) text += std::string(v > 1 ? "/" : "") + kOpNames[cell.ops[v]];
  return text;
}

std::string format_spec_json(const Arch& arch) {
  const Cell cell = cell_of(arch);
  std::string text = "{\"matrix\": [";
  for (int from = 0; from < kNumVertices; ++from) {
    text += from ? ", [" : "[";
    for (int to = 0; to < kNumVertices; ++to) text += std::string(to ? ", " : "") + (cell.edge(from, to) ? "1" : "0");
    text += "]";
  }
  text += "], \"ops\": [\"input\"";
  for (int v = 1; v <= kNumInterior; ++v) text += std::string(", \"") + kOpNames[cell.ops[v]] + "\"";
  text += ", \"output\"]}";
  return text;
}

namespace {

std::string op_list() { return std::string(kOpNames[0]) + ", " + kOpNames[1] + " or " + kOpNames[2]; }

// The op index of `name`, or -1; short names only where `short_names`.
int op_index(const std::string& name, bool short_names) {
  for (int op = 0; op < kNumOps; ++op)
    if (name == kOpNames[op]) return op;
  if (short_names) {
    if (name == "conv3x3") return kConv3x3;
    if (name == "conv1x1") return kConv1x1;
  }
  return -1;
}

// Reports errors in one of the two forms with the text quoted.
class Failer {
 public:
  Failer(const std::string& text, const char* form) : text_(text), form_(form) {}

  [[noreturn]] void at(const std::string& problem, size_t position) const {
    throw ArchParseError("invalid nb101 " + std::string(form_) + " " + quoted() + ": " + problem + " at character " +
                         std::to_string(position + 1));
  }

  // A cell that reads fine but is not in the space.
  Arch checked(const Cell& cell) const {
    const Cell padded = pad_to_seven(cell);
    const std::string reason = invalid_reason(padded);
    if (!reason.empty())
      throw ArchParseError("invalid nb101 " + std::string(form_) + " " + quoted() +
                           ": the cell is not in NAS-Bench-101: " + reason);
    return arch_of(padded);
  }

 private:
  std::string quoted() const {
    const size_t limit = 200;
    return "\"" + (text_.size() > limit ? text_.substr(0, limit) + "..." : text_) + "\"";
  }
  const std::string& text_;
  const char* form_;
};

std::string found_at(const std::string& text, size_t pos) {
  if (pos >= text.size()) return "the end of the string";
  const unsigned char c = static_cast<unsigned char>(text[pos]);
  if (std::isprint(c)) return "'" + std::string(1, text[pos]) + "'";
  return "a non-printing character (code " + std::to_string(c) + ")";
}

Arch parse_text(const std::string& text) {
  const Failer fail(text, "architecture string");
  size_t pos = 0;
  const auto expect_word = [&](const std::string& word, const std::string& purpose) {
    if (text.compare(pos, word.size(), word) != 0) {
      size_t at = pos;
      while (at < text.size() && at - pos < word.size() && text[at] == word[at - pos]) ++at;
      fail.at("expected \"" + word + "\" " + purpose + ", found " + found_at(text, at), at);
    }
    pos += word.size();
  };

  expect_word("matrix=", "at the start (or a JSON spec starting with '{')");
  Cell cell;
  int n = 0;  // set by the first row
  for (int row = 0;; ++row) {
    const size_t row_start = pos;
    while (pos < text.size() && (text[pos] == '0' || text[pos] == '1')) {
      const int column = static_cast<int>(pos - row_start);
      if (n && column >= n)
        fail.at("row " + std::to_string(row) + " of the matrix has more than " + std::to_string(n) + " entries", pos);
      if (column >= kNumVertices)
        fail.at("a matrix row has more than 7 entries; NB101 cells have at most 7 vertices", pos);
      if (text[pos] == '1') {
        if (column <= row)
          fail.at("entry (" + std::to_string(row) + ", " + std::to_string(column) +
                      ") is 1, but only edges from a lower to a higher vertex exist (the matrix is upper triangular)",
                  pos);
        cell.set_edge(row, column, true);
      }
      ++pos;
    }
    const int length = static_cast<int>(pos - row_start);
    if (row == 0) {
      if (length < 2)
        fail.at("expected the first matrix row, at least 2 digits 0 or 1, found " + found_at(text, pos), pos);
      n = length;
    } else if (length != n) {
      fail.at("row " + std::to_string(row) + " of the matrix has " + std::to_string(length) + " entries, expected " +
                  std::to_string(n) + " (a digit 0 or 1), found " + found_at(text, pos),
              pos);
    }
    if (row == n - 1) break;
    if (pos >= text.size() || text[pos] != '/')
      fail.at("the matrix has " + std::to_string(row + 1) + " row(s) but " + std::to_string(n) +
                  " columns; expected '/' before the next row, found " + found_at(text, pos),
              pos);
    ++pos;
  }
  cell.vertices = n;
  if (pos < text.size() && text[pos] == '/')
    fail.at("the matrix has " + std::to_string(n) + " columns, so it ends after row " + std::to_string(n - 1) +
                "; found an extra '/'",
            pos);
  expect_word(";ops=", "after the matrix");
  for (int v = 1; v < n - 1; ++v) {
    if (v > 1) {
      if (pos >= text.size() || text[pos] != '/')
        fail.at("a cell of " + std::to_string(n) + " vertices needs " + std::to_string(n - 2) +
                    " ops; expected '/' before the op of vertex " + std::to_string(v) + ", found " +
                    found_at(text, pos),
                pos);
      ++pos;
    }
    const size_t start = pos;
    while (pos < text.size() && text[pos] != '/') ++pos;
    const std::string name = text.substr(start, pos - start);
    const int op = op_index(name, true);
    if (op < 0)
      fail.at(name.empty()
                  ? "missing the op of vertex " + std::to_string(v) + " (expected " + op_list() + ")"
                  : "unknown op \"" + name + "\" for vertex " + std::to_string(v) + " (expected " + op_list() + ")",
              start);
    cell.ops[v] = op;
  }
  if (pos < text.size())
    fail.at("a cell of " + std::to_string(n) + " vertices has " + std::to_string(n - 2) +
                " ops, but the string continues; found " + found_at(text, pos),
            pos);
  return fail.checked(cell);
}

Arch parse_json(const std::string& text) {
  const Failer fail(text, "spec");
  JsonValue root;
  try {
    root = read_json(text);
  } catch (const JsonSyntaxError& e) {
    fail.at(std::string("malformed JSON: ") + e.what(), e.position);
  }
  if (root.kind != JsonValue::Kind::object)
    fail.at(std::string("expected an object {\"matrix\": ..., \"ops\": ...}, found ") + root.kind_name(),
            root.position);
  const JsonValue* matrix = nullptr;
  const JsonValue* ops = nullptr;
  for (const auto& member : root.members) {
    const JsonValue** slot = member.key == "matrix" ? &matrix : member.key == "ops" ? &ops : nullptr;
    if (!slot) fail.at("unknown key \"" + member.key + "\" (a spec has \"matrix\" and \"ops\")", member.key_position);
    if (*slot) fail.at("the key \"" + member.key + "\" appears twice", member.key_position);
    *slot = &member.value;
  }
  if (!matrix) fail.at("the spec has no \"matrix\"", root.position);
  if (!ops) fail.at("the spec has no \"ops\"", root.position);

  if (matrix->kind != JsonValue::Kind::array)
    fail.at(std::string("\"matrix\" must be an array of rows, found ") + matrix->kind_name(), matrix->position);
  const int n = static_cast<int>(matrix->items.size());
  if (n < 2 || n > kNumVertices)
    fail.at("\"matrix\" has " + std::to_string(n) + " rows; NB101 cells have 2 to 7 vertices", matrix->position);
  Cell cell;
  cell.vertices = n;
  for (int row = 0; row < n; ++row) {
    const JsonValue& r = matrix->items[row];
    if (r.kind != JsonValue::Kind::array || static_cast<int>(r.items.size()) != n)
      fail.at("row " + std::to_string(row) + " of \"matrix\" must be an array of " + std::to_string(n) +
                  " entries (the matrix is square), found " +
                  (r.kind == JsonValue::Kind::array ? std::to_string(r.items.size()) + " entries" : r.kind_name()),
              r.position);
    for (int column = 0; column < n; ++column) {
      const JsonValue& e = r.items[column];
      int bit = -1;
      if (e.kind == JsonValue::Kind::boolean) bit = e.boolean;
      if (e.kind == JsonValue::Kind::number && e.integral && (e.number == 0 || e.number == 1))
        bit = static_cast<int>(e.number);
      if (bit < 0)
        fail.at("entry (" + std::to_string(row) + ", " + std::to_string(column) +
                    ") of \"matrix\" must be 0 or 1, found " +
                    (e.kind == JsonValue::Kind::number ? e.text : std::string(e.kind_name())),
                e.position);
      if (bit && column <= row)
        fail.at("entry (" + std::to_string(row) + ", " + std::to_string(column) +
                    ") is 1, but only edges from a lower to a higher vertex exist (the matrix is upper triangular)",
                e.position);
      if (bit) cell.set_edge(row, column, true);
    }
  }

  if (ops->kind != JsonValue::Kind::array)
    fail.at(std::string("\"ops\" must be an array of op names, found ") + ops->kind_name(), ops->position);
  if (static_cast<int>(ops->items.size()) != n)
    fail.at("\"ops\" has " + std::to_string(ops->items.size()) + " names but \"matrix\" has " + std::to_string(n) +
                " vertices",
            ops->position);
  for (int v = 0; v < n; ++v) {
    const JsonValue& op = ops->items[v];
    if (op.kind != JsonValue::Kind::string)
      fail.at("op " + std::to_string(v) + " must be a string, found " + op.kind_name(), op.position);
    if (v == 0 || v == n - 1) {
      const char* expected = v == 0 ? "input" : "output";
      if (op.text != expected)
        fail.at("vertex " + std::to_string(v) + " must be \"" + expected + "\", found \"" + op.text + "\"",
                op.position);
      continue;
    }
    const int index = op_index(op.text, false);
    if (index < 0)
      fail.at("unknown op \"" + op.text + "\" for vertex " + std::to_string(v) + " (expected " + op_list() + ")",
              op.position);
    cell.ops[v] = index;
  }
  return fail.checked(cell);
}

}  // namespace

Arch parse_arch_string(const std::string& text) {
  if (text.empty()) throw ArchParseError("invalid nb101 architecture string: the string is empty");
  size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
  if (first < text.size() && (text[first] == '{' || text[first] == '[')) return parse_json(text);
  return parse_text(text);
}

}  // namespace naskernel::nb101
