#include "nao_sampler.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace naskernel::nao {

namespace {

// Over ordered pairs with different targets: how often the prediction
// orders them the same way (NAO's "pairwise accuracy").
double pairwise_accuracy(const std::vector<float>& predicted, const std::vector<float>& target) {
  int64_t agree = 0, total = 0;
  for (size_t i = 0; i < target.size(); ++i)
    for (size_t j = i + 1; j < target.size(); ++j) {
      if (target[i] == target[j]) continue;
      ++total;
      agree += (predicted[i] > predicted[j]) == (target[i] > target[j]);
    }
  return total ? static_cast<double>(agree) / static_cast<double>(total) : 1.0;
}

std::vector<float> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

void shuffle(std::vector<int64_t>& order, Rng& rng) {
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(i) - 1))]);
}

}  // namespace

NaoSampler::NaoSampler(const Config& config) : settings_(read_nao_settings(config)) {}

void NaoSampler::attach(Host& host) {
  host_ = &host;
  const SearchSpace& space = host.space();
  vocabulary_.emplace(space.name(), space.genes());

  ControllerShape shape;
  shape.vocabulary_size = vocabulary_->size();
  for (size_t g = 0; g < static_cast<size_t>(vocabulary_->length()); ++g) {
    shape.first_token.push_back(vocabulary_->first_token(g));
    shape.choices.push_back(vocabulary_->choices(g));
  }
  shape.embedding_size = settings_.embedding_size;
  shape.hidden_size = settings_.hidden_size;
  shape.mlp_hidden_size = settings_.mlp_hidden_size;
  shape.mlp_layers = settings_.mlp_layers;
  shape.dropout = settings_.dropout;
  shape.attention = settings_.attention;
  controller_ = make_controller(shape);
  // One optimizer for the whole search: its moments carry over from one
  // update to the next (the reference builds a fresh Adam per update).
  optimizer_ = std::make_unique<torch::optim::Adam>(
      controller_->parameters(),
      torch::optim::AdamOptions(settings_.controller_lr).weight_decay(settings_.controller_weight_decay));
  pool_.clear();
  started_ = false;
  generation_ = 0;
}

Host& NaoSampler::host() const {
  if (!host_) throw std::logic_error("nao sampler used before attach()");
  return *host_;
}

const ArchVocabulary& NaoSampler::vocabulary() const {
  if (!vocabulary_) throw std::logic_error("nao sampler used before attach()");
  return *vocabulary_;
}

NaoController& NaoSampler::controller() {
  host();
  return controller_;
}

torch::Tensor NaoSampler::tokens_of(const std::vector<Arch>& archs) const {
  const int64_t length = vocabulary().length();
  torch::Tensor tokens = torch::empty({static_cast<int64_t>(archs.size()), length}, torch::kLong);
  auto rows = tokens.accessor<int64_t, 2>();
  for (size_t i = 0; i < archs.size(); ++i) {
    const std::vector<int64_t> row = vocabulary().encode(archs[i]);
    for (int64_t g = 0; g < length; ++g) rows[static_cast<int64_t>(i)][g] = row[static_cast<size_t>(g)];
  }
  return tokens;
}

torch::Tensor NaoSampler::pool_tokens() const { return tokens_of(pool_.archs()); }

void NaoSampler::ensure_started() {
  if (started_) return;
  Host& h = host();
  controller_->initialise(h.rng("sampler.controller").next_u64());
  const int added = add_random(settings_.seed_pool);
  if (added < settings_.seed_pool)
    h.log(LogLevel::warn, "nao: the seed pool holds " + std::to_string(added) + " distinct architectures of the " +
                              std::to_string(settings_.seed_pool) + " asked for (sampler.seed_pool): the space has "
                              "too few distinct (by canonical key) architectures");
  started_ = true;
}

int NaoSampler::add_random(int count) {
  Host& h = host();
  const SearchSpace& space = h.space();
  Rng& rng = h.rng("sampler.pool");
  // Bounded, so that a space with fewer distinct architectures than asked
  // for ends the search for new ones instead of looping.
  const int64_t attempts = 100 * static_cast<int64_t>(count) + 1000;
  int added = 0;
  for (int64_t attempt = 0; attempt < attempts && added < count; ++attempt) {
    const Arch arch = space.random(rng);
    added += pool_.add(arch, space.canonical_key(arch));
  }
  return added;
}

Path NaoSampler::training_path(const StepInfo& step) {
  Host& h = host();
  const SearchSpace& space = h.space();
  if (step.epoch < settings_.warmup_epochs) return space.path(space.random(h.rng("sampler.path")));
  ensure_started();
  const auto& archs = pool_.archs();
  return space.path(archs[static_cast<size_t>(h.rng("sampler.path").uniform_int(0, static_cast<int64_t>(archs.size()) - 1))]);
}

