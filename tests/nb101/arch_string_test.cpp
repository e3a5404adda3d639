// format()/parse(), the official JSON spec, and where parse errors point.
#include <doctest/doctest.h>
#include <naskernel/errors.h>

#include <random>

#include "nb101_arch_string.h"
#include "nb101_hash.h"
#include "nb101_pruning.h"
#include "nb101_test_util.h"

using namespace naskernel;
using namespace naskernel::nb101;
using namespace nb101_test;

namespace {

const char* kFirstRecordText =
    "matrix=0100110/0010000/0001001/0000010/0000010/0000001/0000000;"
    "ops=conv3x3-bn-relu/maxpool3x3/conv3x3-bn-relu/conv3x3-bn-relu/conv1x1-bn-relu";

const char* kFirstRecordJson =
    "{\"matrix\": [[0, 1, 0, 0, 1, 1, 0], [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 0, 1, 0], "
    "[0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0]], \"ops\": [\"input\", "
    "\"conv3x3-bn-relu\", \"maxpool3x3\", \"conv3x3-bn-relu\", \"conv3x3-bn-relu\", \"conv1x1-bn-relu\", "
    "\"output\"]}";

std::string hash_of(const Arch& arch) { return module_hash(*prune(cell_of(arch))); }

// The ArchParseError message of parsing `text`.
std::string error_of(const std::string& text) {
  return message_of<ArchParseError>([&] { parse_arch_string(text); });
}

// "at character N" for the 1-based position of the first `part` in `text`.
std::string at_character_of(const std::string& text, const std::string& part, size_t skip = 0) {
  return "at character " + std::to_string(text.find(part, skip) + 1);
}

}  // namespace

TEST_CASE("format writes the matrix rows and op names") {
  const Arch arch = arch_from(kFirstRecordRows, kFirstRecordOps);
  CHECK(format_arch_string(arch) == kFirstRecordText);
  CHECK(format_spec_json(arch) == kFirstRecordJson);
  CHECK(parse_arch_string(kFirstRecordText) == arch);
  CHECK(parse_arch_string(kFirstRecordJson) == arch);
  CHECK(hash_of(parse_arch_string(kFirstRecordJson)) == "00005c142e6f48ac74fdcf73e3439874");
}

TEST_CASE("the issue's example spec, as written, is the README's Inception cell") {
  // The spec quoted with hash 00005c14... in the issue has the README's
  // matrix; with those ops it is isomorphic to the Inception cell
  // (hash 28cfc787..., 2,694,282 parameters), not the first record.
  const std::string spec =
      "{\"matrix\": [[0,1,1,1,0,1,0],[0,0,0,0,0,0,1],[0,0,0,0,0,0,1],[0,0,0,0,1,0,0],[0,0,0,0,0,0,1],"
      "[0,0,0,0,0,0,1],[0,0,0,0,0,0,0]], \"ops\": [\"input\", \"conv3x3-bn-relu\", \"maxpool3x3\", "
      "\"conv3x3-bn-relu\", \"conv3x3-bn-relu\", \"conv1x1-bn-relu\", \"output\"]}";
  CHECK(hash_of(parse_arch_string(spec)) == "28cfc7874f6d200472e1a9dcd8650aa0");
  CHECK(hash_of(parse_arch_string(spec)) == hash_of(arch_from(kInceptionRows, kInceptionOps)));
}

TEST_CASE("strings round-trip for thousands of random valid architectures") {
  std::mt19937 random(11);
  int checked = 0;
  while (checked < 5000) {
    Arch arch{kSpaceName, std::vector<int>(kNumGenes)};
    for (int g = 0; g < kNumGenes; ++g) arch.genes[g] = static_cast<int>(random() % (g < kNumEdgeGenes ? 2 : 3));
    if (!invalid_reason(cell_of(arch)).empty()) continue;
    ++checked;
    const std::string text = format_arch_string(arch);
    REQUIRE(parse_arch_string(text) == arch);
    REQUIRE(parse_arch_string(format_spec_json(arch)) == arch);
    REQUIRE(text.find_first_of(", \"") == std::string::npos);
  }
}

