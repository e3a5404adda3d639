// Test plugin: a small but real sampler (uniform paths, proposals ranked by
// the host's score). TINY_UNIFORM_NAME lets the build make a second library
// with the same plugin name, for the duplicate-name test.
#include <naskernel/naskernel.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#ifndef TINY_UNIFORM_NAME
#define TINY_UNIFORM_NAME "tiny_uniform"
#endif

namespace {

class TinyUniform : public naskernel::Sampler {
 public:
  explicit TinyUniform(const naskernel::Config& config) : candidates_(config.get<int>("candidates", 20)) {
    if (candidates_ < 1)
      throw naskernel::ConfigError(config.location("candidates") + "key `" + config.path("candidates") +
                                   "` must be positive, got " + std::to_string(candidates_));
  }

  static std::vector<naskernel::KeySpec> keys() {
    return {{"candidates", "integer", "20", "random architectures scored by propose()"}};
  }

  void attach(naskernel::Host& host) override { host_ = &host; }

  naskernel::Path training_path(const naskernel::StepInfo&) override {
    return host_->space().path(host_->space().random(host_->rng("sampler.path")));
  }

  std::vector<naskernel::Arch> propose(int k) override {
    if (k < 1) throw std::invalid_argument("k must be positive, got " + std::to_string(k));
    std::set<naskernel::Arch> unique;
    for (int i = 0; i < candidates_; ++i) unique.insert(host_->space().random(host_->rng("sampler.propose")));
    std::vector<naskernel::Arch> archs(unique.begin(), unique.end());
    const std::vector<double> scores = host_->score(archs);
    std::vector<size_t> order(archs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const bool higher = host_->higher_is_better();
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return higher ? scores[a] > scores[b] : scores[a] < scores[b]; });
    std::vector<naskernel::Arch> best;
    for (size_t i = 0; i < order.size() && static_cast<int>(best.size()) < k; ++i) best.push_back(archs[order[i]]);
    return best;
  }

 private:
  int candidates_;
  naskernel::Host* host_ = nullptr;
};

}  // namespace

NASKERNEL_PLUGIN(sampler, TINY_UNIFORM_NAME, "0.1.0", TinyUniform)
