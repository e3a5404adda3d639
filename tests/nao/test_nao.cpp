// The NAO sampler on toy search spaces whose super-net score is a known
// function of the genes.
#define DOCTEST_CONFIG_IMPLEMENT
#include "nao_sampler.h"
#include "toy_nao_host.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace naskernel {
// For doctest's messages about architectures and lists of them.
inline std::ostream& operator<<(std::ostream& out, const Arch& arch) {
  out << arch.space << ":";
  for (int g : arch.genes) out << g;
  return out;
}
}  // namespace naskernel

using namespace nao_test;
using naskernel::nao::Encoding;
using naskernel::nao::NaoControllerImpl;
using naskernel::nao::NaoSampler;

namespace {

Config section(const std::string& toml) { return Config::parse("__section__ = \"sampler\"\n" + toml); }

// A weighted sum of the genes: higher choices are better, earlier genes
// matter more, and few architectures tie.
double weighted_sum(const Arch& arch) {
  static const double weights[] = {1.0, 0.77, 0.61, 0.43, 0.29, 0.17, 0.11, 0.07};
  double s = 0;
  for (size_t g = 0; g < arch.genes.size(); ++g) s += weights[g % 8] * arch.genes[g];
  return s;
}

// A small controller that learns a pool of 100 in about a second.
const std::string kSmall =
    "embedding_size = 16\nhidden_size = 32\nmlp_hidden_size = 32\nbatch_size = 50\n"
    "controller_lr = 0.005\nseed_pool = 100\nseed_archs = 50\n";

// Kendall's tau-b.
double kendall_tau(const std::vector<double>& a, const std::vector<double>& b) {
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = i + 1; j < a.size(); ++j) {
      const int da = (a[i] > a[j]) - (a[i] < a[j]);
      const int db = (b[i] > b[j]) - (b[i] < b[j]);
      if (da == 0 && db == 0) continue;
      if (da == 0) ties_a += 1;
      else if (db == 0) ties_b += 1;
      else if (da == db) concordant += 1;
      else discordant += 1;
    }
  return (concordant - discordant) / std::sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b));
}

