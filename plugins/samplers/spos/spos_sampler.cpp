#include "spos_sampler.h"

#include <naskernel/errors.h>

#include <sstream>
#include <stdexcept>

namespace naskernel::spos {

namespace {

int read_at_least(const Config& config, const std::string& key, int fallback, int minimum,
                  const std::string& what) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value < minimum || value > INT32_MAX)
    throw ConfigError(config.location(key) + "key `" + config.path(key) + "` must be " + what + ", got " +
                      std::to_string(value));
  return static_cast<int>(value);
}

}  // namespace

SposSampler::SposSampler(const Config& config) {
  settings_.population = read_at_least(config, "population", 50, 2, "at least 2");
  settings_.tournament = read_at_least(config, "tournament", 10, 1, "at least 1");
  if (settings_.tournament > settings_.population)
    throw ConfigError(config.location("tournament") + "key `" + config.path("tournament") + "` = " +
                      std::to_string(settings_.tournament) + " must not exceed `" + config.path("population") +
                      "` = " + std::to_string(settings_.population));
  settings_.queries = read_at_least(config, "queries", 1000, 1, "at least 1");
  if (settings_.queries < settings_.population)
    throw ConfigError(config.location("queries") + "key `" + config.path("queries") + "` = " +
                      std::to_string(settings_.queries) + " must be at least `" + config.path("population") +
                      "` = " + std::to_string(settings_.population) + ", the initial population is scored first");
}

std::vector<KeySpec> SposSampler::keys() {
  return {{"population", "integer", "50", "members of the aging-evolution population"},
          {"tournament", "integer", "10", "members drawn to choose each parent"},
          {"queries", "integer", "1000", "distinct architectures the evolution may score"}};
}

void SposSampler::attach(Host& host) { host_ = &host; }

Host& SposSampler::host() const {
  if (!host_) throw std::logic_error("spos sampler used before attach()");
  return *host_;
}

Path SposSampler::training_path(const StepInfo&) {
  const SearchSpace& space = host().space();
  return space.path(space.random(host().rng("sampler.path")));
}

std::vector<Arch> SposSampler::propose(int k) {
  Host& h = host();
  if (k < 1) return {};
  const SearchSpace& space = h.space();
  EvolutionProblem problem;
  problem.random = [&](Rng& rng) { return space.random(rng); };
  problem.mutate = [&](const Arch& arch, Rng& rng) { return space.mutate(arch, rng); };
  problem.score = [&](const std::vector<Arch>& archs) { return h.score(archs); };
  problem.higher_is_better = h.higher_is_better();
  // Proposals are ground-truthed by canonical key, so isomorphic
  // architectures would be one proposal spent twice.
  problem.key = [&](const Arch& arch) { return space.canonical_key(arch); };
  problem.describe = [&](const Arch& arch) { return space.format(arch); };
  problem.log = [&](const std::string& message) { h.log(LogLevel::info, message); };
  problem.cancelled = [&] { return h.cancelled(); };

  last_search_ = run_aging_evolution(settings_, problem, k, h.rng("sampler.evolution"));

  std::ostringstream summary;
  summary << "aging evolution finished after " << last_search_.scored << " architectures and "
          << last_search_.cycles << " cycles";
  if (last_search_.stalled) summary << " (no unseen architecture in the last cycles: the space is exhausted)";
  if (last_search_.cancelled) summary << " (cancelled)";
  h.log(LogLevel::info, summary.str());
  if (static_cast<int>(last_search_.best.size()) < k)
    h.log(LogLevel::warn, "aging evolution found only " + std::to_string(last_search_.best.size()) +
                              " distinct architectures of the " + std::to_string(k) + " asked for");

  std::vector<Arch> proposals;
  for (const auto& scored : last_search_.best) proposals.push_back(scored.arch);
  return proposals;
}

}  // namespace naskernel::spos