TEST_CASE("parse accepts short op names, smaller cells and spaced JSON") {
  const std::string text =
      "matrix=0100110/0010000/0001001/0000010/0000010/0000001/0000000;"
      "ops=conv3x3/maxpool3x3/conv3x3/conv3x3-bn-relu/conv1x1";
  CHECK(parse_arch_string(text) == arch_from(kFirstRecordRows, kFirstRecordOps));

  // A 5-vertex spec, as the official API takes it: the output moves to
  // vertex 6, vertices 4 and 5 stay unconnected.
  const std::string small =
      "{\"matrix\": [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]],\n"
      "  \"ops\": [\"input\", \"conv1x1-bn-relu\", \"maxpool3x3\", \"conv3x3-bn-relu\", \"output\"]}";
  const Arch padded = parse_arch_string(small);
  CHECK(format_arch_string(padded) ==
        "matrix=0110000/0001000/0000001/0000001/0000000/0000000/0000000;"
        "ops=conv1x1-bn-relu/maxpool3x3/conv3x3-bn-relu/conv3x3-bn-relu/conv3x3-bn-relu");
  CHECK(parse_arch_string("matrix=01100/00010/00001/00001/00000;ops=conv1x1/maxpool3x3/conv3x3") == padded);

  // The smallest cell: input -> output. Booleans count as 0 and 1.
  const Arch direct =
      parse_arch_string("{\"matrix\": [[false, true], [false, false]], \"ops\": [\"input\", \"output\"]}");
  CHECK(direct.genes[edge_gene(0, 6)] == 1);
  CHECK(cell_of(direct).edges() == 1);
  CHECK(parse_arch_string("matrix=01/00;ops=") == direct);

  // Unpruned specs parse as they are; pruning happens later.
  const Arch dangling = parse_arch_string(
      "{\"matrix\": [[0,1,1,0,0,0,0],[0,0,0,0,0,0,1],[0,0,0,1,0,0,0],[0,0,0,0,0,0,0],[0,0,0,0,0,0,0],"
      "[0,0,0,0,0,0,0],[0,0,0,0,0,0,0]], \"ops\": [\"input\", \"conv3x3-bn-relu\", \"conv1x1-bn-relu\", "
      "\"maxpool3x3\", \"conv3x3-bn-relu\", \"conv3x3-bn-relu\", \"output\"]}");
  CHECK(dangling.genes[edge_gene(2, 3)] == 1);
  CHECK(prune(cell_of(dangling))->cell.vertices == 3);
}

TEST_CASE("text parse errors name the position") {
  CHECK(error_of("") == "invalid nb101 architecture string: the string is empty");

  const std::string start = "matrix:0100110";
  CHECK(contains(error_of(start), "expected \"matrix=\""));
  CHECK(contains(error_of(start), "at character 7"));

  const std::string lower = "matrix=0100110/1010000/0001001/0000010/0000010/0000001/0000000;ops=" +
                            std::string("conv3x3/maxpool3x3/conv3x3/conv3x3/conv1x1");
  CHECK(contains(error_of(lower), "entry (1, 0) is 1"));
  CHECK(contains(error_of(lower), "upper triangular"));
  CHECK(contains(error_of(lower), "at character 16"));

  const std::string short_row = "matrix=0100110/0010000/000101/0000010/0000010/0000001/0000000;ops=a/b/c/d/e";
  CHECK(contains(error_of(short_row), "row 2 of the matrix has 6 entries, expected 7"));
  CHECK(contains(error_of(short_row), at_character_of(short_row, "/0000010")));

  const std::string few_rows = "matrix=0100110/0010000;ops=conv3x3";
  CHECK(contains(error_of(few_rows), "the matrix has 2 row(s) but 7 columns"));
  CHECK(contains(error_of(few_rows), at_character_of(few_rows, ";")));

  const std::string unknown =
      std::string(kFirstRecordText).replace(std::string(kFirstRecordText).find("maxpool3x3"), 10, "avgpool3x3");
  CHECK(contains(error_of(unknown), "unknown op \"avgpool3x3\" for vertex 2"));
  CHECK(contains(error_of(unknown), at_character_of(unknown, "avgpool3x3")));

  const std::string missing_op = "matrix=0100110/0010000/0001001/0000010/0000010/0000001/0000000;ops=conv3x3/conv3x3";
  CHECK(contains(error_of(missing_op), "needs 5 ops; expected '/' before the op of vertex 3"));
  CHECK(contains(error_of(missing_op), "at character " + std::to_string(missing_op.size() + 1)));

  const std::string trailing = std::string(kFirstRecordText) + "/conv3x3";
  CHECK(contains(error_of(trailing), "the string continues"));
  CHECK(contains(error_of(trailing), "at character " + std::to_string(std::string(kFirstRecordText).size() + 1)));

  const std::string wide = "matrix=01001100/0010000";
  CHECK(contains(error_of(wide), "more than 7 entries"));
  CHECK(contains(error_of(wide), "at character 15"));
}

