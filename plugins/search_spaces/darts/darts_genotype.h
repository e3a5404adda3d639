// What makes a darts architecture valid, equal to another, near another;
// and how to draw and mutate one. Torch-free.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/rng.h>

#include <string>

namespace naskernel::darts {

// "" when valid; else one sentence: genes out of range, or a node whose two
// inputs are the same node (DARTS keeps two distinct incoming edges).
std::string invalid_reason(const Arch& arch);

// The same genotype with the two (input, op) pairs of every node ordered by
// input (a node's inputs are a set: its sum does not depend on their order).
Arch canonical_order(const Arch& arch);

// Hamming distance over inputs and ops per node, counting unequal elements.
// A node's two pairs are matched to the other node's pairs in the way that
// gives fewer differences, so swapping a node's pairs is distance 0 and any
// single-gene mutation is distance 1 (0..32). On canonical_order() this is
// at most the plain element-wise count and is a metric.
int distance(const Arch& a, const Arch& b);

// Uniform over valid encodings: per node an ordered pair of distinct inputs
// and two ops, all uniform.
Arch random_genotype(Rng& rng);

// One input or one op changed, uniform over all valid single-gene changes
// (an input may not become the node's other input).
Arch mutate_genotype(const Arch& arch, Rng& rng);

}  // namespace naskernel::darts
