// Aging (regularized) evolution, Real et al., "Regularized Evolution for
// Image Classifier Architecture Search", AAAI 2019.
//
// Kept free of LibTorch and of the Host so that it is cheap to compile and
// can be tested on any scoring function: the search space and the evaluator
// reach it only through the callbacks in EvolutionProblem.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/rng.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace naskernel::spos {

struct EvolutionSettings {
  int population = 50;  // members alive at any time; the initial ones are random
  int tournament = 10;  // members drawn (with replacement) to pick a parent
  int queries = 1000;   // distinct architectures that may be scored
  // The search also ends after stale_cycles_per_member * population
  // consecutive cycles that found no unseen architecture (tiny spaces).
  int stale_cycles_per_member = 100;
};

// What the evolution needs from the outside world.
struct EvolutionProblem {
  std::function<Arch(Rng&)> random;                                 // a uniform architecture
  std::function<Arch(const Arch&, Rng&)> mutate;                    // one gene changed
  std::function<std::vector<double>(const std::vector<Arch>&)> score;  // one score per arch
  bool higher_is_better = true;
  // Architectures with equal keys are one proposal (e.g. isomorphic cells).
  std::function<std::string(const Arch&)> key;
  // Optional: a readable form of an architecture for progress messages.
  std::function<std::string(const Arch&)> describe;
  // Optional: progress messages, about every 10 % of the budget.
  std::function<void(const std::string&)> log;
  // Optional: true when the search should stop with what it has.
  std::function<bool()> cancelled;
};

struct ScoredArch {
  Arch arch;
  double score = 0;
};

struct EvolutionResult {
  std::vector<ScoredArch> best;  // top-k distinct by key, best first
  int64_t scored = 0;            // distinct architectures scored (budget used)
  int64_t cycles = 0;            // mutation cycles after the initial population
  bool stalled = false;          // ended because no unseen architecture turned up
  bool cancelled = false;        // ended because problem.cancelled() said so
};

// Throws std::invalid_argument when the settings are inconsistent (the
// sampler reports configuration errors with their keys before this).
EvolutionResult run_aging_evolution(const EvolutionSettings& settings, const EvolutionProblem& problem, int k,
                                    Rng& rng);

// True when score a ranks strictly before score b; NaN (a diverged path)
// ranks after every number.
bool ranks_before(double a, double b, bool higher_is_better);

}  // namespace naskernel::spos
