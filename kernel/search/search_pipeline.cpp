#include "search_pipeline.h"

#include "checkpoint.h"
#include "evaluator.h"
#include "ground_truth_provider.h"
#include "landmark_selection.h"
#include "plugin_set.h"
#include "ranking_evaluation.h"
#include "recipes.h"
#include "search_host.h"
#include "supernet_trainer.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../host/run_options.h"

#include "../report/ranking_metrics.h"

#include <naskernel/errors.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

namespace naskernel {

namespace {

nlohmann::json landmarks_to_json(const SearchSpace& space, const LandmarkSet& set) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : set.items)
    out.push_back({{"arch", space.format(l.arch)}, {"ground_truth", l.ground_truth}, {"iteration", l.iteration}});
  return out;
}

void sort_best_first(LandmarkSet& set) {
  std::stable_sort(set.items.begin(), set.items.end(), [&](const Landmark& a, const Landmark& b) {
    return set.better(a.ground_truth, b.ground_truth);
  });
}

// Keeps the lines of metrics.jsonl up to `last_epoch` (1-based), dropping
// what a killed run wrote after its last checkpoint.
void truncate_metrics(const std::filesystem::path& file, int last_epoch) {
  std::ifstream in(file);
  std::vector<std::string> kept;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded() && json.value("epoch", 0) <= last_epoch) kept.push_back(line);
  }
  in.close();
  std::ofstream out(file, std::ios::trunc);
  for (const auto& l : kept) out << l << "\n";
}

}  // namespace

