// An architecture: one choice index per gene of its search space.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace naskernel {

struct Arch {
  std::string space;       // name of the search space, e.g. "nb201"
  std::vector<int> genes;  // genes[g] indexes SearchSpace::genes()[g].choices

  bool operator==(const Arch& other) const {
    return space == other.space && genes == other.genes;
  }
  bool operator!=(const Arch& other) const { return !(*this == other); }
  bool operator<(const Arch& other) const {
    return space != other.space ? space < other.space : genes < other.genes;
  }
};

struct ArchHash {
  size_t operator()(const Arch& arch) const {
    uint64_t h = std::hash<std::string>{}(arch.space);
    for (int g : arch.genes) h = (h ^ static_cast<uint64_t>(g + 0x9e37)) * 0x100000001b3ULL;
    return static_cast<size_t>(h);
  }
};

}  // namespace naskernel

template <>
struct std::hash<naskernel::Arch> : naskernel::ArchHash {};
