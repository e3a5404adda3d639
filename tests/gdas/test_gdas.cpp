// The gdas sampler on a toy space: straight-through gradients, the Gumbel
// sample, architecture learning, exact resume, regularizer independence and
// proposals.
#define DOCTEST_CONFIG_IMPLEMENT
#include "gdas_sampler.h"
#include "gumbel_softmax.h"
#include "toy_gdas_world.h"
#include "toy_training.h"

#include <naskernel/plugin.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

using namespace gdas_test;
using naskernel::gdas::GdasSampler;

int main(int argc, char** argv) {
  torch::set_num_threads(1);
  doctest::Context context(argc, argv);
  return context.run();
}

namespace {

const std::vector<std::string> kAllOps = {"zero", "identity", "conv3x3"};

// Gene 1 has two choices only, so the logits carry padding.
ToySpace padded_space() { return ToySpace({kAllOps, {"identity", "conv3x3"}}); }

void set_alpha(GdasSampler& sampler, const std::vector<std::vector<float>>& rows) {
  torch::NoGradGuard no_grad;
  for (size_t g = 0; g < rows.size(); ++g)
    for (size_t c = 0; c < rows[g].size(); ++c)
      sampler.alpha()[static_cast<int64_t>(g)][static_cast<int64_t>(c)].fill_(rows[g][c]);
}

torch::Tensor soft_probabilities(const torch::Tensor& logits, const torch::Tensor& padding, const torch::Tensor& noise,
                                 double tau) {
  return torch::softmax(
      (logits + noise.to(logits.scalar_type())).masked_fill(padding, -std::numeric_limits<double>::infinity()) / tau, 1);
}

const torch::optim::AdamParamState* adam_state_of(GdasSampler& sampler) {
  auto& state = sampler.optimizer().state();
  auto it = state.find(c10::guts::to_string(sampler.alpha().unsafeGetTensorImpl()));
  if (it == state.end()) return nullptr;
  return static_cast<const torch::optim::AdamParamState*>(it->second.get());
}

bool close(double analytic, double numeric, double absolute, double relative) {
  return std::abs(analytic - numeric) <= absolute + relative * std::abs(numeric);
}

// A sampler attached to a fresh toy host, with SGD on the host's super-net.
struct World {
  std::unique_ptr<ToyHost> host;
  std::unique_ptr<GdasSampler> sampler;
  std::unique_ptr<torch::optim::SGD> sgd;

  World(ToySpace space, uint64_t seed, const std::string& toml, double weight_lr = 0.05, double momentum = 0.9) {
    torch::manual_seed(seed);  // the toy super-net's initial weights
    host = std::make_unique<ToyHost>(std::move(space), seed);
    const naskernel::Config config = sampler_section(toml);
    sampler = std::make_unique<GdasSampler>(config);
    config.finish();
    sampler->attach(*host);
    sgd = std::make_unique<torch::optim::SGD>(host->net().parameters(),
                                              torch::optim::SGDOptions(weight_lr).momentum(momentum));
  }
};

}  // namespace