TEST_CASE("JSON parse errors name the position") {
  const std::string json = kFirstRecordJson;

  const std::string unclosed = json.substr(0, json.size() - 1);
  CHECK(contains(error_of(unclosed), "malformed JSON"));
  CHECK(contains(error_of(unclosed), "at character " + std::to_string(unclosed.size() + 1)));

  std::string bad_op = json;
  bad_op.replace(bad_op.find("\"maxpool3x3\""), 12, "\"conv5x5\"");
  CHECK(contains(error_of(bad_op), "unknown op \"conv5x5\" for vertex 2"));
  CHECK(contains(error_of(bad_op), at_character_of(bad_op, "\"conv5x5\"")));

  std::string below = json;
  const size_t row3 = below.find("[0, 0, 0, 1, 0, 0, 1]");
  below.replace(row3, 21, "[0, 1, 0, 1, 0, 0, 1]");
  CHECK(contains(error_of(below), "entry (2, 1) is 1"));
  CHECK(contains(error_of(below), "at character " + std::to_string(row3 + 4 + 1)));

  std::string two = json;
  two.replace(two.find("[0, 0, 1, 0, 0, 0, 0]"), 21, "[0, 0, 2, 0, 0, 0, 0]");
  CHECK(contains(error_of(two), "entry (1, 2) of \"matrix\" must be 0 or 1, found 2"));

  std::string no_input = json;
  no_input.replace(no_input.find("\"input\""), 7, "\"inp\"");
  CHECK(contains(error_of(no_input), "vertex 0 must be \"input\", found \"inp\""));
  CHECK(contains(error_of(no_input), at_character_of(no_input, "\"inp\"")));

  std::string extra_key = json;
  extra_key.insert(1, "\"hash\": \"x\", ");
  CHECK(contains(error_of(extra_key), "unknown key \"hash\""));
  CHECK(contains(error_of(extra_key), "at character 2"));

  const std::string ragged = "{\"matrix\": [[0, 1], [0]], \"ops\": [\"input\", \"output\"]}";
  CHECK(contains(error_of(ragged), "row 1 of \"matrix\" must be an array of 2 entries"));
  CHECK(contains(error_of(ragged), at_character_of(ragged, "[0]")));

  const std::string short_ops = "{\"matrix\": [[0, 1], [0, 0]], \"ops\": [\"input\"]}";
  CHECK(contains(error_of(short_ops), "\"ops\" has 1 names but \"matrix\" has 2 vertices"));

  CHECK(contains(error_of("{\"ops\": []}"), "the spec has no \"matrix\" at character 1"));
  CHECK(contains(error_of("[1, 2]"), "expected an object"));
}

TEST_CASE("deeply nested JSON is a parse error, not a stack overflow") {
  // Found with tests/fuzz (fuzz_nb101_json): 5000 '[' overflowed the stack.
  const std::string deep = "{\"matrix\": " + std::string(200000, '[');
  CHECK(contains(error_of(deep), "nest deeper than 100 levels"));
  CHECK(contains(error_of(deep), "at character 111"));  // the 100th [, level 101 under the object
}

TEST_CASE("well-formed specs outside NAS-Bench-101 are clear errors") {
  const std::string disconnected =
      "{\"matrix\": [[0, 1, 0], [0, 0, 0], [0, 0, 0]], \"ops\": [\"input\", \"conv3x3-bn-relu\", \"output\"]}";
  CHECK(contains(error_of(disconnected), "the cell is not in NAS-Bench-101: the input does not reach the output"));
  const std::string ten_edges =
      "matrix=0110001/0001100/0000011/0000001/0000001/0000001/0000000;"
      "ops=conv3x3/conv3x3/conv3x3/conv3x3/conv3x3";
  CHECK(contains(error_of(ten_edges), "it has 10 edges after pruning, more than NAS-Bench-101's 9"));
  CHECK(contains(error_of("{\"matrix\": [[0]], \"ops\": [\"input\"]}"), "NB101 cells have 2 to 7 vertices"));
}
