// DARTS's Genotype string and NAS-Bench-301's compact form: writing, reading,
// and errors that name the position.
#include "darts_genotype.h"
#include "darts_genotype_string.h"
#include "darts_ops.h"
#include "darts_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

using namespace naskernel;
using namespace naskernel::darts;
using namespace darts_test;

TEST_CASE("DARTS_V1 and DARTS_V2 read and write back exactly as Python prints them") {
  for (const std::string& text : {kDartsV1, kDartsV2}) {
    const Arch arch = parse_genotype(text);
    CHECK(format_genotype(arch) == text);
  }
  const Arch v2 = parse_genotype(kDartsV2);
  CHECK(v2.genes[input_gene(kNormal, 3, 1)] == 2);
  CHECK(v2.genes[op_gene(kNormal, 3, 1)] == kDilConv3x3);
  CHECK(v2.genes[input_gene(kReduce, 0, 0)] == 0);
  CHECK(v2.genes[op_gene(kReduce, 0, 0)] == kMaxPool3x3);
}

TEST_CASE("format refuses invalid architectures, which parse would refuse") {
  Arch arch = parse_genotype(kDartsV1);
  arch.genes[input_gene(kNormal, 2, 1)] = arch.genes[input_gene(kNormal, 2, 0)];
  CHECK_THROWS_AS(format_genotype(arch), UserError);
}

TEST_CASE("thousands of random genotypes round-trip through both string forms") {
  Rng rng(17);
  for (int i = 0; i < 5000; ++i) {
    const Arch arch = random_genotype(rng);
    const std::string text = format_genotype(arch);
    REQUIRE(parse_genotype(text) == arch);
    REQUIRE(parse_genotype(compact_string(arch)) == arch);
    REQUIRE(parse_genotype(compact_string(arch, '[', ']')) == arch);
  }
}

TEST_CASE("genotypes.py's multi-line form with range(2, 6), spacing and trailing commas parses") {
  const std::string text = R"(Genotype(
  normal = [
    ("sep_conv_3x3", 0),
    ('sep_conv_3x3', 1),
    ('sep_conv_3x3', 0),
    ('sep_conv_3x3', 1),
    ('sep_conv_3x3', 1),
    ('skip_connect', 0),
    ('skip_connect', 0),
    ('dil_conv_3x3', 2),
  ],
  normal_concat=range(2, 6),
  reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),
          ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],
  reduce_concat = range(2,6),
)
)";
  CHECK(parse_genotype(text) == parse_genotype(kDartsV2));
  // Fields in another order, tuples instead of lists, (input, op) pairs.
  const std::string reordered =
      "Genotype(reduce_concat=(2, 3, 4, 5), reduce=((0, 'max_pool_3x3'), (1, 'max_pool_3x3'), (2, 'skip_connect'), "
      "(1, 'max_pool_3x3'), (0, 'max_pool_3x3'), (2, 'skip_connect'), (2, 'skip_connect'), (1, 'max_pool_3x3')), "
      "normal_concat=[2, 3, 4, 5], normal=[(0, 'sep_conv_3x3'), (1, 'sep_conv_3x3'), (0, 'sep_conv_3x3'), "
      "(1, 'sep_conv_3x3'), (1, 'sep_conv_3x3'), (0, 'skip_connect'), (0, 'skip_connect'), (2, 'dil_conv_3x3')])";
  CHECK(parse_genotype(reordered) == parse_genotype(kDartsV2));
}

TEST_CASE("NAS-Bench-301's compact (input, op index) form reads as DARTS_V2") {
  const std::string compact =
      "(((0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)), "
      "((0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)))";
  CHECK(parse_genotype(compact) == parse_genotype(kDartsV2));
  const std::string lists =
      "[[[0, 'sep_conv_3x3'], [1, 3], [0, 3], [1, 3], [1, 3], [0, 2], [0, 2], [2, 5]],\n"
      " [[0, 0], [1, 0], [2, 2], [1, 0], [0, 0], [2, 2], [2, 2], [1, 0]]]";
  CHECK(parse_genotype(lists) == parse_genotype(kDartsV2));
}

namespace {

// The 1-based position the error names, or -1.
int error_position(const std::string& text, std::string* message = nullptr) {
  try {
    parse_genotype(text);
  } catch (const ArchParseError& e) {
    const std::string what = e.what();
    if (message) *message = what;
    const size_t at = what.rfind("at character ");
    return at == std::string::npos ? -1 : std::stoi(what.substr(at + 13));
  }
  return -1;
}

std::string v2_with(const std::string& from, const std::string& to) {
  std::string text = kDartsV2;
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("parse errors name the character position and the problem") {
  struct Case {
    std::string text;
    int position;  // 1-based
    std::string says;
  };
  const std::string v2 = kDartsV2;
  const std::vector<Case> cases = {
      {"", 1, "empty"},
      {"Genotyp(normal=[])", 1, "expected `Genotype(`"},
      {"Genotype[", 9, "expected '('"},
      {v2_with("'sep_conv_3x3', 0", "'sep_conv_7x7', 0"), 19, "unknown operation \"sep_conv_7x7\""},
      {v2_with("'sep_conv_3x3', 0", "'none', 0"), 19, "`none` is not an operation"},
      {v2_with("('sep_conv_3x3', 1)", "('sep_conv_3x3', 0)"), 56, "takes node 0 twice"},
      {v2_with("('dil_conv_3x3', 2)", "('dil_conv_3x3', 6)"), 182, "input 6"},
      {v2_with("normal_concat=[2, 3, 4, 5]", "normal_concat=[2, 3, 4, 5, 6]"), 214, "more than nodes 2..5"},
      {v2_with("normal_concat=[2, 3, 4, 5]", "normal_concat=[4, 5, 6]"), 202, "node 2 belongs"},
      {v2_with("normal_concat=[2, 3, 4, 5]", "normal_concat=range(2, 7)"), 210, "ends before node 7"},
      {v2_with("normal=", "nromal="), 10, "expected a field name"},
      {v2_with(", reduce_concat=[2, 3, 4, 5]", ""), 390, "`reduce_concat` is missing"},
      {v2_with("reduce_concat=[2, 3, 4, 5]", "normal_concat=[2, 3, 4, 5]"), 392, "given twice"},
      {v2_with(", ('dil_conv_3x3', 2)]", "]"), 163, "has 7 pair(s) but needs 8"},
      {v2_with("('dil_conv_3x3', 2)]", "('dil_conv_3x3', 2), ('skip_connect', 1)]"), 186, "more than 8 pairs"},
      {v2_with("('sep_conv_3x3', 0)", "(0, 3)"), 19, "found two numbers"},
      {v2_with("('sep_conv_3x3', 0)", "('sep_conv_3x3' 0)"), 34, "expected ','"},
      {v2 + " extra", static_cast<int>(v2.size()) + 2, "expected the end"},
      {"((0, 3), (1, 3))", 3, "expected '[' or '('"},
      {"(((0, 9), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)), ())", 7, "operation index 9"},
      {"Genotype(normal=[('sep_conv_3x3, 0)])", 19, "unterminated string"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string message;
    CHECK(error_position(c.text, &message) == c.position);
    CAPTURE(message);
    CHECK(message.find(c.says) != std::string::npos);
  }
}