SearchOutcome run_search(const Manifest& manifest, const PluginRegistry& registry,
                         const std::filesystem::path& run_dir, bool resume) {
  const auto session_start = std::chrono::steady_clock::now();
  const RunOptions options = read_run_options(manifest);
  const uint64_t seed = static_cast<uint64_t>(options.seed);
  const torch::Device device(options.device);

  PluginSet plugins = create_plugins(manifest, registry, true);
  const SupernetRecipe recipe = read_supernet_recipe(manifest.section("supernet"));
  const EvaluationOptions eval_options = read_evaluation_options(manifest.section("evaluation"));
  const LandmarkOptions landmark_options = read_landmark_options(manifest.section("landmarks"));
  const SearchSpace& space = *plugins.space;
  Task& task = *plugins.task;

  const auto load_start = std::chrono::steady_clock::now();
  task.load(seed);
  spdlog::info("data loaded in {:.1f} s: search_train {}, search_landmark {}, search_valid {}, train {}, test {}",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count(),
               task.size(Split::search_train), task.size(Split::search_landmark), task.size(Split::search_valid),
               task.size(Split::train), task.size(Split::test));

  torch::manual_seed(Rng::derive(seed, "supernet.init"));
  std::shared_ptr<SuperNet> supernet = space.make_supernet(task.network());
  supernet->to(device);
  supernet->train();
  const Evaluator evaluator(task, space, device, eval_options.batch_size, eval_options.batches);
  GroundTruthProvider ground_truth(manifest, space, task, device, run_dir / "workers",
                                   run_dir / "manifest.resolved.toml");
  const bool higher_is_better = task.metrics().at(0).higher_is_better;
  const std::string metric_name = task.metrics().at(0).name;

  // Iteration 1's landmarks (drawn from the run seed) and the evaluation set
  // (drawn from evaluation.seed); a resumed run draws the same ones.
  LandmarkSet landmarks;
  landmarks.higher_is_better = higher_is_better;
  {
    Rng rng(Rng::derive(seed, "landmarks.selection"));
    const auto initial = select_landmarks(space, landmark_options, rng);
    const auto values = ground_truth.obtain(initial);
    for (size_t i = 0; i < initial.size(); ++i) landmarks.items.push_back({initial[i], values[i], 1});
    sort_best_first(landmarks);
  }
  std::set<std::string> landmark_keys;
  for (const auto& l : landmarks.items) landmark_keys.insert(space.canonical_key(l.arch));
  Rng eval_rng(Rng::derive(static_cast<uint64_t>(eval_options.seed), "evaluation.set"));
  const std::vector<Arch> eval_archs = sample_evaluation_set(space, eval_options.archs, eval_rng, landmark_keys);
  spdlog::info("evaluation set: {} architectures; obtaining their ground truth", eval_archs.size());
  const std::vector<double> eval_truth = ground_truth.obtain(eval_archs);

  Collectives single_process;
  SearchHost host(seed, device, space, task, supernet, evaluator,
                  [&](const Arch& arch) { return ground_truth.known(arch); }, single_process);
  host.set_landmarks(landmarks);
  plugins.sampler->attach(host);
  for (auto& r : plugins.regularizers) r.regularizer->attach(host);

  const int total_epochs = recipe.epochs;
  const int iterations = landmark_options.iterations;
  SupernetTrainer trainer(recipe, total_epochs, host, *plugins.sampler, plugins.regularizers, seed);
  const CheckpointParts parts{*supernet, trainer.optimizer(), *plugins.sampler, trainer.regularizers()};

  // Pipeline state beyond the trainer's.
  int iterations_done = 0;
  nlohmann::json proposals = nlohmann::json::array();
  nlohmann::json history = nlohmann::json::array();
  double wall_before = 0;
  const auto checkpoint_file = run_dir / "checkpoints" / "last.pt";
  const auto metrics_file = run_dir / "metrics.jsonl";

  auto kernel_state = [&] {
    return nlohmann::json{
        {"trainer", trainer.state()},
        {"rng", host.rng_state()},
        {"iterations_done", iterations_done},
        {"landmarks", landmarks_to_json(space, landmarks)},
        {"proposals", proposals},
        {"history", history},
        {"wall_seconds", wall_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - session_start).count()}};
  };
  auto save = [&] {
    std::filesystem::create_directories(checkpoint_file.parent_path());
    save_checkpoint(checkpoint_file, parts, kernel_state());
  };

  if (resume) {
    if (!std::filesystem::exists(checkpoint_file))
      throw UserError("cannot resume: " + checkpoint_file.string() + " does not exist");
    const auto state = load_checkpoint(checkpoint_file, parts);
    trainer.restore(state.at("trainer"));
    host.restore_rng_state(state.at("rng"));
    iterations_done = state.at("iterations_done").get<int>();
    proposals = state.at("proposals");
    history = state.at("history");
    wall_before = state.at("wall_seconds").get<double>();
    landmarks.items.clear();
    for (const auto& l : state.at("landmarks"))
      landmarks.items.push_back({space.parse(l.at("arch").get<std::string>()), l.at("ground_truth").get<double>(),
                                 l.at("iteration").get<int>()});
    host.set_landmarks(landmarks);
    truncate_metrics(metrics_file, trainer.epoch());
    spdlog::info("resumed from {} at epoch {}, step {}", checkpoint_file.string(), trainer.epoch() + 1,
                 trainer.state().at("step").get<int64_t>());
  }

  // Scores the evaluation set (landmarks excluded) and the landmarks.
  auto evaluate = [&](int epoch) {
    std::set<std::string> keys;
    for (const auto& l : landmarks.items) keys.insert(space.canonical_key(l.arch));
    std::vector<Arch> archs;
    std::vector<double> truth;
    for (size_t i = 0; i < eval_archs.size(); ++i)
      if (!keys.count(space.canonical_key(eval_archs[i]))) archs.push_back(eval_archs[i]), truth.push_back(eval_truth[i]);
    const auto scores = host.score(archs);
    nlohmann::json entry = ranking_metrics(scores, truth, higher_is_better, eval_options.skdt_precision);
    entry["epoch"] = epoch + 1;
    if (landmarks.items.size() >= 2) {
      std::vector<Arch> l_archs;
      std::vector<double> l_truth;
      for (const auto& l : landmarks.items) l_archs.push_back(l.arch), l_truth.push_back(l.ground_truth);
      entry["landmark_kdt"] = kendall_tau_b(host.score(l_archs), l_truth);
    }
    nlohmann::json points = nlohmann::json::array();
    for (size_t i = 0; i < archs.size(); ++i) points.push_back({space.format(archs[i]), scores[i], truth[i]});
    return std::make_pair(entry, points);
  };

  nlohmann::json last_points;
  for (int iteration = iterations_done + 1; iteration <= iterations; ++iteration) {
    const int end_epoch = static_cast<int>(static_cast<int64_t>(total_epochs) * iteration / iterations);
    spdlog::info("iteration {}/{}: epochs {}..{}, {} landmarks", iteration, iterations, trainer.epoch() + 1,
                 end_epoch, landmarks.items.size());
    const bool completed = trainer.train_until(end_epoch, [&](const EpochSummary& summary) {
      nlohmann::json line = {{"epoch", summary.epoch + 1}, {"iteration", iteration}, {"loss", summary.loss},
                             {"lr", summary.lr},         {"seconds", summary.seconds}};
      for (const auto& [name, value] : summary.values) line[name] = value;
      const bool last = summary.epoch + 1 == total_epochs;
      if ((summary.epoch + 1) % recipe.eval_every == 0 || last) {
        auto [entry, points] = evaluate(summary.epoch);
        line["eval"] = entry;
        history.push_back(entry);
        if (last) last_points = points;
        auto metric = [&](const char* key) { return entry.contains(key) ? entry[key].get<double>() : NAN; };
        spdlog::info("epoch {}: loss {:.4f}, KdT {:.4f}, S-KdT {:.4f}, Spearman {:.4f}", summary.epoch + 1,
                     summary.loss, metric("kdt"), metric("skdt"), metric("spearman"));
      } else {
        spdlog::info("epoch {}: loss {:.4f} ({:.1f} s)", summary.epoch + 1, summary.loss, summary.seconds);
      }
      std::ofstream(metrics_file, std::ios::app) << line.dump() << "\n";
      save();
    });
    if (!completed) {
      save();
      spdlog::warn("interrupted; checkpoint written to {}", checkpoint_file.string());
      return SearchOutcome{{}, true};
    }
    if (iteration == iterations) break;

    // Proposals become landmarks for the next iteration.
    auto proposed = plugins.sampler->propose(landmark_options.count);
    std::set<std::string> keys;
    for (const auto& l : landmarks.items) keys.insert(space.canonical_key(l.arch));
    std::vector<Arch> fresh;
    for (const auto& arch : proposed)
      if (keys.insert(space.canonical_key(arch)).second) fresh.push_back(arch);
    const auto values = ground_truth.obtain(fresh);
    for (size_t i = 0; i < fresh.size(); ++i) {
      landmarks.items.push_back({fresh[i], values[i], iteration + 1});
      proposals.push_back({{"iteration", iteration}, {"arch", space.format(fresh[i])}, {"ground_truth", values[i]}});
    }
    sort_best_first(landmarks);
    host.set_landmarks(landmarks);
    iterations_done = iteration;
    spdlog::info("iteration {}: {} proposals joined the landmarks ({} in all)", iteration, fresh.size(),
                 landmarks.items.size());
  }

  // Final proposals and the search result.
  const auto final_proposals = plugins.sampler->propose(eval_options.proposals);
  const auto final_scores = host.score(final_proposals);
  const auto final_truth = ground_truth.obtain(final_proposals);
  for (size_t i = 0; i < final_proposals.size(); ++i)
    proposals.push_back({{"iteration", iterations},
                         {"arch", space.format(final_proposals[i])},
                         {"score", final_scores[i]},
                         {"ground_truth", final_truth[i]}});
  nlohmann::json best;
  for (const auto& p : proposals)
    if (best.is_null() || (higher_is_better ? p["ground_truth"].get<double>() > best["ground_truth"].get<double>()
                                            : p["ground_truth"].get<double>() < best["ground_truth"].get<double>()))
      best = p;
  if (!best.is_null()) {
    if (auto rank = ground_truth.rank_in_space(best["ground_truth"].get<double>())) {
      best["rank"] = *rank;
      best["rank_of"] = *space.cardinality();
    }
  }
  if (last_points.is_null()) last_points = evaluate(total_epochs - 1).second;

  const double wall = wall_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - session_start).count();
  const double search_seconds = std::max(0.0, wall - ground_truth.training_seconds());
  nlohmann::json regularizer_names = nlohmann::json::array();
  for (const auto& r : plugins.regularizers) regularizer_names.push_back(r.name);
  const bool on_gpu = device.is_cuda();
  nlohmann::json results = {
      {"run", options.name},
      {"seed", options.seed},
      {"search_space", space.name()},
      {"sampler", manifest.plugin_name("sampler")},
      {"regularizers", regularizer_names},
      {"metric", {{"name", metric_name}, {"higher_is_better", higher_is_better}}},
      {"final", history.empty() ? nlohmann::json::object() : history.back()},
      {"history", history},
      {"evaluation_set", last_points},
      {"landmarks", landmarks_to_json(space, landmarks)},
      {"proposals", proposals},
      {"best", best},
      {"ground_truth_provider", ground_truth.provider()},
      {"cost",
       {{"wall_seconds", wall},
        {"device", device.str()},
        {"threads", options.threads},
        {"search_seconds", search_seconds},
        // Search cost excludes stand-alone ground-truth training, as the paper's figures do.
        {on_gpu ? "gpu_hours" : "cpu_hours", on_gpu ? search_seconds / 3600.0 : search_seconds * options.threads / 3600.0},
        {"ground_truth_training_seconds", ground_truth.training_seconds()},
        {"images", trainer.images()},
        {"scored_images", host.scored_images()}}}};
  std::ofstream(run_dir / "results.json") << results.dump(2) << "\n";
  return SearchOutcome{results, false};
}

}  // namespace naskernel