TEST_CASE("straight-through weights are 1 in value and carry d p_chosen / d alpha") {
  const std::vector<int64_t> counts = {4, 3, 2};
  naskernel::Rng rng(11);
  torch::manual_seed(5);
  const torch::Tensor logits = torch::randn({3, 4}, torch::kDouble).requires_grad_(true);
  torch::Tensor padding = torch::zeros({3, 4}, torch::kBool);
  padding[1][3] = true;
  padding[2][2] = true;
  padding[2][3] = true;
  const torch::Tensor noise = naskernel::gdas::gumbel_noise(rng, counts, 4);
  CHECK(noise[2][2].item<double>() == 0.0);
  const double tau = 0.7;

  const auto sample = naskernel::gdas::straight_through_sample(logits, padding, noise, tau);
  REQUIRE(sample.weights.sizes() == torch::IntArrayRef({3}));
  for (int64_t g = 0; g < 3; ++g) {
    CHECK(sample.weights[g].item<double>() == 1.0);
    CHECK(sample.choices[static_cast<size_t>(g)] < counts[static_cast<size_t>(g)]);
    CHECK(sample.choices[static_cast<size_t>(g)] == sample.probabilities[g].argmax().item<int64_t>());
  }

  // A smooth, non-linear loss of the three weights.
  auto loss_of = [](const torch::Tensor& w) { return (2 * w[0] + w[1] * w[2] - 0.5).pow(2) + torch::sin(w[1]); };
  loss_of(sample.weights).backward();
  const torch::Tensor grad = logits.grad();

  const double h = 1e-6;
  const torch::Tensor base = logits.detach();
  double largest = 0;
  for (int64_t g = 0; g < 3; ++g) {
    const int64_t chosen = sample.choices[static_cast<size_t>(g)];
    // d loss / d w_g by central differences of the loss in w.
    torch::Tensor up = torch::ones({3}, torch::kDouble), down = torch::ones({3}, torch::kDouble);
    up[g] += h;
    down[g] -= h;
    const double dloss_dw = (loss_of(up).item<double>() - loss_of(down).item<double>()) / (2 * h);
    for (int64_t j = 0; j < 4; ++j) {
      if (padding[g][j].item<bool>()) {
        CHECK(grad[g][j].item<double>() == 0.0);
        continue;
      }
      torch::Tensor plus = base.clone(), minus = base.clone();
      plus[g][j] += h;
      minus[g][j] -= h;
      const double dp = (soft_probabilities(plus, padding, noise, tau)[g][chosen].item<double>() -
                         soft_probabilities(minus, padding, noise, tau)[g][chosen].item<double>()) /
                        (2 * h);
      const double analytic = grad[g][j].item<double>();
      CHECK_MESSAGE(close(analytic, dloss_dw * dp, 1e-8, 1e-6), "gene " << g << " choice " << j);
      largest = std::max(largest, std::abs(analytic));
    }
  }
  CHECK(largest > 1e-3);
}

TEST_CASE("after an architecture step alpha's gradient equals finite differences of the soft relaxation") {
  World world(padded_space(), 7, "arch_lr = 0.01");
  GdasSampler& sampler = *world.sampler;
  set_alpha(sampler, {{0.3f, -0.2f, 0.5f}, {-0.4f, 0.1f}});
  const ToyData data(2, 64, 3);
  const Batch batch = data.batch(0, 8);
  StepInfo info;
  info.epoch = 3;
  info.total_epochs = 10;
  const double tau = sampler.tau(3, 10);

  // One step before, so that the checked gradient must be the checked step's alone.
  sampler.architecture_step(info, data.batch(5, 8));
  clear_supernet_gradients(*world.host);

  naskernel::Rng replay = world.host->rng("sampler.gumbel");  // the noise the step will draw
  const torch::Tensor alpha0 = sampler.alpha().detach().clone();
  sampler.architecture_step(info, batch);
  REQUIRE(sampler.alpha().grad().defined());
  const torch::Tensor grad = sampler.alpha().grad().clone();
  CHECK_FALSE(torch::equal(sampler.alpha().detach(), alpha0));  // Adam stepped

  const torch::Tensor noise = naskernel::gdas::gumbel_noise(replay, {3, 2}, 3);
  const std::vector<int> choices = naskernel::gdas::hard_choices(alpha0, sampler.padding(), noise);
  const torch::Tensor padding = sampler.padding();

  // The soft relaxation the estimator stands for, in double precision:
  // f(a) = loss of the hard path with weights 1 + p_chosen(a) - p_chosen(alpha0).
  auto net = world.host->net().double_copy(world.host->toy_space());
  const Batch batch_d{batch.input.to(torch::kDouble), batch.target.to(torch::kDouble)};
  const torch::Tensor a0 = alpha0.to(torch::kDouble);
  const torch::Tensor p0 = soft_probabilities(a0, padding, noise, tau);
  auto chosen_of = [&](const torch::Tensor& p) {
    return torch::stack({p[0][choices[0]], p[1][choices[1]]});
  };
  auto relaxed = [&](const torch::Tensor& a) {
    torch::NoGradGuard no_grad;
    const torch::Tensor w = 1 + chosen_of(soft_probabilities(a, padding, noise, tau)) - chosen_of(p0);
    return toy_loss(net->forward(batch_d.input, Path(choices, w)), batch_d).item<double>();
  };
  auto loss_at_weights = [&](const torch::Tensor& w) {
    torch::NoGradGuard no_grad;
    return toy_loss(net->forward(batch_d.input, Path(choices, w)), batch_d).item<double>();
  };

  const double h = 1e-6;
  double largest = 0;
  for (int64_t g = 0; g < 2; ++g) {
    torch::Tensor up = torch::ones({2}, torch::kDouble), down = torch::ones({2}, torch::kDouble);
    up[g] += h;
    down[g] -= h;
    const double dloss_dw = (loss_at_weights(up) - loss_at_weights(down)) / (2 * h);
    const double p_chosen = p0[g][choices[static_cast<size_t>(g)]].item<double>();
    for (int64_t j = 0; j < 3; ++j) {
      if (padding[g][j].item<bool>()) {
        CHECK(grad[g][j].item<float>() == 0.0f);
        continue;
      }
      torch::Tensor plus = a0.clone(), minus = a0.clone();
      plus[g][j] += h;
      minus[g][j] -= h;
      const double numeric = (relaxed(plus) - relaxed(minus)) / (2 * h);
      const double analytic = grad[g][j].item<double>();
      CHECK_MESSAGE(close(analytic, numeric, 1e-6, 1e-4), "gene " << g << " choice " << j);
      // The identity behind it: (d loss / d w_g) * d p_chosen / d alpha_gj,
      // with d p_c / d a_j = p_c (delta_cj - p_j) / tau.
      const double p_j = p0[g][j].item<double>();
      const double dp = p_chosen * ((j == choices[static_cast<size_t>(g)] ? 1.0 : 0.0) - p_j) / tau;
      CHECK_MESSAGE(close(analytic, dloss_dw * dp, 1e-6, 1e-4), "gene " << g << " choice " << j);
      largest = std::max(largest, std::abs(numeric));
    }
  }
  CHECK(largest > 1e-4);  // the check compared real gradients, not zeros
}