bool NaoSampler::update_due(int epoch) const {
  const int done = epoch + 1;
  return done >= settings_.warmup_epochs && (done - settings_.warmup_epochs) % settings_.controller_every == 0;
}

void NaoSampler::on_epoch_end(int epoch, int /*total_epochs*/) {
  if (update_due(epoch)) update();
}

void NaoSampler::update() {
  // Not interrupted by host.cancelled(): an update takes seconds, and a
  // half-done one would be checkpointed at the end of this epoch.
  ensure_started();
  Host& h = host();
  last_update_ = UpdateSummary{};
  // Every member is scored, the first included, in one batched call.
  pool_.set_scores(h.score(pool_.archs()));
  last_update_.scored = pool_.size();

  train_controller();
  generate();
  last_update_.random = add_random(settings_.random_archs);
  ++generation_;
  last_update_.generation = generation_;
  last_update_.pool_size = pool_.size();

  const UpdateSummary& u = last_update_;
  h.record("nao.controller_mse", u.last_epoch.mse);
  h.record("nao.controller_nll", u.last_epoch.nll);
  h.record("nao.pairwise_accuracy", u.pairwise_accuracy);
  h.record("nao.reconstructed", u.reconstructed);
  h.record("nao.generated", u.generated);
  h.record("nao.pool_size", static_cast<double>(u.pool_size));
  h.record("nao.controller_seconds", u.controller_seconds);
  std::ostringstream message;
  message.precision(4);
  message << "nao update " << u.generation << ": scored " << u.scored << ", controller mse " << u.last_epoch.mse
          << " nll " << u.last_epoch.nll << " pairwise accuracy " << u.pairwise_accuracy << " reconstructed "
          << u.reconstructed << " (" << u.controller_seconds << " s); +" << u.generated << " generated in "
          << u.rounds << " rounds (" << u.invalid << " invalid decodes), +" << u.random << " random; pool "
          << u.pool_size;
  h.log(LogLevel::info, message.str());
  if (u.generated < settings_.new_archs)
    h.log(LogLevel::info, "nao: latent steps gave " + std::to_string(u.generated) + " new architectures of the " +
                              std::to_string(settings_.new_archs) + " asked for (sampler.new_archs) in " +
                              std::to_string(settings_.max_eta_rounds) + " rounds");
}

void NaoSampler::train_controller() {
  Host& h = host();
  const auto start = std::chrono::steady_clock::now();
  const torch::Tensor tokens = pool_tokens();
  const std::vector<double> scaled = normalised_targets(pool_.scores(), h.higher_is_better());
  const torch::Tensor targets = torch::tensor(scaled, torch::kDouble).to(torch::kFloat);

  Rng& rng = h.rng("sampler.controller");
  controller_->seed_dropout(rng.next_u64());
  std::vector<int64_t> order(pool_.size());
  std::iota(order.begin(), order.end(), int64_t{0});
  for (int epoch = 0; epoch < settings_.controller_epochs; ++epoch) {
    shuffle(order, rng);
    last_update_.last_epoch = train_epoch(controller_, *optimizer_, tokens, targets, order, settings_.batch_size,
                                          settings_.trade_off, settings_.controller_grad_clip);
  }
  last_update_.controller_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  last_update_.pairwise_accuracy = pairwise_accuracy(to_vector(predict_tokens(controller_, tokens)), to_vector(targets));
  const torch::Tensor rebuilt = reconstruct_tokens(controller_, tokens);
  last_update_.reconstructed =
      pool_.empty() ? 1.0 : rebuilt.eq(tokens).all(1).to(torch::kDouble).mean().item<double>();
}

void NaoSampler::generate() {
  Host& h = host();
  const SearchSpace& space = h.space();
  if (settings_.new_archs == 0 || pool_.empty()) return;

  // The seeds: the best members by this update's scores.
  const std::vector<size_t> ranking = pool_.ranking(h.higher_is_better());
  std::vector<Arch> seeds;
  for (size_t i = 0; i < ranking.size() && static_cast<int>(seeds.size()) < settings_.seed_archs; ++i)
    seeds.push_back(pool_.archs()[ranking[i]]);

  controller_->eval();
  Encoding code;
  {
    torch::NoGradGuard no_grad;
    code = controller_->encode(tokens_of(seeds));
  }
  const torch::Tensor gradient = controller_->predictor_gradient(code);

  // As NAO does: step sizes eta, 2 eta, 3 eta, ... until enough new valid
  // architectures decode (new = no member has the same canonical key).
  for (int round = 1; round <= settings_.max_eta_rounds && last_update_.generated < settings_.new_archs; ++round) {
    last_update_.rounds = round;
    torch::Tensor decoded;
    {
      torch::NoGradGuard no_grad;
      decoded = controller_->decode(NaoControllerImpl::step(code, gradient, round * settings_.eta)).contiguous();
    }
    const auto rows = decoded.accessor<int64_t, 2>();
    for (int64_t i = 0; i < rows.size(0) && last_update_.generated < settings_.new_archs; ++i) {
      std::vector<int64_t> tokens(static_cast<size_t>(rows.size(1)));
      for (int64_t g = 0; g < rows.size(1); ++g) tokens[static_cast<size_t>(g)] = rows[i][g];
      const Arch arch = vocabulary().decode(tokens);
      if (!space.valid(arch)) {
        ++last_update_.invalid;
        continue;
      }
      last_update_.generated += pool_.add(arch, space.canonical_key(arch));
    }
  }
}

