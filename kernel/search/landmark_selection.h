// Choosing landmark architectures and the evaluation set, for any search
// space (only SearchSpace::random/mutate/distance/canonical_key are used).
#pragma once

#include "recipes.h"

#include <naskernel/search_space.h>

#include <set>
#include <string>
#include <vector>

namespace naskernel {

// The paper's Algorithm 1 ("diverse"): a random root, then each further
// landmark by repeated single-gene mutation of the root until its Hamming
// distance to the root exceeds min_distance. "random": uniform draws.
// "list": the given strings. Landmarks are distinct by canonical key and
// avoid the keys in `exclude`. Gives up with a UserError after max_tries.
std::vector<Arch> select_landmarks(const SearchSpace& space, const LandmarkOptions& options, Rng& rng,
                                   const std::set<std::string>& exclude = {});

// What select_landmarks refuses before drawing anything, for `validate`: a
// listed landmark that does not parse or repeats another, a min_distance the
// space's gene count cannot exceed.
void check_landmark_options(const SearchSpace& space, const LandmarkOptions& options);

// `count` architectures drawn uniformly, distinct by canonical key and
// outside `exclude` (the landmarks).
std::vector<Arch> sample_evaluation_set(const SearchSpace& space, int count, Rng& rng,
                                        const std::set<std::string>& exclude);

}  // namespace naskernel
