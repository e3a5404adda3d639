// The genotype that learned super-net probabilities stand for, derived as
// DARTS's Network.genotype() does (and GDAS for the DARTS space): per node,
// the two incoming edges whose strongest non-`none` choice is largest, each
// with its most probable non-`none` op. Torch-free.
#pragma once

#include <naskernel/arch.h>

#include <vector>

namespace naskernel::darts {

// `probabilities` has one row per path gene (28: normal edges, then reduce
// edges, in DARTS's edge order) of 8 values (none, then the 7 ops). The
// stronger edge becomes the node's first pair, as DARTS lists it. Ties go to
// the lower edge and the lower op, as DARTS's stable sort and strict
// comparison do. Throws std::invalid_argument on a wrong shape.
Arch derive_genotype(const std::vector<std::vector<double>>& probabilities);

}  // namespace naskernel::darts
