#include "df_encoding.h"

#include <naskernel/errors.h>

#include <stdexcept>

namespace naskernel::depth_fusion {

const char* version_name(Version version) { return version == Version::v1 ? "v1" : "v2"; }

const char* mode_name(Mode mode) { return mode == Mode::sync ? "sync" : "non-sync"; }

CellShape::CellShape(int nodes) : nodes_(nodes) {
  if (nodes < kMinNodes || nodes > kMaxNodes)
    throw std::invalid_argument("depth_fusion: a cell has " + std::to_string(kMinNodes) + ".." +
                                std::to_string(kMaxNodes) + " nodes, got " + std::to_string(nodes));
  for (int to = 2; to < num_nodes(); ++to)
    for (int from = 0; from < to; ++from) edges_.push_back({to, from});
}

std::string CellShape::edge_name(int e) const {
  return std::to_string(edge(e).to) + "<-" + std::to_string(edge(e).from);
}

Encoding::Encoding(Version version, Mode mode, int nodes) : version_(version), mode_(mode), cell_(nodes) {}

std::vector<int> Encoding::cell_ops(const Arch& arch, int cell) const {
  std::vector<int> ops(static_cast<size_t>(cell_.num_edges()));
  for (int e = 0; e < cell_.num_edges(); ++e) ops[static_cast<size_t>(e)] = arch.genes[static_cast<size_t>(edge_gene(cell, e))];
  return ops;
}

int Encoding::upsampling(const Arch& arch, int cell) const {
  return searches_upsampling() ? arch.genes[static_cast<size_t>(upsampling_gene(cell))] : kBilinear;
}

std::vector<GeneSpec> Encoding::genes() const {
  const std::vector<std::string> ops(kOpNames.begin(), kOpNames.end());
  const std::vector<std::string> upsamplings(kUpsamplingNames.begin(), kUpsamplingNames.end());
  std::vector<GeneSpec> genes;
  for (int c = 0; c < num_cells(); ++c) {
    const std::string prefix = mode_ == Mode::sync ? "" : "block" + std::to_string(c + 1) + ".";
    for (int e = 0; e < cell_.num_edges(); ++e) genes.push_back({prefix + cell_.edge_name(e), ops});
    if (searches_upsampling()) genes.push_back({prefix + "up", upsamplings});
  }
  return genes;
}

std::string Encoding::cell_label(int cell) const {
  return mode_ == Mode::sync ? "the shared cell" : "the cell of block " + std::to_string(cell + 1);
}

void Encoding::check(const Arch& arch) const {
  if (arch.space != kSpaceName)
    throw UserError("architecture of search space '" + arch.space + "' given to the depth_fusion search space");
  if (arch.genes.size() != static_cast<size_t>(num_genes()))
    throw UserError(std::string("a depth_fusion ") + version_name(version_) + " " + mode_name(mode_) +
                    " architecture with " + std::to_string(cell_.nodes()) + "-node cells has " +
                    std::to_string(num_genes()) + " genes, got " + std::to_string(arch.genes.size()));
  const std::vector<GeneSpec> all = genes();
  for (size_t g = 0; g < all.size(); ++g)
    if (arch.genes[g] < 0 || arch.genes[g] >= static_cast<int>(all[g].choices.size()))
      throw UserError("depth_fusion gene " + std::to_string(g) + " (" + all[g].name + ") is " +
                      std::to_string(arch.genes[g]) + ", outside its range 0.." +
                      std::to_string(all[g].choices.size() - 1));
}

}  // namespace naskernel::depth_fusion
