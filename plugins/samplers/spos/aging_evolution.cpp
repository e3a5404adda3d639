#include "aging_evolution.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace naskernel::spos {

bool ranks_before(double a, double b, bool higher_is_better) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return higher_is_better ? a > b : a < b;
}

namespace {

// Validates the settings and the mandatory callbacks once, up front.
void check(const EvolutionSettings& settings, const EvolutionProblem& problem) {
  if (settings.population < 2) throw std::invalid_argument("aging evolution needs a population of at least 2");
  if (settings.tournament < 1 || settings.tournament > settings.population)
    throw std::invalid_argument("aging evolution needs 1 <= tournament <= population");
  if (settings.queries < settings.population)
    throw std::invalid_argument("aging evolution needs queries >= population");
  if (settings.stale_cycles_per_member < 1)
    throw std::invalid_argument("aging evolution needs stale_cycles_per_member >= 1");
  if (!problem.random || !problem.mutate || !problem.score)
    throw std::invalid_argument("aging evolution needs random, mutate and score callbacks");
}

std::string genes_key(const Arch& arch) {
  std::string key = arch.space;
  for (int g : arch.genes) key += "," + std::to_string(g);
  return key;
}

// The search state: every architecture scored so far (in the order it was
// first scored, so that ties break deterministically) and a lookup into it.
class ScoreCache {
 public:
  const double* find(const Arch& arch) const {
    auto it = index_.find(arch);
    return it == index_.end() ? nullptr : &scored_[it->second].score;
  }
  void add(const Arch& arch, double score) {
    index_.emplace(arch, scored_.size());
    scored_.push_back({arch, score});
  }
  int64_t size() const { return static_cast<int64_t>(scored_.size()); }
  const std::vector<ScoredArch>& all() const { return scored_; }

 private:
  std::unordered_map<Arch, size_t> index_;
  std::vector<ScoredArch> scored_;
};

std::vector<double> score_checked(const EvolutionProblem& problem, const std::vector<Arch>& archs) {
  std::vector<double> scores = problem.score(archs);
  if (scores.size() != archs.size()) {
    std::ostringstream message;
    message << "the evaluator returned " << scores.size() << " scores for " << archs.size() << " architectures";
    throw std::runtime_error(message.str());
  }
  return scores;
}

// Logs "n/queries scored" each time another tenth of the budget is used.
class Progress {
 public:
  Progress(const EvolutionSettings& settings, const EvolutionProblem& problem)
      : settings_(settings), problem_(problem) {}

  void update(const ScoreCache& cache, const ScoredArch& best) {
    if (!problem_.log) return;
    bool crossed = false;
    while (next_tenth_ <= 10 && cache.size() * 10 >= static_cast<int64_t>(settings_.queries) * next_tenth_) {
      ++next_tenth_;
      crossed = true;
    }
    if (!crossed) return;
    std::ostringstream message;
    message << "aging evolution: " << cache.size() << "/" << settings_.queries << " architectures scored, best "
            << best.score;
    if (problem_.describe) message << " " << problem_.describe(best.arch);
    problem_.log(message.str());
  }

 private:
  const EvolutionSettings& settings_;
  const EvolutionProblem& problem_;
  int next_tenth_ = 1;
};

std::vector<ScoredArch> top_distinct(const std::vector<ScoredArch>& scored, const EvolutionProblem& problem, int k) {
  std::vector<ScoredArch> ranked = scored;
  std::stable_sort(ranked.begin(), ranked.end(), [&](const ScoredArch& a, const ScoredArch& b) {
    return ranks_before(a.score, b.score, problem.higher_is_better);
  });
  std::vector<ScoredArch> best;
  std::unordered_set<std::string> seen;
  for (const auto& candidate : ranked) {
    if (static_cast<int>(best.size()) >= k) break;
    const std::string key = problem.key ? problem.key(candidate.arch) : genes_key(candidate.arch);
    if (seen.insert(key).second) best.push_back(candidate);
  }
  return best;
}

}  // namespace

EvolutionResult run_aging_evolution(const EvolutionSettings& settings, const EvolutionProblem& problem, int k,
                                    Rng& rng) {
  check(settings, problem);
  EvolutionResult result;
  auto cancelled = [&] { return problem.cancelled && problem.cancelled(); };
  if (cancelled()) {
    result.cancelled = true;
    return result;
  }

  ScoreCache cache;
  Progress progress(settings, problem);
  ScoredArch best_so_far;
  auto remember = [&](const Arch& arch, double score) {
    cache.add(arch, score);
    if (cache.size() == 1 || ranks_before(score, best_so_far.score, problem.higher_is_better))
      best_so_far = {arch, score};
  };

  // The initial population: random architectures, the unseen ones scored in
  // one batch so that the evaluator can use the device well.
  std::vector<Arch> initial;
  std::vector<Arch> unseen;
  std::unordered_set<Arch> pending;
  for (int i = 0; i < settings.population; ++i) {
    initial.push_back(problem.random(rng));
    if (pending.insert(initial.back()).second) unseen.push_back(initial.back());
  }
  const std::vector<double> initial_scores = score_checked(problem, unseen);
  for (size_t i = 0; i < unseen.size(); ++i) remember(unseen[i], initial_scores[i]);
  progress.update(cache, best_so_far);

  std::deque<ScoredArch> population;
  for (const auto& arch : initial) population.push_back({arch, *cache.find(arch)});

  // Each cycle: the best of `tournament` uniform draws is the parent; its
  // mutant joins the population and the oldest member leaves it.
  const int64_t stale_limit = static_cast<int64_t>(settings.stale_cycles_per_member) * settings.population;
  int64_t stale_cycles = 0;
  while (cache.size() < settings.queries) {
    if (cancelled()) {
      result.cancelled = true;
      break;
    }
    if (stale_cycles >= stale_limit) {
      result.stalled = true;
      break;
    }
    const ScoredArch* parent = nullptr;
    for (int draw = 0; draw < settings.tournament; ++draw) {
      const ScoredArch& member = population[rng.uniform_int(0, static_cast<int64_t>(population.size()) - 1)];
      if (!parent || ranks_before(member.score, parent->score, problem.higher_is_better)) parent = &member;
    }
    const Arch child = problem.mutate(parent->arch, rng);
    ++result.cycles;

    double child_score;
    if (const double* cached = cache.find(child)) {
      // Seen before: re-scoring would waste budget on an unchanged super-net.
      child_score = *cached;
      ++stale_cycles;
    } else {
      child_score = score_checked(problem, {child}).front();
      remember(child, child_score);
      progress.update(cache, best_so_far);
      stale_cycles = 0;
    }
    population.push_back({child, child_score});
    population.pop_front();
  }

  result.scored = cache.size();
  result.best = top_distinct(cache.all(), problem, k);
  return result;
}

}  // namespace naskernel::spos
