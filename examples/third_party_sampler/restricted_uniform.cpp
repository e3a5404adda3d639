// restricted_uniform: a sampler that trains and searches only architectures
// whose ops all come from a user-given list.
//
//   [sampler]
//   plugin = "restricted_uniform"
//   allowed_ops = ["nor_conv_3x3", "skip_connect"]
//   candidates = 100     # random restricted architectures scored by propose()
//
// Each training step samples every gene uniformly among its allowed ops.
// propose(k) draws `candidates` distinct restricted architectures, scores
// them with the super-net (host.score) and returns the k best.
#include <naskernel/naskernel.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace {

using naskernel::Arch;
using naskernel::ConfigError;

class RestrictedUniform : public naskernel::Sampler {
 public:
  explicit RestrictedUniform(const naskernel::Config& config)
      : allowed_ops_(config.get_list<std::string>("allowed_ops", {})),
        candidates_(config.get<int>("candidates", 100)),
        ops_location_(config.location("allowed_ops")),
        ops_key_(config.path("allowed_ops")) {
    if (!config.has("allowed_ops"))
      throw ConfigError(config.location("plugin") + "missing required key `" + ops_key_ +
                        "` (the op names this sampler may choose, e.g. [\"nor_conv_3x3\", \"skip_connect\"])");
    if (allowed_ops_.empty()) throw ConfigError(ops_location_ + "key `" + ops_key_ + "` must name at least one op");
    if (candidates_ < 1)
      throw ConfigError(config.location("candidates") + "key `" + config.path("candidates") +
                        "` must be positive, got " + std::to_string(candidates_));
  }

  static std::vector<naskernel::KeySpec> keys() {
    return {{"allowed_ops", "array", "", "op names this sampler may choose (required)"},
            {"candidates", "integer", "100", "random architectures scored by propose()"}};
  }

  // The space is known only now: check every allowed op against it.
  void attach(naskernel::Host& host) override {
    host_ = &host;
    const auto& genes = host.space().genes();
    std::vector<std::string> all_ops;
    for (const auto& gene : genes)
      for (const auto& choice : gene.choices)
        if (std::find(all_ops.begin(), all_ops.end(), choice) == all_ops.end()) all_ops.push_back(choice);
    for (const auto& op : allowed_ops_)
      if (std::find(all_ops.begin(), all_ops.end(), op) == all_ops.end())
        throw ConfigError(ops_location_ + "key `" + ops_key_ + "` names `" + op + "`, which is not an op of search space " +
                          host.space().name() + naskernel::did_you_mean(op, all_ops) + "; its ops are " +
                          join(all_ops));

    allowed_choices_.assign(genes.size(), {});
    for (size_t g = 0; g < genes.size(); ++g) {
      for (size_t c = 0; c < genes[g].choices.size(); ++c)
        if (std::find(allowed_ops_.begin(), allowed_ops_.end(), genes[g].choices[c]) != allowed_ops_.end())
          allowed_choices_[g].push_back(static_cast<int>(c));
      if (allowed_choices_[g].empty())
        throw ConfigError(ops_location_ + "key `" + ops_key_ + "` leaves gene `" + genes[g].name + "` of " +
                          host.space().name() + " without a choice; it offers " + join(genes[g].choices));
    }
  }

  naskernel::Path training_path(const naskernel::StepInfo&) override {
    return host_->space().path(random_restricted(host_->rng("sampler.path")));
  }

  std::vector<Arch> propose(int k) override {
    // Distinct by canonical key: isomorphic architectures score alike.
    naskernel::Rng& rng = host_->rng("sampler.propose");
    std::map<std::string, Arch> unique;
    for (int attempt = 0; attempt < 20 * candidates_ && static_cast<int>(unique.size()) < candidates_; ++attempt) {
      Arch arch = random_restricted(rng);
      unique.emplace(host_->space().canonical_key(arch), std::move(arch));
    }
    std::vector<Arch> archs;
    for (auto& entry : unique) archs.push_back(std::move(entry.second));
    const std::vector<double> scores = host_->score(archs);

    std::vector<size_t> order(archs.size());
    std::iota(order.begin(), order.end(), 0);
    const bool higher = host_->higher_is_better();
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return higher ? scores[a] > scores[b] : scores[a] < scores[b]; });
    std::vector<Arch> best;
    for (size_t i = 0; i < order.size() && static_cast<int>(best.size()) < k; ++i) best.push_back(archs[order[i]]);
    host_->log(naskernel::LogLevel::info, "restricted_uniform scored " + std::to_string(archs.size()) +
                                              " restricted architectures for " + std::to_string(best.size()) +
                                              " proposals");
    return best;
  }

 private:
  Arch random_restricted(naskernel::Rng& rng) const {
    Arch arch{host_->space().name(), std::vector<int>(allowed_choices_.size())};
    for (size_t g = 0; g < allowed_choices_.size(); ++g) {
      const auto& choices = allowed_choices_[g];
      arch.genes[g] = choices[static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(choices.size()) - 1))];
    }
    return arch;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
  }

  std::vector<std::string> allowed_ops_;
  int candidates_;
  std::string ops_location_;  // "file:line:col: " of allowed_ops, for errors found in attach()
  std::string ops_key_;
  naskernel::Host* host_ = nullptr;
  std::vector<std::vector<int>> allowed_choices_;  // per gene, the allowed choice indices
};

}  // namespace

NASKERNEL_PLUGIN(sampler, "restricted_uniform", "1.0.0", RestrictedUniform)
