#include "gdas_sampler.h"

#include "gumbel_softmax.h"
#include "probable_paths.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

namespace naskernel::gdas {

namespace {

std::string shape_text(const torch::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

}  // namespace

GdasSampler::GdasSampler(const Config& config) : settings_(read_gdas_settings(config)) {}

std::vector<KeySpec> GdasSampler::keys() {
  return {
      {"arch_lr", "float", "3e-4", "Adam learning rate of the architecture logits"},
      {"arch_beta1", "float", "0.5", "Adam beta1 of the architecture logits, in [0, 1)"},
      {"arch_beta2", "float", "0.999", "Adam beta2 of the architecture logits, in [0, 1)"},
      {"arch_weight_decay", "float", "1e-3", "Adam (L2) weight decay of the architecture logits"},
      {"arch_eps", "float", "1e-8", "Adam epsilon of the architecture logits"},
      {"tau_max", "float", "10.0", "Gumbel-softmax temperature at the first epoch"},
      {"tau_min", "float", "0.1", "temperature at the last epoch (linear in between), 0 < tau_min <= tau_max"},
      {"arch_start_epoch", "integer", "0", "first 0-based epoch with architecture steps"},
      {"arch_every", "integer", "1", "an architecture step before every arch_every-th global step"},
      {"alpha_init_std", "float", "1e-3", "standard deviation of the initial logits (zero mean)"},
      {"propose_max_candidates", "integer", "100000",
       "most paths propose() examines, in order of probability, to find its distinct valid architectures"},
  };
}

void GdasSampler::attach(Host& host) {
  host_ = &host;
  const auto& genes = host.space().path_genes();
  if (genes.empty()) throw std::invalid_argument("gdas: the search space has no path genes");
  choice_counts_.clear();
  for (const auto& gene : genes) {
    if (gene.choices.empty())
      throw std::invalid_argument("gdas: path gene `" + gene.name + "` of space " + host.space().name() +
                                  " has no choices");
    choice_counts_.push_back(static_cast<int64_t>(gene.choices.size()));
  }
  const int64_t rows = static_cast<int64_t>(choice_counts_.size());
  const int64_t width = *std::max_element(choice_counts_.begin(), choice_counts_.end());

  // Drawn with the SDK Rng (not torch's generator), so every rank starts from
  // the same logits and the initial values depend on the manifest seed alone.
  Rng& init = host.rng("sampler.alpha_init");
  torch::Tensor initial = torch::zeros({rows, width}, torch::kFloat);
  torch::Tensor padding = torch::zeros({rows, width}, torch::kBool);
  auto values = initial.accessor<float, 2>();
  auto pad = padding.accessor<bool, 2>();
  for (int64_t g = 0; g < rows; ++g)
    for (int64_t c = 0; c < width; ++c) {
      if (c < choice_counts_[static_cast<size_t>(g)])
        values[g][c] = static_cast<float>(settings_.alpha_init_std * init.normal());
      else
        pad[g][c] = true;
    }
  alpha_ = initial.to(host.device()).set_requires_grad(true);
  padding_ = padding.to(host.device());
  optimizer_ = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{alpha_}, adam_options());
}

torch::optim::AdamOptions GdasSampler::adam_options() const {
  return torch::optim::AdamOptions(settings_.arch_lr)
      .betas({settings_.arch_beta1, settings_.arch_beta2})
      .weight_decay(settings_.arch_weight_decay)
      .eps(settings_.arch_eps);
}

Host& GdasSampler::host() const {
  if (!host_) throw std::logic_error("gdas sampler used before attach()");
  return *host_;
}

const torch::Tensor& GdasSampler::alpha() const {
  host();
  return alpha_;
}

torch::Tensor& GdasSampler::alpha() {
  host();
  return alpha_;
}

torch::optim::Adam& GdasSampler::optimizer() {
  host();
  return *optimizer_;
}

torch::Tensor GdasSampler::valid_gumbel_noise() {
  Host& h = host();
  const SearchSpace& space = h.space();
  // Where the space's path genes are its genes (the SDK default), a path is
  // an architecture and must be valid, as SearchSpace::random()'s are; other
  // super-nets (DARTS) run any path.
  const bool paths_are_archs = space.paths_are_archs();
  Rng& rng = h.rng("sampler.gumbel");
  for (int attempt = 0; attempt < kMaxInvalidDraws; ++attempt) {
    torch::Tensor noise = gumbel_noise(rng, choice_counts_, alpha_.size(1));
    if (!paths_are_archs || space.valid(Arch{space.name(), hard_choices(alpha_, padding_, noise)})) return noise;
  }
  throw std::runtime_error("gdas: " + std::to_string(kMaxInvalidDraws) + " Gumbel samples in a row gave invalid " +
                           space.name() + " architectures; the logits favour invalid ones too strongly");
}

Path GdasSampler::training_path(const StepInfo&) {
  return Path(hard_choices(alpha_, padding_, valid_gumbel_noise()));
}

bool GdasSampler::wants_architecture_step(const StepInfo& step) const {
  return step.epoch >= settings_.arch_start_epoch && step.step % settings_.arch_every == 0;
}

void GdasSampler::architecture_step(const StepInfo& step, const Batch& landmark_batch) {
  Host& h = host();
  const torch::Tensor noise = valid_gumbel_noise();
  const StraightThroughSample sample =
      straight_through_sample(alpha_, padding_, noise, tau(step.epoch, step.total_epochs));
  optimizer_->zero_grad();
  torch::Tensor loss = h.path_loss(Path(sample.choices, sample.weights), landmark_batch);
  loss.backward();
  torch::Tensor& grad = alpha_.mutable_grad();
  if (!grad.defined()) grad = torch::zeros_like(alpha_);  // the path's ops ignore their weights
  Collectives& collectives = h.collectives();
  if (collectives.world_size() > 1) collectives.all_reduce(grad, ReduceOp::mean);
  optimizer_->step();
}

std::vector<std::vector<double>> GdasSampler::probabilities() const {
  torch::NoGradGuard no_grad;
  const torch::Tensor p =
      torch::softmax(alpha().detach().to(torch::kCPU, torch::kDouble)
                         .masked_fill(padding_.to(torch::kCPU), -std::numeric_limits<double>::infinity()),
                     1);
  auto values = p.accessor<double, 2>();
  std::vector<std::vector<double>> rows(choice_counts_.size());
  for (size_t g = 0; g < rows.size(); ++g)
    for (int64_t c = 0; c < choice_counts_[g]; ++c) rows[g].push_back(values[static_cast<int64_t>(g)][c]);
  return rows;
}

double GdasSampler::mean_entropy() const {
  double total = 0;
  const auto rows = probabilities();
  for (const auto& row : rows)
    for (double p : row)
      if (p > 0) total -= p * std::log(p);
  return total / static_cast<double>(rows.size());
}

void GdasSampler::on_epoch_end(int epoch, int total_epochs) {
  Host& h = host();
  const double t = tau(epoch, total_epochs);
  const double entropy = mean_entropy();
  h.record("sampler.gdas.tau", t);
  h.record("sampler.gdas.entropy", entropy);
  const SearchSpace& space = h.space();
  std::ostringstream message;
  message << "gdas after epoch " << epoch + 1 << "/" << total_epochs << ": tau " << t << ", mean entropy "
          << entropy << " nats, derived " << space.format(space.derive(probabilities()));
  h.log(LogLevel::info, message.str());
}

Arch GdasSampler::arch_of_path(const std::vector<int>& choices,
                               const std::vector<std::vector<double>>& probabilities) const {
  std::vector<std::vector<double>> rows(probabilities.size());
  for (size_t g = 0; g < rows.size(); ++g) {
    rows[g].assign(probabilities[g].size(), 0.0);
    // Never 0, so that the chosen entry stays each row's unique maximum.
    rows[g][static_cast<size_t>(choices[g])] = std::max(probabilities[g][static_cast<size_t>(choices[g])], DBL_MIN);
  }
  return host().space().derive(rows);
}

std::vector<Arch> GdasSampler::propose(int k) {
  Host& h = host();
  if (k < 1) return {};
  const SearchSpace& space = h.space();
  const auto probs = probabilities();

  std::vector<Arch> proposals;
  std::set<std::string> seen;
  const Arch derived = space.derive(probs);
  const std::string reason = space.invalid_reason(derived);
  if (reason.empty()) {
    proposals.push_back(derived);
    seen.insert(space.canonical_key(derived));
  } else {
    h.log(LogLevel::warn, "gdas: the derived architecture " + space.format(derived) + " is invalid (" + reason +
                              "); proposing the most probable valid ones instead");
  }

  // The most probable others, best first by joint path probability.
  std::vector<Arch> others;
  const size_t wanted = static_cast<size_t>(k) - proposals.size();
  ProbablePaths paths(probs);
  int64_t examined = 0;
  bool exhausted = false;
  while (others.size() < wanted && !h.cancelled()) {
    if (examined >= settings_.propose_max_candidates) break;
    const auto choices = paths.next();
    if (!choices) {
      exhausted = true;
      break;
    }
    ++examined;
    const Arch arch = arch_of_path(*choices, probs);
    if (!space.valid(arch) || !seen.insert(space.canonical_key(arch)).second) continue;
    others.push_back(arch);
  }

  if (!others.empty()) {
    const std::vector<double> scores = h.score(others);
    std::vector<size_t> order(others.size());
    std::iota(order.begin(), order.end(), 0);
    const bool higher = h.higher_is_better();
    // Ties keep the probability order.
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return higher ? scores[a] > scores[b] : scores[a] < scores[b]; });
    for (size_t i : order) proposals.push_back(others[i]);
  }

  std::ostringstream summary;
  summary << "gdas proposed " << proposals.size() << " architectures after examining " << examined
          << " paths by probability";
  h.log(LogLevel::info, summary.str());
  if (static_cast<int>(proposals.size()) < k) {
    std::string why = exhausted ? "the space has no more distinct valid architectures"
                      : h.cancelled() ? "the run was cancelled"
                                      : "propose_max_candidates = " + std::to_string(settings_.propose_max_candidates) +
                                            " paths were examined";
    h.log(LogLevel::warn, "gdas found only " + std::to_string(proposals.size()) + " distinct valid architectures of the " +
                              std::to_string(k) + " asked for: " + why);
  }
  return proposals;
}

void GdasSampler::save(torch::serialize::OutputArchive& archive) const {
  archive.write("alpha", alpha().detach());
  torch::serialize::OutputArchive adam;
  optimizer_->save(adam);
  archive.write("adam", adam);
}

void GdasSampler::load(torch::serialize::InputArchive& archive) {
  host();
  torch::Tensor saved;
  try {
    archive.read("alpha", saved);
  } catch (const c10::Error&) {
    throw UserError("the checkpoint holds no gdas architecture logits (was it written with another sampler?)");
  }
  if (!saved.sizes().equals(alpha_.sizes()))
    throw UserError("the checkpoint's gdas architecture logits have shape " + shape_text(saved) +
                    ", this search space needs " + shape_text(alpha_));
  {
    torch::NoGradGuard no_grad;
    alpha_.copy_(saved);  // in place: Adam keeps referring to this tensor
  }
  alpha_.mutable_grad() = torch::Tensor();
  torch::serialize::InputArchive adam;
  archive.read("adam", adam);
  optimizer_->load(adam);
  // The manifest stays authoritative for hyper-parameters; in an exact
  // resume they equal the saved ones.
  for (auto& group : optimizer_->param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()) = adam_options();
}

}  // namespace naskernel::gdas
