#include "subset_selection.h"

#include "shuffle.h"

#include <naskernel/rng.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

namespace naskernel::classification {

std::vector<int64_t> balanced_subset(const std::vector<int64_t>& labels, int64_t count, uint64_t seed) {
  if (count < 0 || count > static_cast<int64_t>(labels.size()))
    throw std::invalid_argument("balanced_subset: cannot choose " + std::to_string(count) + " of " +
                                std::to_string(labels.size()) + " samples");
  std::map<int64_t, std::vector<int64_t>> by_class;
  for (size_t i = 0; i < labels.size(); ++i) by_class[labels[i]].push_back(static_cast<int64_t>(i));
  Rng rng(Rng::derive(seed, "classification.subset"));
  for (auto& [label, members] : by_class) shuffle(members, rng);

  std::vector<int64_t> chosen;
  chosen.reserve(static_cast<size_t>(count));
  for (size_t round = 0; static_cast<int64_t>(chosen.size()) < count; ++round)
    for (auto& [label, members] : by_class) {
      if (round < members.size() && static_cast<int64_t>(chosen.size()) < count) chosen.push_back(members[round]);
    }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace naskernel::classification
