// derive(): DARTS's rule for turning edge probabilities into a genotype.
#include "darts_derive.h"
#include "darts_genotype_string.h"
#include "darts_ops.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace naskernel;
using namespace naskernel::darts;

namespace {

using Probabilities = std::vector<std::vector<double>>;

// Uniform rows: every edge equally strong, every op equally likely.
Probabilities uniform() { return Probabilities(kNumPathGenes, std::vector<double>(kNumPathChoices, 1.0 / 8)); }

void set(Probabilities& p, int cell, int node, int from, int op, double value) {
  p[static_cast<size_t>(path_gene(cell, node, from))][static_cast<size_t>(path_choice(op))] = value;
}

}  // namespace

TEST_CASE("derive keeps each node's two strongest edges by their best non-none op, strongest first") {
  Probabilities p = uniform();
  // Normal node 5 (k = 3): edges from 4 (sep_conv_5x5 0.5) and 2 (dil_conv_3x3
  // 0.4) are strongest; `none` at 0.9 on edge 0 does not count.
  set(p, kNormal, 3, 4, kSepConv5x5, 0.5);
  set(p, kNormal, 3, 2, kDilConv3x3, 0.4);
  p[static_cast<size_t>(path_gene(kNormal, 3, 0))][kPathNone] = 0.9;
  // Reduce node 3 (k = 1): edge 2 (skip 0.3), then edge 0 (max_pool 0.2).
  set(p, kReduce, 1, 2, kSkipConnect, 0.3);
  set(p, kReduce, 1, 0, kMaxPool3x3, 0.2);

  const Arch arch = derive_genotype(p);
  CHECK(arch.genes[input_gene(kNormal, 3, 0)] == 4);
  CHECK(arch.genes[op_gene(kNormal, 3, 0)] == kSepConv5x5);
  CHECK(arch.genes[input_gene(kNormal, 3, 1)] == 2);
  CHECK(arch.genes[op_gene(kNormal, 3, 1)] == kDilConv3x3);
  CHECK(arch.genes[input_gene(kReduce, 1, 0)] == 2);
  CHECK(arch.genes[op_gene(kReduce, 1, 0)] == kSkipConnect);
  CHECK(arch.genes[input_gene(kReduce, 1, 1)] == 0);
  CHECK(arch.genes[op_gene(kReduce, 1, 1)] == kMaxPool3x3);

  // Untouched nodes: all ties, so DARTS's stable sort keeps edges 0 and 1 and
  // its strict comparison the first op (max_pool_3x3).
  for (int cell : {kNormal, kReduce})
    for (int node : {0, 2}) {
      CHECK(arch.genes[input_gene(cell, node, 0)] == 0);
      CHECK(arch.genes[input_gene(cell, node, 1)] == 1);
      CHECK(arch.genes[op_gene(cell, node, 0)] == kMaxPool3x3);
    }
}

TEST_CASE("derive reproduces DARTS_V2's normal cell from probabilities that favour it") {
  const Arch v2 = parse_genotype(
      "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
      "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
      "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
      "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
      "reduce_concat=[2, 3, 4, 5])");
  Probabilities p = uniform();
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot)  // the first pair a little stronger, as DARTS lists it
        set(p, cell, node, v2.genes[input_gene(cell, node, slot)], v2.genes[op_gene(cell, node, slot)],
            slot == 0 ? 0.6 : 0.5);
  CHECK(format_genotype(derive_genotype(p)) == format_genotype(v2));
}

TEST_CASE("derive refuses probabilities of the wrong shape") {
  CHECK_THROWS_AS(derive_genotype(Probabilities(27, std::vector<double>(8, 0.1))), std::invalid_argument);
  Probabilities p = uniform();
  p[5].pop_back();
  CHECK_THROWS_AS(derive_genotype(p), std::invalid_argument);
}