TEST_CASE("training paths are hard Gumbel samples distributed as softmax(alpha), without weights") {
  World world(padded_space(), 3, "");
  GdasSampler& sampler = *world.sampler;
  set_alpha(sampler, {{-1.0f, 0.0f, 1.0f}, {0.5f, -0.5f}});
  const auto probabilities = sampler.probabilities();
  const int draws = 20000;
  std::vector<std::vector<int>> counts = {{0, 0, 0}, {0, 0}};
  StepInfo info;
  for (int i = 0; i < draws; ++i) {
    const Path path = sampler.training_path(info);
    CHECK_FALSE(path.weights.defined());
    REQUIRE(path.choices.size() == 2);
    REQUIRE(path.choices[1] < 2);
    ++counts[0][static_cast<size_t>(path.choices[0])];
    ++counts[1][static_cast<size_t>(path.choices[1])];
  }
  for (size_t g = 0; g < 2; ++g)
    for (size_t c = 0; c < counts[g].size(); ++c)
      CHECK_MESSAGE(std::abs(counts[g][c] / static_cast<double>(draws) - probabilities[g][c]) < 0.012,
                    "gene " << g << " choice " << c);
  // The same seed draws the same paths.
  World again(padded_space(), 3, "");
  set_alpha(*again.sampler, {{-1.0f, 0.0f, 1.0f}, {0.5f, -0.5f}});
  World twin(padded_space(), 3, "");
  set_alpha(*twin.sampler, {{-1.0f, 0.0f, 1.0f}, {0.5f, -0.5f}});
  for (int i = 0; i < 50; ++i)
    CHECK(again.sampler->training_path(info).choices == twin.sampler->training_path(info).choices);
}

TEST_CASE("alpha starts small, padded entries at zero, the same for the same seed") {
  World a(padded_space(), 21, ""), b(padded_space(), 21, ""), c(padded_space(), 22, "");
  CHECK(a.sampler->alpha().sizes() == torch::IntArrayRef({2, 3}));
  CHECK(a.sampler->alpha().requires_grad());
  CHECK(a.sampler->padding()[1][2].item<bool>());
  CHECK(a.sampler->alpha()[1][2].item<float>() == 0.0f);
  CHECK(a.sampler->alpha().abs().max().item<float>() < 1e-2f);
  CHECK(a.sampler->alpha().abs().max().item<float>() > 0.0f);
  CHECK(torch::equal(a.sampler->alpha(), b.sampler->alpha()));
  CHECK_FALSE(torch::equal(a.sampler->alpha(), c.sampler->alpha()));
  const auto rows = a.sampler->probabilities();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].size() == 3);
  CHECK(rows[1].size() == 2);
  CHECK(rows[1][0] + rows[1][1] == doctest::Approx(1.0));
}

