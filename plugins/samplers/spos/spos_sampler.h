// SPOS (Guo et al., "Single Path One-Shot Neural Architecture Search with
// Uniform Sampling", ECCV 2020): every training step uses one architecture
// drawn uniformly from the space; at the end, aging evolution searches the
// space with the super-net as the evaluator.
//
// Manifest keys (all optional):
//   population = 50    members of the evolving population (>= 2)
//   tournament = 10    members drawn to choose each parent (1..population)
//   queries    = 1000  distinct architectures the evolution may score (>= population)
//
// RNG streams: "sampler.path" (training paths), "sampler.evolution".
#pragma once

#include "aging_evolution.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/sampler.h>

#include <vector>

namespace naskernel::spos {

class SposSampler : public Sampler {
 public:
  explicit SposSampler(const Config& config);
  static std::vector<KeySpec> keys();

  void attach(Host& host) override;
  Path training_path(const StepInfo& step) override;
  std::vector<Arch> propose(int k) override;

  const EvolutionSettings& settings() const { return settings_; }
  // What the last propose() did (budget used, why it stopped).
  const EvolutionResult& last_search() const { return last_search_; }

  // No save()/load(): between steps the sampler holds nothing but its RNG
  // streams, which the host checkpoints. Super-net scores are deliberately
  // not kept from one propose() to the next, as training changes them.

 private:
  Host& host() const;

  EvolutionSettings settings_;
  Host* host_ = nullptr;
  EvolutionResult last_search_;
};

}  // namespace naskernel::spos
