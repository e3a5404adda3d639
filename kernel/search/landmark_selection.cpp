#include "landmark_selection.h"

#include <naskernel/errors.h>

namespace naskernel {
namespace {

void check_min_distance(const SearchSpace& space, const LandmarkOptions& options) {
  const int genes = static_cast<int>(space.genes().size());
  if (options.min_distance >= genes)
    throw ConfigError(options.min_distance_location + "landmarks.min_distance = " + std::to_string(options.min_distance) +
                    " cannot be exceeded in a space with " + std::to_string(genes) + " genes; choose at most " +
                    std::to_string(genes - 1));
}

}  // namespace

void check_landmark_options(const SearchSpace& space, const LandmarkOptions& options) {
  if (options.selection == "list") {
    Rng unused(0);
    select_landmarks(space, options, unused);  // parses only
  } else if (options.selection == "diverse") {
    check_min_distance(space, options);
  }
}

std::vector<Arch> select_landmarks(const SearchSpace& space, const LandmarkOptions& options, Rng& rng,
                                   const std::set<std::string>& exclude) {
  std::vector<Arch> landmarks;
  std::set<std::string> taken = exclude;
  auto try_add = [&](const Arch& arch) {
    if (!taken.insert(space.canonical_key(arch)).second) return false;
    landmarks.push_back(arch);
    return true;
  };

  if (options.selection == "list") {
    for (const auto& text : options.archs) {
      const Arch arch = space.parse(text);
      if (!try_add(arch))
        throw UserError("landmark " + text + " in landmarks.archs duplicates another landmark (same canonical architecture)");
    }
    return landmarks;
  }

  int tries = 0;
  auto give_up = [&](const std::string& why) {
    throw UserError("landmark selection found only " + std::to_string(landmarks.size()) + " of " +
                    std::to_string(options.count) + " landmarks after " + std::to_string(options.max_tries) +
                    " tries (" + why + ")");
  };

  if (options.selection == "random") {
    while (static_cast<int>(landmarks.size()) < options.count) {
      if (++tries > options.max_tries) give_up("the space has too few distinct architectures");
      try_add(space.random(rng));
    }
    return landmarks;
  }

  // diverse
  check_min_distance(space, options);
  const Arch root = space.random(rng);
  try_add(root);
  while (static_cast<int>(landmarks.size()) < options.count) {
    Arch candidate = root;
    while (space.distance(candidate, root) <= options.min_distance) {
      if (++tries > options.max_tries)
        give_up("min_distance " + std::to_string(options.min_distance) + " may be too large");
      candidate = space.mutate(candidate, rng);
    }
    try_add(candidate);
  }
  return landmarks;
}

std::vector<Arch> sample_evaluation_set(const SearchSpace& space, int count, Rng& rng,
                                        const std::set<std::string>& exclude) {
  std::vector<Arch> archs;
  std::set<std::string> taken = exclude;
  const int64_t max_tries = 100LL * count + 10000;
  for (int64_t tries = 0; static_cast<int>(archs.size()) < count; ++tries) {
    if (tries > max_tries)
      throw UserError("the search space has fewer than " + std::to_string(count) +
                      " distinct architectures outside the landmarks; lower evaluation.archs");
    const Arch arch = space.random(rng);
    if (taken.insert(space.canonical_key(arch)).second) archs.push_back(arch);
  }
  return archs;
}

}  // namespace naskernel
