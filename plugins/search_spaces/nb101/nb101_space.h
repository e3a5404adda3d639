// NAS-Bench-101 as a naskernel search space: 21 adjacency genes and 5 op
// genes, valid cells only, the official module hash as canonical and table
// key, NB101's stand-alone network and Yu et al.'s weight-sharing super-net.
#pragma once

#include <naskernel/config.h>
#include <naskernel/plugin.h>
#include <naskernel/search_space.h>

#include "nb101_layout.h"
#include "nb101_options.h"

namespace naskernel::nb101 {

class Nb101Space : public SearchSpace {
 public:
  explicit Nb101Space(const Config& config);
  explicit Nb101Space(Nb101Options options = {});
  static std::vector<KeySpec> keys();

  std::string name() const override;
  const std::vector<Gene>& genes() const override;

  std::string format(const Arch& arch) const override;
  Arch parse(const std::string& text) const override;
  // Both are the official module hash of the pruned cell.
  std::string canonical_key(const Arch& arch) const override;
  std::string table_key(const Arch& arch) const override;
  std::string invalid_reason(const Arch& arch) const override;

  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& spec) const override;
  std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& spec) const override;
  ModelCost cost(const Arch& arch, const NetworkSpec& spec) const override;

  Arch derive(const std::vector<std::vector<double>>& probabilities) const override;
  // Not enumerated here (NB101 has 423,624 unique cells up to isomorphism).
  std::optional<uint64_t> cardinality() const override { return std::nullopt; }
  Arch from_index(uint64_t index) const override;
  Arch mutate(const Arch& arch, Rng& rng) const override;

  const Nb101Options& options() const { return options_; }
  // The stand-alone network's and the super-net's shapes for `spec`.
  Layout standalone_layout(const NetworkSpec& spec) const;
  Layout supernet_layout(const NetworkSpec& spec) const;

 private:
  Nb101Options options_;
  std::vector<Gene> genes_;
};

}  // namespace naskernel::nb101