TEST_CASE("architecture steps follow arch_start_epoch and arch_every") {
  World world(padded_space(), 1, "arch_start_epoch = 2\narch_every = 3");
  StepInfo info;
  info.total_epochs = 5;
  info.steps_per_epoch = 10;
  for (int64_t step = 0; step < 50; ++step) {
    info.step = step;
    info.epoch = static_cast<int>(step / 10);
    CHECK(world.sampler->wants_architecture_step(info) == (info.epoch >= 2 && step % 3 == 0));
  }
  World every(padded_space(), 1, "");
  for (int64_t step = 0; step < 5; ++step) {
    info.step = step;
    info.epoch = 0;
    CHECK(every.sampler->wants_architecture_step(info));
  }
}

TEST_CASE("on_epoch_end records tau and the mean entropy of alpha") {
  World world(padded_space(), 1, "tau_max = 5.0\ntau_min = 1.0");
  world.sampler->on_epoch_end(0, 5);
  world.sampler->on_epoch_end(4, 5);
  const auto& records = world.host->records;
  REQUIRE(records.size() == 4);
  CHECK(records[0].first == "sampler.gdas.tau");
  CHECK(records[0].second == 5.0);
  CHECK(records[2].second == 1.0);
  CHECK(records[1].first == "sampler.gdas.entropy");
  // Near-uniform logits: (log 3 + log 2) / 2 nats.
  CHECK(records[1].second == doctest::Approx((std::log(3.0) + std::log(2.0)) / 2).epsilon(1e-4));
  set_alpha(*world.sampler, {{30.0f, 0.0f, 0.0f}, {30.0f, 0.0f}});
  CHECK(world.sampler->mean_entropy() < 1e-9);
}

TEST_CASE("alpha's argmax ends on the op the task needs") {
  // Only a conv on gene 0 can produce conv(channel 0); gene 1's input is
  // pure noise for the target, so identity there only hurts (zero and a conv
  // kept at zero are equally good). The convs start at zero and plain SGD
  // trains them, so a conv is never harmful on its way to the target (a
  // random initial conv is worse than zero, and the straight-through signal
  // gives the zero op no gradient at all).
  for (const uint64_t seed : {2, 3, 4}) {
    World world(ToySpace({kAllOps, kAllOps}), seed, "arch_lr = 0.05", 0.02, 0.0);
    world.host->net().zero_convs();
    const ToyData data(2, 512, seed + 7);
    ToyRun run;
    run.total_epochs = 10;
    run.steps_per_epoch = 30;
    const auto initial = world.sampler->probabilities();
    train_steps(*world.sampler, *world.host, *world.sgd, data, run, 0, run.total_epochs * run.steps_per_epoch);
    const auto p = world.sampler->probabilities();
    INFO("seed " << seed << ": gene 0 (zero, identity, conv) " << p[0][0] << " " << p[0][1] << " " << p[0][2]
                    << ", gene 1 " << p[1][0] << " " << p[1][1] << " " << p[1][2]);
    const Arch derived = world.host->space().derive(p);
    CHECK(derived.genes[0] == 2);  // conv3x3
    CHECK(p[0][2] > 0.9);
    CHECK(p[0][2] > initial[0][2] + 0.5);
    CHECK(derived.genes[1] != 1);  // not identity
    CHECK(p[1][1] < 0.1);
    // tau was recorded every epoch, annealed from tau_max to tau_min.
    std::vector<double> taus;
    for (const auto& [name, value] : world.host->records)
      if (name == "sampler.gdas.tau") taus.push_back(value);
    REQUIRE(taus.size() == 10);
    CHECK(taus.front() == 10.0);
    CHECK(taus.back() == doctest::Approx(0.1));
  }
}

