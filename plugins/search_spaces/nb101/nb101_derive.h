// The architecture that learned gene probabilities stand for (samplers that
// learn a distribution over paths, e.g. GDAS): every op gene takes its most
// probable op; edges are taken in decreasing probability of being present,
// each kept only while at most 9 edges are kept in total. When the most
// probable edges leave the input disconnected from the output, further
// edges are added in the same order while fewer than 9 are kept, and if
// that does not connect them either, the weakest kept edge gives way to the
// input -> output edge. The result is always valid.
#pragma once

#include <naskernel/arch.h>

#include <vector>

namespace naskernel::nb101 {

// `probabilities`: 26 rows (genes() order), 2 values for an edge gene
// (absent, present) and 3 for an op gene.
Arch derive_arch(const std::vector<std::vector<double>>& probabilities);

}  // namespace naskernel::nb101
