// NAS-Bench-201 as a naskernel search space: six genes (the cell's edges in
// NB201's string order), five ops each, 15,625 architectures.
#pragma once

#include "nb201_options.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/search_space.h>

namespace naskernel::nb201 {

class Nb201Space : public SearchSpace {
 public:
  explicit Nb201Space(const Config& config);
  explicit Nb201Space(Nb201Options options = {});
  static std::vector<KeySpec> keys();

  std::string name() const override;
  const std::vector<Gene>& genes() const override;

  std::string format(const Arch& arch) const override;
  Arch parse(const std::string& text) const override;
  std::string canonical_key(const Arch& arch) const override;

  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& shape) const override;
  std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& shape) const override;
  // Of the stand-alone network (its BN options decide whether BN counts).
  ModelCost cost(const Arch& arch, const NetworkSpec& shape) const override;

  const Nb201Options& options() const { return options_; }

 private:
  Nb201Options options_;
  std::vector<Gene> genes_;
};

}  // namespace naskernel::nb201
