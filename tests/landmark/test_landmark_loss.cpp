// The ranking loss through the real regularizer on a toy super-net: its value
// against a hand computation and its gradient against central finite
// differences, for every formulation, with and without margin.
#include "landmark_regularizer.h"
#include "none_regularizer.h"
#include "toy_host.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <set>

using namespace landmark_test;
using naskernel::landmark::LandmarkRegularizer;

namespace {

constexpr int kGenes = 3, kChoices = 3, kFeatures = 2, kBatch = 5;

Config section(const std::string& toml) { return Config::parse(toml + "\n__section__ = \"regularizer\"\n"); }

// The path loss written out by hand: mean over samples of (sum_g x.w[g][c_g] - y)^2.
double hand_path_loss(ToyHost& host, const Arch& arch, const Batch& batch) {
  auto w = host.net().weight.accessor<double, 3>();
  auto x = batch.input.accessor<double, 2>();
  auto y = batch.target.accessor<double, 1>();
  double total = 0;
  for (int b = 0; b < batch.input.size(0); ++b) {
    double out = 0;
    for (int g = 0; g < kGenes; ++g)
      for (int f = 0; f < kFeatures; ++f) out += x[b][f] * w[g][arch.genes[g]][f];
    total += (out - y[b]) * (out - y[b]);
  }
  return total / batch.input.size(0);
}

double hand_ranking(const std::string& formulation, double d, double beta) {
  if (formulation == "hinge") return std::max(0.0, d);
  if (formulation == "softplus") return std::log1p(std::exp(beta * d)) / beta;
  return -std::log(1.0 / (1.0 + std::exp(d)));  // -log sigmoid(L(b) - L(a) - margin)
}

std::string options(const std::string& formulation, double margin) {
  std::ostringstream text;
  text << std::setprecision(17) << "formulation = \"" << formulation << "\"\nmargin = " << margin << "\n";
  if (formulation == "softplus") text << "beta = 2.5\n";
  return text.str();
}

}  // namespace

TEST_CASE("the loss of one landmark pair equals the hand-computed formulation") {
  for (const std::string formulation : {"hinge", "softplus", "logistic"}) {
    ToyHost host(kGenes, kChoices, kFeatures, 7);
    host.set_landmarks({{"012", 0.9}, {"201", 0.4}}, true);
    const Batch batch = host.make_batch(kBatch, kFeatures);
    const double la = hand_path_loss(host, host.landmarks().items[0].arch, batch);
    const double lb = hand_path_loss(host, host.landmarks().items[1].arch, batch);
    // Margins that put the hinge on either side of its kink.
    for (const double margin : {0.0, 0.25, std::abs(la - lb) + 0.5}) {
      CAPTURE(formulation);
      CAPTURE(margin);
      const double beta = formulation == "softplus" ? 2.5 : 1.0;
      const double expected = hand_ranking(formulation, la - lb + margin, beta);
      for (const int pairs : {1, 3}) {
        LandmarkRegularizer regularizer(section(options(formulation, margin) + "pairs = " + std::to_string(pairs)));
        regularizer.attach(host);
        host.calls.clear();
        const torch::Tensor loss = regularizer.loss({}, batch);
        CHECK(loss.dim() == 0);
        // Only one valid pair exists, so P pairs sum P copies of it.
        CHECK(loss.item<double>() == doctest::Approx(pairs * expected).epsilon(1e-12));
        // An ordered pair's hinge (exactly zero, with a zero gradient) stays
        // out of the graph, so the step need not backpropagate through it.
        if (formulation == "hinge") CHECK(loss.requires_grad() == (expected > 0));
        // A landmark drawn again in the same step is not evaluated again.
        CHECK(host.calls.size() == 2);
      }
    }
  }
}

TEST_CASE("the gradient of the landmark loss matches central finite differences") {
  for (const std::string formulation : {"hinge", "softplus", "logistic"}) {
    for (const double margin : {0.0, 0.3}) {
      CAPTURE(formulation);
      CAPTURE(margin);
      ToyHost host(kGenes, kChoices, kFeatures, 11);
      host.set_landmarks({{"000", 0.9}, {"121", 0.7}, {"210", 0.7}, {"022", 0.2}, {"111", 0.5}}, true);
      const Batch batch = host.make_batch(kBatch, kFeatures);

      // Finite differences are only valid away from the hinge's kink.
      for (const auto& a : host.landmarks().items)
        for (const auto& b : host.landmarks().items)
          if (a.ground_truth > b.ground_truth)
            REQUIRE(std::abs(hand_path_loss(host, a.arch, batch) - hand_path_loss(host, b.arch, batch) + margin) >
                    1e-3);

      LandmarkRegularizer regularizer(section(options(formulation, margin) + "pairs = 4"));
      regularizer.attach(host);
      Rng& pairs_stream = host.rng("regularizer.landmark.pairs");
      const std::string start = pairs_stream.state();

      torch::Tensor& weight = host.net().weight;
      weight.mutable_grad() = torch::Tensor();
      regularizer.loss({}, batch).backward();
      const torch::Tensor analytic = weight.grad().clone();
      CHECK(analytic.abs().sum().item<double>() > 0);  // for the check below to mean anything

      // The same pairs each time: the stream restarts from the same state.
      auto loss_at = [&] {
        pairs_stream.set_state(start);
        torch::NoGradGuard no_grad;
        return regularizer.loss({}, batch).item<double>();
      };
      const double h = 1e-6;
      torch::Tensor flat = weight.detach().view({-1});  // shares storage with the parameter
      for (int64_t i = 0; i < flat.numel(); ++i) {
        const double original = flat[i].item<double>();
        { torch::NoGradGuard g; flat[i].fill_(original + h); }
        const double plus = loss_at();
        { torch::NoGradGuard g; flat[i].fill_(original - h); }
        const double minus = loss_at();
        { torch::NoGradGuard g; flat[i].fill_(original); }
        CAPTURE(i);
        CHECK(analytic.view({-1})[i].item<double>() == doctest::Approx((plus - minus) / (2 * h)).epsilon(1e-6));
      }
    }
  }
}

