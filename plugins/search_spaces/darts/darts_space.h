// The DARTS search space (Liu et al., ICLR 2019) as a naskernel search space:
// 32 architecture genes (per cell type and node: input_a, op_a, input_b,
// op_b; see darts_ops.h), 28 path genes (the super-net's edges), DARTS's
// genotype string, its evaluation networks and its search network.
#pragma once

#include "darts_options.h"

#include <naskernel/config.h>
#include <naskernel/plugin.h>
#include <naskernel/search_space.h>

namespace naskernel::darts {

class DartsSpace : public SearchSpace {
 public:
  explicit DartsSpace(const Config& config);
  explicit DartsSpace(DartsOptions options = {});

  static std::vector<KeySpec> keys();

  std::string name() const override;
  const std::vector<Gene>& genes() const override;

  std::string format(const Arch& arch) const override;
  Arch parse(const std::string& text) const override;
  // The genotype string with each node's two pairs ordered by input.
  std::string canonical_key(const Arch& arch) const override;
  // The canonical Genotype string: a node's two (op, input) pairs in a fixed
  // order, so tables that list them either way are found (the kernel parses
  // each row and keys it by this).
  std::string table_key(const Arch& arch) const override { return canonical_key(arch); }
  std::string invalid_reason(const Arch& arch) const override;

  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& spec) const override;
  std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& spec) const override;
  // Of the evaluation network without its auxiliary head.
  ModelCost cost(const Arch& arch, const NetworkSpec& spec) const override;

  const std::vector<Gene>& path_genes() const override;
  Path path(const Arch& arch) const override;
  Arch derive(const std::vector<std::vector<double>>& probabilities) const override;

  // 2.76e20 encodings (1.08e18 genotypes up to the order of a node's
  // inputs) exceed 64 bits: unknown, and from_index() is refused.
  std::optional<uint64_t> cardinality() const override { return std::nullopt; }
  Arch from_index(uint64_t index) const override;
  Arch random(Rng& rng) const override;
  Arch mutate(const Arch& arch, Rng& rng) const override;
  int distance(const Arch& a, const Arch& b) const override;

  const DartsOptions& options() const { return options_; }

 private:
  DartsOptions options_;
  std::vector<Gene> genes_;
  std::vector<Gene> path_genes_;
};

}  // namespace naskernel::darts
