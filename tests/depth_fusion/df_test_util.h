// Small helpers shared by the depth_fusion tests.
#pragma once

#include "df_encoding.h"

#include <naskernel/arch.h>
#include <naskernel/rng.h>

#include <string>
#include <vector>

namespace df_test {

using naskernel::depth_fusion::Encoding;
using naskernel::depth_fusion::Mode;
using naskernel::depth_fusion::Version;

inline naskernel::Arch arch_of(std::vector<int> genes) {
  return {naskernel::depth_fusion::kSpaceName, std::move(genes)};
}

// Uniform over all gene values, valid or not.
inline naskernel::Arch any_arch(const Encoding& encoding, naskernel::Rng& rng) {
  naskernel::Arch arch = arch_of({});
  for (const auto& gene : encoding.genes())
    arch.genes.push_back(static_cast<int>(rng.uniform_int(0, static_cast<int64_t>(gene.choices.size()) - 1)));
  return arch;
}

// A cell's ops from (to, from, op) triples; other edges none.
struct Set {
  int to, from, op;
};
inline std::vector<int> cell(const naskernel::depth_fusion::CellShape& shape, std::vector<Set> sets) {
  std::vector<int> ops(static_cast<size_t>(shape.num_edges()), naskernel::depth_fusion::kNone);
  for (const Set& s : sets) ops[static_cast<size_t>(shape.edge_index(s.to, s.from))] = s.op;
  return ops;
}

// An architecture whose cells are `cells` (one for sync, four for
// non-sync) and whose upsamplings (v2) are `ups`.
inline naskernel::Arch arch_from_cells(const Encoding& encoding, const std::vector<std::vector<int>>& cells,
                                       const std::vector<int>& ups = {}) {
  naskernel::Arch arch = arch_of(std::vector<int>(static_cast<size_t>(encoding.num_genes()), 0));
  for (int c = 0; c < encoding.num_cells(); ++c) {
    for (int e = 0; e < encoding.cell().num_edges(); ++e)
      arch.genes[static_cast<size_t>(encoding.edge_gene(c, e))] = cells[static_cast<size_t>(c)][static_cast<size_t>(e)];
    if (encoding.searches_upsampling())
      arch.genes[static_cast<size_t>(encoding.upsampling_gene(c))] = ups.empty() ? 0 : ups[static_cast<size_t>(c)];
  }
  return arch;
}

inline const std::vector<Version>& versions() {
  static const std::vector<Version> all = {Version::v1, Version::v2};
  return all;
}
inline const std::vector<Mode>& modes() {
  static const std::vector<Mode> all = {Mode::sync, Mode::non_sync};
  return all;
}

// The message of the exception `call` throws as E, or "" when it throws nothing.
template <class E, class F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace df_test
