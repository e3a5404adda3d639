// Validity, canonical order, distance, sampling and mutation of darts genotypes.
#include "darts_genotype.h"
#include "darts_genotype_string.h"
#include "darts_ops.h"
#include "darts_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <set>

using namespace naskernel;
using namespace naskernel::darts;
using namespace darts_test;

TEST_CASE("DARTS's published genotypes are valid and distinct") {
  const Arch v1 = parse_genotype(kDartsV1);
  const Arch v2 = parse_genotype(kDartsV2);
  CHECK(invalid_reason(v1).empty());
  CHECK(invalid_reason(v2).empty());
  CHECK(distance(v1, v2) > 0);
}

TEST_CASE("invalid_reason names repeated inputs and malformed encodings") {
  Arch arch = parse_genotype(kDartsV2);
  arch.genes[input_gene(kReduce, 2, 1)] = arch.genes[input_gene(kReduce, 2, 0)];  // node 4 of the reduce cell
  const std::string reason = invalid_reason(arch);
  CHECK(reason.find("node 4 of the reduce cell") != std::string::npos);
  CHECK(reason.find("twice") != std::string::npos);

  Arch short_arch = parse_genotype(kDartsV2);
  short_arch.genes.pop_back();
  CHECK(invalid_reason(short_arch).find("32 genes") != std::string::npos);

  Arch far = parse_genotype(kDartsV2);
  far.genes[input_gene(kNormal, 0, 0)] = 2;  // node 2 can only read nodes 0, 1
  CHECK(invalid_reason(far).find("normal.2.input_a") != std::string::npos);

  Arch bad_op = parse_genotype(kDartsV2);
  bad_op.genes[op_gene(kNormal, 1, 1)] = kNumOps;
  CHECK(invalid_reason(bad_op).find("operation range") != std::string::npos);

  Arch other = parse_genotype(kDartsV2);
  other.space = "nb201";
  CHECK_FALSE(invalid_reason(other).empty());
  CHECK_THROWS_AS(distance(other, other), UserError);
}

TEST_CASE("swapping a node's two inputs gives the same canonical order and distance 0") {
  Rng rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const Arch arch = random_genotype(rng);
    Arch swapped = arch;
    const int cell = static_cast<int>(rng.uniform_int(0, 1));
    const int node = static_cast<int>(rng.uniform_int(0, 3));
    for (int k = 0; k < 2; ++k)
      std::swap(swapped.genes[input_gene(cell, node, 0) + k], swapped.genes[input_gene(cell, node, 1) + k]);
    CHECK(swapped != arch);
    CHECK(canonical_order(swapped) == canonical_order(arch));
    CHECK(distance(arch, swapped) == 0);
    // Canonical order puts the lower input first in every node.
    const Arch canonical = canonical_order(arch);
    for (int c = 0; c < kNumCellTypes; ++c)
      for (int n = 0; n < kNumNodes; ++n)
        CHECK(canonical.genes[input_gene(c, n, 0)] < canonical.genes[input_gene(c, n, 1)]);
  }
}

TEST_CASE("distance counts unequal inputs and ops per node under the better matching of pairs") {
  const Arch v2 = parse_genotype(kDartsV2);
  Arch changed = v2;
  changed.genes[op_gene(kNormal, 3, 1)] = kSepConv5x5;  // node 5: dil_conv_3x3 -> sep_conv_5x5
  CHECK(distance(v2, changed) == 1);
  changed.genes[input_gene(kReduce, 3, 0)] = 3;  // reduce node 5: input 2 -> 3
  CHECK(distance(v2, changed) == 2);
  CHECK(distance(changed, v2) == 2);

  // Replacing node 2's pairs (0, sep3), (1, sep3) by (1, max), (0, avg) differs
  // in two ops under the crossed matching, four element-wise.
  Arch crossed = v2;
  crossed.genes[input_gene(kNormal, 0, 0)] = 1;
  crossed.genes[op_gene(kNormal, 0, 0)] = kMaxPool3x3;
  crossed.genes[input_gene(kNormal, 0, 1)] = 0;
  crossed.genes[op_gene(kNormal, 0, 1)] = kAvgPool3x3;
  CHECK(distance(v2, crossed) == 2);

  // At most 32 (4 elements x 4 nodes x 2 cells); a metric on random triples.
  Rng rng(11);
  for (int trial = 0; trial < 2000; ++trial) {
    const Arch a = random_genotype(rng), b = random_genotype(rng), c = random_genotype(rng);
    const int ab = distance(a, b), bc = distance(b, c), ac = distance(a, c);
    CHECK(ab <= kNumGenes);
    CHECK(ab == distance(b, a));
    CHECK(ac <= ab + bc);
    CHECK((ab == 0) == (canonical_order(a) == canonical_order(b)));
  }
}

TEST_CASE("100k random and 100k mutated genotypes are all valid") {
  Rng rng(2024);
  int invalid = 0;
  int mutation_not_one_gene = 0;
  Arch parent = random_genotype(rng);
  std::set<int> seen_inputs_node5;  // every input of node 5 is drawn
  for (int i = 0; i < 100000; ++i) {
    const Arch arch = random_genotype(rng);
    invalid += !invalid_reason(arch).empty();
    seen_inputs_node5.insert(arch.genes[input_gene(kReduce, 3, 1)]);
    const Arch child = mutate_genotype(parent, rng);
    invalid += !invalid_reason(child).empty();
    int changed = 0;
    for (int g = 0; g < kNumGenes; ++g) changed += child.genes[g] != parent.genes[g];
    mutation_not_one_gene += changed != 1 || distance(child, parent) != 1;
    parent = child;
  }
  CHECK(invalid == 0);
  CHECK(mutation_not_one_gene == 0);
  CHECK(seen_inputs_node5 == std::set<int>{0, 1, 2, 3, 4});
}

TEST_CASE("mutation reaches inputs and ops of every node, never a repeated input") {
  Rng rng(5);
  const Arch v1 = parse_genotype(kDartsV1);
  std::set<int> mutated_genes;
  for (int i = 0; i < 20000; ++i) {
    const Arch child = mutate_genotype(v1, rng);
    for (int g = 0; g < kNumGenes; ++g)
      if (child.genes[g] != v1.genes[g]) mutated_genes.insert(g);
  }
  // Node 2's inputs are {0, 1}: changing one alone would repeat the other.
  for (int g = 0; g < kNumGenes; ++g) {
    const bool node2_input = g % kGenesPerCell < kGenesPerNode && g % 2 == 0;
    CAPTURE(gene_name(g));
    CHECK(mutated_genes.count(g) == (node2_input ? 0u : 1u));
  }
  Arch broken = v1;
  broken.genes[input_gene(kNormal, 1, 1)] = broken.genes[input_gene(kNormal, 1, 0)];
  CHECK_THROWS_AS(mutate_genotype(broken, rng), UserError);
}