std::vector<double> to_doubles(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// The members the last update trained on: the first `scored` of the pool.
std::vector<Arch> training_set(const NaoSampler& sampler) {
  const auto& archs = sampler.pool().archs();
  return std::vector<Arch>(archs.begin(), archs.begin() + static_cast<long>(sampler.last_update().scored));
}

torch::Tensor tokens_of(const NaoSampler& sampler, const std::vector<Arch>& archs) {
  std::vector<torch::Tensor> rows;
  for (const auto& arch : archs) rows.push_back(torch::tensor(sampler.vocabulary().encode(arch), torch::kLong));
  return torch::stack(rows);
}

// Runs epochs [from, to) as the kernel does: training paths, then
// on_epoch_end. Returns the paths' choices.
std::vector<std::vector<int>> run_epochs(NaoSampler& sampler, int from, int to, int total, int steps_per_epoch) {
  std::vector<std::vector<int>> paths;
  for (int epoch = from; epoch < to; ++epoch) {
    for (int s = 0; s < steps_per_epoch; ++s) {
      StepInfo info;
      info.epoch = epoch;
      info.total_epochs = total;
      info.step_in_epoch = s;
      info.steps_per_epoch = steps_per_epoch;
      info.step = static_cast<int64_t>(epoch) * steps_per_epoch + s;
      paths.push_back(sampler.training_path(info).choices);
    }
    sampler.on_epoch_end(epoch, total);
  }
  return paths;
}

std::string config_error(const std::string& toml) {
  try {
    const Config config = section(toml);
    NaoSampler sampler(config);
    config.finish();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace

TEST_CASE("after one update the decoder reconstructs the pool and the predictor ranks it") {
  ToyNaoHost host(ToySpace({}), weighted_sum, true, 3);
  NaoSampler sampler(section(kSmall + "controller_epochs = 80\nnew_archs = 20\nrandom_archs = 10"));
  sampler.attach(host);
  sampler.update();

  const std::vector<Arch> trained = training_set(sampler);
  REQUIRE(trained.size() == 100);
  const torch::Tensor tokens = tokens_of(sampler, trained);

  {  // at least 95% of the architectures come back exactly
    const torch::Tensor rebuilt = naskernel::nao::reconstruct_tokens(sampler.controller(), tokens);
    const double exact = rebuilt.eq(tokens).all(1).to(torch::kDouble).mean().item<double>();
    MESSAGE("reconstructed " << exact);
    CHECK(exact >= 0.95);
    CHECK(sampler.last_update().reconstructed == doctest::Approx(exact));
  }

  {  // the predictor's Kendall tau with the training scores is above 0.5
    const std::vector<double> predicted = to_doubles(naskernel::nao::predict_tokens(sampler.controller(), tokens));
    std::vector<double> truth;
    for (const auto& arch : trained) truth.push_back(host.true_score(arch));
    const double tau = kendall_tau(predicted, truth);
    MESSAGE("predictor tau " << tau);
    CHECK(tau > 0.5);
  }

  {  // a step up the predictor's gradient raises the predicted score
    auto& controller = sampler.controller();
    controller->eval();
    Encoding code;
    {
      torch::NoGradGuard no_grad;
      code = controller->encode(tokens);
    }
    std::vector<torch::Tensor> grads_before;
    for (const auto& p : controller->parameters()) grads_before.push_back(p.grad().defined() ? p.grad().clone() : p.grad());
    const torch::Tensor gradient = controller->predictor_gradient(code);
    // The latent step touches no parameter gradient.
    const auto parameters = controller->parameters();
    for (size_t i = 0; i < parameters.size(); ++i) {
      const torch::Tensor& now = parameters[i].grad();
      CHECK(now.defined() == grads_before[i].defined());
      if (now.defined()) CHECK(torch::equal(now, grads_before[i]));
    }
    torch::NoGradGuard no_grad;
    const torch::Tensor before = controller->predict(code.embedding);
    for (double eta : {0.05, 1.0}) {
      const torch::Tensor after = controller->predict(NaoControllerImpl::step(code, gradient, eta).embedding);
      const double raised = after.gt(before).to(torch::kDouble).mean().item<double>();
      MESSAGE("eta " << eta << ": raised for " << raised << ", mean " << before.mean().item<double>() << " -> "
                     << after.mean().item<double>());
      CHECK(after.mean().item<double>() > before.mean().item<double>());
      if (eta < 0.1) CHECK(raised >= 0.95);
    }
  }

  {  // the records name the controller's losses and the pool size
    for (const char* name : {"nao.controller_mse", "nao.controller_nll", "nao.pool_size"})
      CHECK_MESSAGE(host.records.count(name) == 1, name);
    CHECK(host.records["nao.pool_size"].back() == static_cast<double>(sampler.pool().size()));
  }
}

TEST_CASE("every pool member is scored in one call, the first included, and keeps its own score") {
  ToyNaoHost host(ToySpace({}), weighted_sum, true, 5);
  NaoSampler sampler(section(kSmall + "controller_epochs = 5\nnew_archs = 10\nrandom_archs = 10"));
  sampler.attach(host);
  for (int update = 0; update < 2; ++update) {
    const std::vector<Arch> before = sampler.pool().archs();
    const size_t calls = host.score_calls.size();
    sampler.update();
    REQUIRE(host.score_calls.size() == calls + 1);
    if (update == 0) CHECK(host.score_calls.back().size() == 100);
    else CHECK(host.score_calls.back() == before);
    const auto& archs = sampler.pool().archs();
    const auto& scores = sampler.pool().scores();
    for (size_t i = 0; i < sampler.last_update().scored; ++i)
      CHECK_MESSAGE(scores[i] == host.true_score(archs[i]), "member " << i);
    // Members added by this update wait for the next one's scores.
    for (size_t i = sampler.last_update().scored; i < archs.size(); ++i) CHECK(std::isnan(scores[i]));
  }
}

TEST_CASE("the pool never holds two architectures with the same canonical key, nor an invalid one") {
  ToySpace::Options options;
  options.genes = 4;
  options.choices = 3;  // 81 architectures, 54 distinct keys
  options.merge_first_choices = true;
  options.forbid_last_pair = true;  // 9 invalid: 72 valid, 45 distinct valid keys
  ToySpace space(options);
  ToyNaoHost host(space, weighted_sum, true, 11);
  NaoSampler sampler(
      section("embedding_size = 8\nhidden_size = 16\nmlp_hidden_size = 16\ncontroller_epochs = 10\n"
              "seed_pool = 20\nseed_archs = 10\nnew_archs = 10\nrandom_archs = 5\nmax_eta_rounds = 5"));
  sampler.attach(host);
  for (int update = 0; update < 5; ++update) {
    sampler.update();
    std::set<std::string> keys;
    for (const auto& arch : sampler.pool().archs()) {
      CHECK(space.valid(arch));
      CHECK_MESSAGE(keys.insert(space.canonical_key(arch)).second, "duplicate key " << space.canonical_key(arch));
    }
  }
  // The pool filled up to every distinct valid key and no further.
  CHECK(sampler.pool().size() == 45);
}

TEST_CASE("training paths are uniform before the warm-up ends and come from the pool after it") {
  ToyNaoHost host(ToySpace({}), weighted_sum, true, 7);
  NaoSampler sampler(section(kSmall + "warmup_epochs = 2\ncontroller_every = 2\ncontroller_epochs = 3\n"
                                      "new_archs = 5\nrandom_archs = 5"));
  sampler.attach(host);
  const auto warmup_paths = run_epochs(sampler, 0, 2, 6, 40);
  CHECK(sampler.generation() == 1);  // the first update ends the warm-up
  std::set<std::vector<int>> pool_genes;
  for (const auto& arch : sampler.pool().archs()) pool_genes.insert(arch.genes);
  int outside = 0;
  for (const auto& p : warmup_paths) outside += pool_genes.count(p) == 0;
  CHECK(outside > 30);  // 100+ of 15625 architectures are in the pool

  const auto pool_paths = run_epochs(sampler, 2, 3, 6, 40);
  for (const auto& p : pool_paths) CHECK(pool_genes.count(p) == 1);
  CHECK(sampler.generation() == 1);
  run_epochs(sampler, 3, 4, 6, 1);
  CHECK(sampler.generation() == 2);
}

TEST_CASE("save, load and continue equals an uninterrupted run, bit for bit") {
  const std::string keys = kSmall +
                           "warmup_epochs = 2\ncontroller_every = 2\ncontroller_epochs = 8\nnew_archs = 15\n"
                           "random_archs = 10\ndropout = 0.2\n";
  const int total = 8, steps = 6, split = 4;

  ToyNaoHost host_a(ToySpace({}), weighted_sum, true, 21);
  NaoSampler a(section(keys));
  a.attach(host_a);
  const auto paths_a = run_epochs(a, 0, total, total, steps);

  ToyNaoHost host_b(ToySpace({}), weighted_sum, true, 21);
  NaoSampler b(section(keys));
  b.attach(host_b);
  auto paths_b = run_epochs(b, 0, split, total, steps);
  std::stringstream checkpoint;
  {
    torch::serialize::OutputArchive archive;
    b.save(archive);
    archive.save_to(checkpoint);
  }
  const auto rng_state = host_b.rng_state();

  // A fresh process: host and sampler rebuilt, attached, then restored in
  // the kernel's order (sampler state, then RNG streams).
  ToyNaoHost host_c(ToySpace({}), weighted_sum, true, 21);
  NaoSampler c(section(keys));
  c.attach(host_c);
  {
    torch::serialize::InputArchive archive;
    archive.load_from(checkpoint);
    c.load(archive);
  }
  host_c.restore_rng_state(rng_state);
  const auto rest = run_epochs(c, split, total, total, steps);
  paths_b.insert(paths_b.end(), rest.begin(), rest.end());

  REQUIRE(a.generation() == 4);
  CHECK(c.generation() == a.generation());
  CHECK(paths_b == paths_a);
  CHECK(c.pool().archs() == a.pool().archs());
  CHECK(same_bits(c.pool().scores(), a.pool().scores()));
  const auto pa = a.controller()->named_parameters();
  const auto pc = c.controller()->named_parameters();
  REQUIRE(pa.size() == pc.size());
  for (size_t i = 0; i < pa.size(); ++i) CHECK_MESSAGE(torch::equal(pa[i].value(), pc[i].value()), pa[i].key());
  CHECK(c.last_update().last_epoch.loss == a.last_update().last_epoch.loss);
}

TEST_CASE("propose(k) returns the k best of the pool by its super-net score") {
  for (const bool higher_is_better : {true, false}) {
    CAPTURE(higher_is_better);
    ToyNaoHost host(ToySpace({}), weighted_sum, higher_is_better, 13);
    NaoSampler sampler(section(kSmall + "controller_epochs = 20\nnew_archs = 20\nrandom_archs = 20"));
    sampler.attach(host);
    sampler.update();
    sampler.update();
    const auto proposals = sampler.propose(5);
    // One fresh score of the whole pool.
    CHECK(host.score_calls.back() == sampler.pool().archs());

    std::vector<Arch> ranked = sampler.pool().archs();
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Arch& x, const Arch& y) {
      return higher_is_better ? weighted_sum(x) > weighted_sum(y) : weighted_sum(x) < weighted_sum(y);
    });
    REQUIRE(proposals.size() == 5);
    for (size_t i = 0; i < proposals.size(); ++i) CHECK(weighted_sum(proposals[i]) == weighted_sum(ranked[i]));
    CHECK(sampler.propose(100000).size() == sampler.pool().size());
  }
}

TEST_CASE("the controller works on any space: one token per gene choice") {
  ToySpace::Options options;
  options.genes = 3;
  options.choices = 7;
  ToyNaoHost host(ToySpace(options), weighted_sum, true, 1);
  NaoSampler sampler(section("embedding_size = 8\nhidden_size = 8\nmlp_layers = 0\nattention = false\n"
                             "controller_epochs = 2\nseed_pool = 10\nnew_archs = 3\nrandom_archs = 3"));
  sampler.attach(host);
  CHECK(sampler.vocabulary().size() == 1 + 3 * 7);
  CHECK(sampler.vocabulary().encode(Arch{"toy", {0, 6, 2}}) == std::vector<int64_t>{1, 14, 17});
  CHECK(sampler.vocabulary().decode({7, 8, 15}) == Arch{"toy", {6, 0, 0}});
  CHECK_THROWS(sampler.vocabulary().decode({8, 8, 15}));
  sampler.update();
  CHECK(sampler.pool().size() > 10);
}

TEST_CASE("bad keys give one clear sentence naming the key") {
  CHECK(config_error("trade_off = 1.5") == "key `sampler.trade_off` must be a finite number >= 0.0 and <= 1.0, got 1.5");
  CHECK(config_error("controller_every = 0") ==
        "key `sampler.controller_every` must be an integer from 1 to 1000000000, got 0");
  CHECK(config_error("controller_lr = 0.0") == "key `sampler.controller_lr` must be a finite number > 0.0, got 0.0");
  CHECK(config_error("eta = -1") == "key `sampler.eta` must be a finite number > 0.0, got -1.0");
  CHECK(config_error("dropout = 1.0") == "key `sampler.dropout` must be in [0, 1), got 1.0");
  CHECK(config_error("seed_pool = 1") == "key `sampler.seed_pool` must be an integer from 2 to 1000000000, got 1");
  CHECK(config_error("hidden_size = \"big\"") == "key `sampler.hidden_size` must be an integer, got string");
  CHECK(config_error("attention = 1") == "key `sampler.attention` must be a boolean, got integer");
  CHECK(config_error("controler_epochs = 3") ==
        "unknown key `sampler.controler_epochs` (did you mean `controller_epochs`?)");
  CHECK(config_error("population = 50") == "unknown key `sampler.population`");
  // With the manifest position the host sends along.
  CHECK(config_error("trade_off = -0.5\n[__origin__]\ntrade_off = \"nao.toml:7:1\"") ==
        "nao.toml:7:1: key `sampler.trade_off` must be a finite number >= 0.0 and <= 1.0, got -0.5");
  CHECK(config_error(kSmall) == "no error");
}

TEST_CASE("keys() lists exactly the keys the sampler reads") {
  const Config config = section("");
  NaoSampler sampler(config);
  std::set<std::string> schema;
  for (const auto& key : NaoSampler::keys()) {
    CHECK_MESSAGE(schema.insert(key.name).second, "listed twice: " << key.name);
    CHECK_FALSE(key.help.empty());
    CHECK_FALSE(key.default_value.empty());
    // Every default parses back as the TOML type the schema names.
    const Config defaults = section(key.name + " = " + key.default_value);
    const auto& node = *defaults.table().get(key.name);
    const std::string type = node.is_integer() ? "integer" : node.is_floating_point() ? "float"
                             : node.is_boolean() ? "boolean" : "other";
    CHECK_MESSAGE(type == key.type, key.name);
  }
  CHECK(std::set<std::string>(config.used_keys().begin(), config.used_keys().end()) == schema);
}

int main(int argc, char** argv) {
  torch::set_num_threads(1);
  doctest::Context context(argc, argv);
  return context.run();
}

TEST_CASE("the NB201 CIFAR-10 config's sampler section reads as the reference's settings") {
  toml::table manifest = toml::parse_file(NASKERNEL_NAO_CIFAR_CONFIG);
  toml::table sampler_section = *manifest["sampler"].as_table();
  CHECK(sampler_section["plugin"].value_or(std::string()) == "nao");
  std::ostringstream text;
  text << sampler_section;
  const Config config = section(text.str());
  NaoSampler sampler(config);
  config.finish();
  const auto& s = sampler.settings();
  CHECK(s.warmup_epochs == 100);
  CHECK(s.controller_epochs == 1000);
  CHECK(s.trade_off == 0.8);
  CHECK(s.controller_lr == 0.001);
  CHECK(s.seed_pool == 100);
  CHECK(s.seed_archs == 100);
  CHECK(s.new_archs == 300);
  CHECK(s.random_archs == 400);
}
