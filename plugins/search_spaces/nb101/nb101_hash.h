// The official NAS-Bench-101 module hash (graph_util.hash_module), by which
// the benchmark's tables are keyed. Isomorphic cells get the same hash.
#pragma once

#include <string>

#include "nb101_pruning.h"

namespace naskernel::nb101 {

// Of a pruned cell, labelled -1 (input), 0..2 (the ops), -2 (output).
std::string module_hash(const PrunedCell& pruned);

}  // namespace naskernel::nb101