std::vector<Arch> NaoSampler::propose(int k) {
  if (k < 1) return {};
  ensure_started();
  Host& h = host();
  const SearchSpace& space = h.space();
  // Fresh scores: the super-net has trained since the last update.
  pool_.set_scores(h.score(pool_.archs()));
  std::vector<Arch> best;
  std::unordered_set<std::string> keys;
  for (size_t i : pool_.ranking(h.higher_is_better())) {
    if (static_cast<int>(best.size()) >= k) break;
    const Arch& arch = pool_.archs()[i];
    if (keys.insert(space.canonical_key(arch)).second) best.push_back(arch);
  }
  if (static_cast<int>(best.size()) < k)
    h.log(LogLevel::warn, "nao: the pool holds only " + std::to_string(best.size()) +
                              " distinct architectures of the " + std::to_string(k) + " proposals asked for");
  return best;
}

void NaoSampler::save(torch::serialize::OutputArchive& archive) const {
  if (!host_) throw std::logic_error("nao sampler saved before attach()");
  archive.write("format", torch::tensor(int64_t{1}));
  archive.write("genes", torch::tensor(vocabulary().length()));
  archive.write("vocabulary", torch::tensor(vocabulary().size()));
  archive.write("started", torch::tensor(int64_t{started_ ? 1 : 0}));
  archive.write("generation", torch::tensor(generation_));
  archive.write("pool_tokens", pool_tokens());
  archive.write("pool_scores", torch::tensor(pool_.scores(), torch::kDouble).reshape({-1}));
  torch::serialize::OutputArchive controller;
  controller_->save(controller);
  archive.write("controller", controller);
  torch::serialize::OutputArchive optimizer;
  optimizer_->save(optimizer);
  archive.write("optimizer", optimizer);
}

void NaoSampler::load(torch::serialize::InputArchive& archive) {
  Host& h = host();
  const SearchSpace& space = h.space();
  auto integer = [&](const char* key) {
    torch::Tensor value;
    archive.read(key, value);
    return value.item<int64_t>();
  };
  if (integer("format") != 1) throw UserError("nao: the checkpoint's sampler state has an unknown format");
  if (integer("genes") != vocabulary().length() || integer("vocabulary") != vocabulary().size())
    throw UserError("nao: the checkpoint's controller was built for another search space than `" + space.name() +
                    "`");
  started_ = integer("started") != 0;
  generation_ = integer("generation");

  torch::Tensor tokens, scores;
  archive.read("pool_tokens", tokens);
  archive.read("pool_scores", scores);
  tokens = tokens.contiguous();
  scores = scores.to(torch::kDouble).contiguous();
  if (tokens.dim() != 2 || tokens.size(1) != vocabulary().length() || scores.numel() != tokens.size(0))
    throw UserError("nao: the checkpoint's pool does not fit the search space `" + space.name() + "`");
  pool_.clear();
  const auto rows = tokens.accessor<int64_t, 2>();
  for (int64_t i = 0; i < rows.size(0); ++i) {
    std::vector<int64_t> row(static_cast<size_t>(rows.size(1)));
    for (int64_t g = 0; g < rows.size(1); ++g) row[static_cast<size_t>(g)] = rows[i][g];
    const Arch arch = vocabulary().decode(row);
    if (!pool_.add(arch, space.canonical_key(arch)))
      throw UserError("nao: the checkpoint's pool holds two architectures with the canonical key of " +
                      space.format(arch));
  }
  pool_.set_scores(std::vector<double>(scores.data_ptr<double>(), scores.data_ptr<double>() + scores.numel()));

  torch::serialize::InputArchive controller;
  archive.read("controller", controller);
  controller_->load(controller);
  torch::serialize::InputArchive optimizer;
  archive.read("optimizer", optimizer);
  optimizer_->load(optimizer);
}

}  // namespace naskernel::nao