TEST_CASE("both paths of a pair see the same batch, the better one first, and ties are never paired") {
  ToyHost host(kGenes, kChoices, kFeatures, 3);
  // Lower is better here (e.g. an error rate), to exercise the direction.
  host.set_landmarks({{"000", 10.0}, {"111", 30.0}, {"222", 20.0}, {"012", 20.0}, {"210", 5.0}}, false);
  std::map<std::string, double> truth;
  for (const auto& l : host.landmarks().items) truth[host.space().format(l.arch)] = l.ground_truth;

  LandmarkRegularizer regularizer(section(""));
  regularizer.attach(host);
  const Batch batch = host.make_batch(kBatch, kFeatures);
  std::set<std::pair<std::string, std::string>> seen;
  for (int step = 0; step < 400; ++step) {
    host.calls.clear();
    regularizer.loss({}, batch);
    REQUIRE(host.calls.size() == 2);
    CHECK(host.calls[0].input == batch.input.data_ptr());
    CHECK(host.calls[1].input == batch.input.data_ptr());
    const std::string a = host.space().format(host.calls[0].arch), b = host.space().format(host.calls[1].arch);
    CHECK(truth[a] < truth[b]);  // a strictly better, so never a tie
    seen.insert({a, b});
  }
  CHECK(seen.size() == 9);  // C(5,2) = 10 pairs less the one tie
}

TEST_CASE("without two distinct ground truths the loss is a zero scalar and one warning") {
  ToyHost host(kGenes, kChoices, kFeatures, 5);
  LandmarkRegularizer regularizer(section("pairs = 2"));
  regularizer.attach(host);
  const Batch batch = host.make_batch(kBatch, kFeatures);

  auto warnings = [&] {
    int count = 0;
    for (const auto& [level, message] : host.messages) count += level == LogLevel::warn;
    return count;
  };

  host.set_landmarks({}, true);
  torch::Tensor loss = regularizer.loss({}, batch);
  CHECK(loss.dim() == 0);
  CHECK(loss.item<double>() == 0.0);
  CHECK(loss.device() == host.device());
  CHECK(warnings() == 1);

  host.set_landmarks({{"000", 0.5}, {"111", 0.5}}, true);
  CHECK(regularizer.loss({}, batch).item<double>() == 0.0);
  CHECK(regularizer.loss({}, batch).item<double>() == 0.0);
  CHECK(warnings() == 2);  // once for the new set, not once per step
  CHECK(host.calls.empty());

  // A later pipeline iteration adds a landmark that can be ranked.
  host.set_landmarks({{"000", 0.5}, {"111", 0.5}, {"222", 0.9}}, true);
  regularizer.loss({}, batch);
  CHECK(host.calls.size() >= 2);
}

TEST_CASE("a non-finite landmark ground truth is a data error naming the architecture") {
  ToyHost host(kGenes, kChoices, kFeatures, 5);
  LandmarkRegularizer regularizer(section(""));
  regularizer.attach(host);
  host.set_landmarks({{"000", 0.5}, {"121", std::nan("")}}, true);
  CHECK_THROWS_WITH_AS(regularizer.loss({}, host.make_batch(2, kFeatures)),
                       doctest::Contains("landmark 121 has a non-finite ground truth"), naskernel::DataError);
}

TEST_CASE("pairs are deterministic for a seed and differ between seeds") {
  auto sequence = [](uint64_t seed) {
    ToyHost host(kGenes, kChoices, kFeatures, seed);
    host.set_landmarks({{"000", 1}, {"111", 2}, {"222", 3}, {"012", 4}, {"120", 5}, {"201", 6}}, true);
    LandmarkRegularizer regularizer(section("pairs = 2"));
    regularizer.attach(host);
    const Batch batch = host.make_batch(2, kFeatures);
    for (int step = 0; step < 20; ++step) regularizer.loss({}, batch);
    std::vector<std::vector<int>> archs;
    for (const auto& call : host.calls) archs.push_back(call.arch.genes);
    return archs;
  };
  CHECK(sequence(1) == sequence(1));
  CHECK(sequence(1) != sequence(2));
}