TEST_CASE("save and load, then continue, equals an uninterrupted run bitwise") {
  const std::string toml = "arch_start_epoch = 1\narch_every = 2\narch_lr = 0.01";
  const ToyData data(2, 256, 4);
  ToyRun run;
  run.total_epochs = 4;
  run.steps_per_epoch = 10;
  const int64_t total = run.total_epochs * run.steps_per_epoch;
  const int64_t interrupt = 17;  // mid-epoch, after some architecture steps

  World straight(padded_space(), 5, toml);
  const torch::Tensor initial = straight.sampler->alpha().detach().clone();
  train_steps(*straight.sampler, *straight.host, *straight.sgd, data, run, 0, total);

  World first(padded_space(), 5, toml);
  train_steps(*first.sampler, *first.host, *first.sgd, data, run, 0, interrupt);
  std::stringstream sampler_bytes, net_bytes, sgd_bytes;
  {
    torch::serialize::OutputArchive archive;
    first.sampler->save(archive);
    archive.save_to(sampler_bytes);
  }
  {
    torch::serialize::OutputArchive archive;
    first.host->net().save(archive);
    archive.save_to(net_bytes);
  }
  {
    torch::serialize::OutputArchive archive;
    first.sgd->save(archive);
    archive.save_to(sgd_bytes);
  }
  const auto rng_states = first.host->rng_states();
  first = World(padded_space(), 99, toml);  // a fresh process: other seed, other initial state

  World& resumed = first;
  resumed.host->restore_rng_states(rng_states);
  {
    torch::serialize::InputArchive archive;
    archive.load_from(net_bytes);
    resumed.host->net().load(archive);
  }
  {
    torch::serialize::InputArchive archive;
    archive.load_from(sgd_bytes);
    resumed.sgd->load(archive);
  }
  {
    torch::serialize::InputArchive archive;
    archive.load_from(sampler_bytes);
    resumed.sampler->load(archive);
  }
  train_steps(*resumed.sampler, *resumed.host, *resumed.sgd, data, run, interrupt, total);

  CHECK_FALSE(torch::equal(straight.sampler->alpha(), initial));
  CHECK(torch::equal(resumed.sampler->alpha(), straight.sampler->alpha()));
  const auto* a = adam_state_of(*straight.sampler);
  const auto* b = adam_state_of(*resumed.sampler);
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->step() == 15);  // epochs 1..3, every second step: steps 10, 12, ..., 38
  CHECK(b->step() == a->step());
  CHECK(torch::equal(b->exp_avg(), a->exp_avg()));
  CHECK(torch::equal(b->exp_avg_sq(), a->exp_avg_sq()));
  const auto pa = straight.host->net().parameters(), pb = resumed.host->net().parameters();
  for (size_t i = 0; i < pa.size(); ++i) CHECK(torch::equal(pa[i], pb[i]));
  CHECK(straight.host->rng_states() == resumed.host->rng_states());
  // Configured hyper-parameters survive the load.
  const auto& options = static_cast<const torch::optim::AdamOptions&>(resumed.sampler->optimizer().param_groups()[0].options());
  CHECK(options.lr() == 0.01);
  CHECK(std::get<0>(options.betas()) == 0.5);
  CHECK(options.weight_decay() == 1e-3);
}

TEST_CASE("load refuses logits of another space and archives of another sampler") {
  World saver(padded_space(), 1, "");
  std::stringstream bytes;
  {
    torch::serialize::OutputArchive archive;
    saver.sampler->save(archive);
    archive.save_to(bytes);
  }
  World other(ToySpace({kAllOps, kAllOps, kAllOps}), 1, "");
  torch::serialize::InputArchive archive;
  archive.load_from(bytes);
  CHECK_THROWS_WITH_AS(other.sampler->load(archive),
                       "the checkpoint's gdas architecture logits have shape [2, 3], this search space needs [3, 3]",
                       naskernel::UserError);

  std::stringstream empty_bytes;
  {
    torch::serialize::OutputArchive empty;
    empty.write("something", torch::zeros({1}));
    empty.save_to(empty_bytes);
  }
  torch::serialize::InputArchive empty;
  empty.load_from(empty_bytes);
  CHECK_THROWS_AS(saver.sampler->load(empty), naskernel::UserError);
}

