// Keys that are equal for architectures computing the same function family.
//
// A cell is rewritten as sums of operation instances (each conv edge is one
// instance with its own weights): skip_connect forwards a node's sum;
// avg_pool_3x3 is linear, so it is pushed onto each term of the sum it reads
// (pool(a + b) = pool(a) + pool(b)); none, and edges from nodes that receive
// nothing, add nothing. Parallel convolutions of the same op on equal sums
// into the same node always travel together and are merged with a
// multiplicity. Only what reaches the output is kept; instances are then
// labelled canonically (isomorphic cells get the same key).
//
// Across blocks: a block whose output nobody reads (the next block's cell
// ignores its previous-block input) is written `-`, whatever its genes. In
// block 1 both inputs are the same feature, so they are one leaf `x` there;
// elsewhere the leaves are `p` (previous block) and `e` (encoder feature).
// Sync keys are one cell key (its blocks 2..4 tell p from e), plus
// `@upsampling` in v2.
#pragma once

#include "df_encoding.h"

#include <naskernel/arch.h>

#include <string>

namespace naskernel::depth_fusion {

std::string canonical_key(const Encoding& encoding, const Arch& arch);

// The key of one cell; `merged_inputs` when its two inputs are equal.
std::string cell_canonical_key(const CellShape& shape, const std::vector<int>& ops, bool merged_inputs);

}  // namespace naskernel::depth_fusion