TEST_CASE("every = k ranks the same pairs on every k-th step only, k times as heavily, and nothing in between") {
  auto regularizer_for = [](ToyHost& host, const std::string& keys) {
    host.set_landmarks({{"000", 1}, {"111", 2}, {"222", 3}, {"012", 4}, {"120", 5}, {"201", 6}}, true);
    auto regularizer = std::make_unique<LandmarkRegularizer>(section("pairs = 2\nformulation = \"softplus\"\n" + keys));
    regularizer->attach(host);
    return regularizer;
  };
  ToyHost every_step(kGenes, kChoices, kFeatures, 21), every_third(kGenes, kChoices, kFeatures, 21);
  auto exact = regularizer_for(every_step, "");
  auto sparse = regularizer_for(every_third, "every = 3");
  CHECK(sparse->every() == 3);
  const Batch batch = every_step.make_batch(kBatch, kFeatures);
  int ranked = 0;  // the exact regularizer is asked once per ranked step
  for (int64_t step = 0; step < 10; ++step) {
    CAPTURE(step);
    StepInfo info;
    info.step = step;
    every_third.calls.clear();
    const torch::Tensor loss = sparse->loss(info, batch);
    CHECK(loss.dim() == 0);
    if (step % 3 != 0) {
      CHECK(loss.item<double>() == 0.0);
      CHECK_FALSE(loss.requires_grad());
      CHECK(every_third.calls.empty());  // no landmark path runs
      continue;
    }
    // The k-th steps draw the pairs the exact method draws on its first steps.
    every_step.calls.clear();
    const torch::Tensor reference = exact->loss(info, batch);
    REQUIRE(every_third.calls.size() == every_step.calls.size());
    for (size_t c = 0; c < every_step.calls.size(); ++c)
      CHECK(every_third.calls[c].arch.genes == every_step.calls[c].arch.genes);
    CHECK(loss.item<double>() == doctest::Approx(3 * reference.item<double>()).epsilon(1e-12));
    CHECK(loss.requires_grad());
    ++ranked;
  }
  CHECK(ranked == 4);  // steps 0, 3, 6, 9
}

TEST_CASE("the none regularizer returns a zero scalar on the host's device without touching the super-net") {
  ToyHost host(kGenes, kChoices, kFeatures, 5);
  host.set_landmarks({{"000", 0.5}, {"111", 0.9}}, true);
  naskernel::none::NoneRegularizer regularizer(section(""));
  regularizer.attach(host);
  const torch::Tensor loss = regularizer.loss({}, host.make_batch(2, kFeatures));
  CHECK(loss.dim() == 0);
  CHECK(loss.item<double>() == 0.0);
  CHECK(loss.device() == host.device());
  CHECK(host.calls.empty());
}

TEST_CASE("descending the landmark loss orders the landmarks' losses as their ground truth, in both directions") {
  for (const bool higher_is_better : {true, false}) {
    CAPTURE(higher_is_better);
    ToyHost host(kGenes, kChoices, kFeatures, 13);
    const Batch batch = host.make_batch(kBatch, kFeatures);
    // Ground truth chosen against the initial losses: the best landmark by
    // ground truth starts with the highest loss, so every pair is violated.
    const std::vector<std::string> archs = {"000", "121", "212"};
    std::vector<std::pair<double, std::string>> by_loss;
    for (const auto& text : archs) by_loss.push_back({hand_path_loss(host, host.space().parse(text), batch), text});
    std::sort(by_loss.begin(), by_loss.end());  // lowest loss first
    std::vector<std::pair<std::string, double>> landmarks;
    for (size_t i = 0; i < by_loss.size(); ++i) {
      const double rank_from_worst = static_cast<double>(i);  // highest loss = best
      landmarks.push_back({by_loss[i].second, higher_is_better ? rank_from_worst : -rank_from_worst});
    }
    host.set_landmarks(landmarks, higher_is_better);
    const auto violated = [&] {
      int count = 0;
      for (const auto& a : host.landmarks().items)
        for (const auto& b : host.landmarks().items) {
          const bool a_better = higher_is_better ? a.ground_truth > b.ground_truth : a.ground_truth < b.ground_truth;
          if (a_better && hand_path_loss(host, a.arch, batch) >= hand_path_loss(host, b.arch, batch)) ++count;
        }
      return count;
    };
    REQUIRE(violated() == 3);

    LandmarkRegularizer regularizer(section("formulation = \"hinge\"\nmargin = 0.1\npairs = 3"));
    regularizer.attach(host);
    torch::Tensor& weight = host.net().weight;
    for (int step = 0; step < 300; ++step) {
      weight.mutable_grad() = torch::Tensor();
      const torch::Tensor loss = regularizer.loss({}, batch);
      if (!loss.requires_grad()) continue;  // every sampled pair ordered by the margin: nothing to descend
      loss.backward();
      torch::NoGradGuard no_grad;
      weight -= 0.02 * weight.grad();
    }
    CHECK(violated() == 0);
  }
}