TEST_CASE("a discrete-path regularizer changes the super-net's gradients but not alpha's updates") {
  const ToyData data(2, 256, 8);
  const std::string toml = "arch_lr = 0.01";
  auto run_with = [&](bool regularize, std::vector<double>& supernet_grad_norms) {
    World world(ToySpace({kAllOps, kAllOps}), 6, toml);
    ToyRun run;
    run.total_epochs = 2;
    run.steps_per_epoch = 15;
    // The super-net stays put, so any difference in alpha could only come
    // from gradients that reached it through the extra term.
    run.step_supernet = false;
    if (regularize) {
      run.extra_loss = [](ToyHost& host, const Batch& batch) {
        const SearchSpace& space = host.space();
        const Path better = space.path(Arch{"toy", {2, 0}});
        const Path worse = space.path(Arch{"toy", {1, 1}});
        return 10.0 * torch::softplus(host.path_loss(better, batch) - host.path_loss(worse, batch));
      };
    }
    torch::Tensor grad_after_arch_step;
    GdasSampler* sampler = world.sampler.get();
    ToyHost* host = world.host.get();
    run.after_backward = [&, sampler, host](const StepInfo&) {
      // The weight step's backward leaves alpha's gradient as the
      // architecture step left it.
      const torch::Tensor grad = sampler->alpha().grad();
      REQUIRE(grad.defined());
      CHECK(torch::equal(grad, grad_after_arch_step));
      double norm = 0;
      for (const auto& p : host->net().parameters())
        if (p.grad().defined()) norm += p.grad().pow(2).sum().item<double>();
      supernet_grad_norms.push_back(norm);
    };
    // Wrap the architecture step to remember the gradient it left.
    for (int64_t step = 0; step < run.total_epochs * run.steps_per_epoch; ++step) {
      const StepInfo info = step_info(run, step);
      const Batch landmark = data.batch(2 * step + 1, run.batch_size);
      REQUIRE(sampler->wants_architecture_step(info));
      sampler->architecture_step(info, landmark);
      grad_after_arch_step = sampler->alpha().grad().clone();
      clear_supernet_gradients(*host);
      const Path path = sampler->training_path(info);
      torch::Tensor loss = host->path_loss(path, data.batch(2 * step, run.batch_size));
      if (run.extra_loss) loss = loss + run.extra_loss(*host, landmark);
      clear_supernet_gradients(*host);
      loss.backward();
      run.after_backward(info);
      clear_supernet_gradients(*host);
    }
    return sampler->alpha().detach().clone();
  };
  std::vector<double> plain_norms, regularized_norms;
  const torch::Tensor plain = run_with(false, plain_norms);
  const torch::Tensor regularized = run_with(true, regularized_norms);
  CHECK(torch::equal(plain, regularized));
  REQUIRE(plain_norms.size() == regularized_norms.size());
  int differing = 0;
  for (size_t i = 0; i < plain_norms.size(); ++i) differing += plain_norms[i] != regularized_norms[i];
  CHECK(differing == static_cast<int>(plain_norms.size()));
}

namespace {

// Joint path probability under the sampler's alpha, by brute force.
double joint_probability(const std::vector<std::vector<double>>& rows, const Arch& arch) {
  double p = 1;
  for (size_t g = 0; g < rows.size(); ++g) p *= rows[g][static_cast<size_t>(arch.genes[g])];
  return p;
}

double hashed_score(const Arch& arch) {
  uint64_t h = 1469598103934665603ULL;
  for (int g : arch.genes) h = (h ^ static_cast<uint64_t>(g + 1)) * 1099511628211ULL;
  return static_cast<double>(h % 1000003) / 1000003.0;
}

std::vector<Arch> all_archs(const SearchSpace& space) {
  std::vector<Arch> archs;
  for (uint64_t i = 0; i < *space.cardinality(); ++i) archs.push_back(space.from_index(i));
  return archs;
}

}  // namespace

TEST_CASE("propose: the derived architecture first, then the most probable distinct valid others ranked by score") {
  for (const bool higher_is_better : {true, false}) {
    World world(ToySpace({kAllOps, kAllOps, kAllOps}), 4, "");
    world.host->score_function = hashed_score;
    world.host->higher_is_better_ = higher_is_better;
    set_alpha(*world.sampler, {{0.1f, 0.9f, -0.5f}, {1.2f, 0.0f, 0.4f}, {-0.3f, 0.2f, 0.7f}});
    const SearchSpace& space = world.host->space();
    const auto rows = world.sampler->probabilities();
    const int k = 7;
    const std::vector<Arch> proposals = world.sampler->propose(k);
    REQUIRE(proposals.size() == static_cast<size_t>(k));
    CHECK(proposals[0] == space.derive(rows));
    CHECK(proposals[0] == Arch{"toy", {1, 0, 2}});

    std::vector<Arch> expected;
    for (const auto& arch : all_archs(space))
      if (space.valid(arch) && arch != proposals[0]) expected.push_back(arch);
    std::sort(expected.begin(), expected.end(), [&](const Arch& a, const Arch& b) {
      return joint_probability(rows, a) > joint_probability(rows, b);
    });
    expected.resize(k - 1);
    std::set<Arch> expected_set(expected.begin(), expected.end());
    std::set<Arch> others(proposals.begin() + 1, proposals.end());
    CHECK((others == expected_set));
    std::set<std::string> keys;
    for (const auto& arch : proposals) {
      CHECK(space.valid(arch));
      keys.insert(space.canonical_key(arch));
    }
    CHECK(keys.size() == proposals.size());
    for (size_t i = 2; i < proposals.size(); ++i) {
      const double before = hashed_score(proposals[i - 1]), after = hashed_score(proposals[i]);
      CHECK((higher_is_better ? before >= after : before <= after));
    }
    REQUIRE(world.host->score_calls.size() == 1);
    CHECK(world.host->score_calls[0].size() == static_cast<size_t>(k - 1));
  }
}

TEST_CASE("propose skips invalid and equivalent architectures and says when the space runs out") {
  // Gene 0's identity and conv share a canonical key; the all-zero
  // architecture, here the most probable path, is invalid.
  World world(ToySpace({kAllOps, kAllOps}, true), 4, "");
  world.host->score_function = hashed_score;
  set_alpha(*world.sampler, {{3.0f, 1.0f, 0.5f}, {3.0f, 0.2f, 0.1f}});
  const SearchSpace& space = world.host->space();
  CHECK_FALSE(space.valid(space.derive(world.sampler->probabilities())));
  const std::vector<Arch> proposals = world.sampler->propose(4);
  REQUIRE(proposals.size() == 4);
  std::set<std::string> keys;
  for (const auto& arch : proposals) {
    CHECK(space.valid(arch));
    keys.insert(space.canonical_key(arch));
  }
  CHECK(keys.size() == 4);
  CHECK(world.host->count_messages(LogLevel::warn, "is invalid") == 1);

  // 9 architectures, 1 invalid, gene 0's two non-zero choices merged: 5 keys.
  const std::vector<Arch> everything = world.sampler->propose(20);
  CHECK(everything.size() == 5);
  CHECK(world.host->count_messages(LogLevel::warn, "found only 5") == 1);
}

TEST_CASE("propose stops after propose_max_candidates paths") {
  World world(ToySpace({kAllOps, kAllOps, kAllOps}), 4, "propose_max_candidates = 3");
  world.host->score_function = hashed_score;
  set_alpha(*world.sampler, {{0.1f, 0.9f, -0.5f}, {1.2f, 0.0f, 0.4f}, {-0.3f, 0.2f, 0.7f}});
  // The derived architecture, then at most 2 others (the first path is the derived one).
  const std::vector<Arch> proposals = world.sampler->propose(10);
  CHECK(proposals.size() == 3);
  CHECK(world.host->count_messages(LogLevel::warn, "propose_max_candidates = 3") == 1);
  CHECK(world.sampler->propose(0).empty());
}

TEST_CASE("the key schema lists every key the sampler reads") {
  const naskernel::Config config = sampler_section("");
  GdasSampler sampler(config);
  CHECK(naskernel::detail::undeclared_key(config, GdasSampler::keys()) == "");
  CHECK(config.used_keys().size() == GdasSampler::keys().size());
  for (const auto& key : GdasSampler::keys()) {
    CHECK_FALSE(key.help.empty());
    CHECK_FALSE(key.default_value.empty());
  }
}

TEST_CASE("the sampler refuses use before attach()") {
  const naskernel::Config config = sampler_section("");
  GdasSampler sampler(config);
  CHECK_THROWS_AS(sampler.propose(1), std::logic_error);
  CHECK_THROWS_AS(sampler.training_path(StepInfo{}), std::logic_error);
}
