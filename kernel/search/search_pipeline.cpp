#include "search_pipeline.h"

#include "checkpoint.h"
#include "ground_truth_provider.h"
#include "landmark_selection.h"
#include "ranking_evaluation.h"
#include "search_stack.h"

#include "../distributed/world.h"
#include "../host/manifest.h"
#include "../host/plugin_registry.h"

#include "../report/ranking_metrics.h"
#include "../report/score_noise.h"

#include <naskernel/errors.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

namespace naskernel {

namespace {

// Keeps the lines of metrics.jsonl up to `last_epoch` (1-based), dropping
// what a killed run wrote after its last checkpoint. Rewritten through a
// temporary file, so a kill meanwhile never loses the lines kept.
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
  const auto temporary = std::filesystem::path(file.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const auto& l : kept) out << l << "\n";
    if (!out.flush()) throw UserError("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, file);
}

// The method of DESIGN.md, one step per member function: landmarks and the
// evaluation set, T iterations of super-net training with proposals joining
// the landmarks, then the final proposals and the search result.
class SearchPipeline {
 public:
  SearchPipeline(const Manifest& manifest, const PluginRegistry& registry, std::filesystem::path run_dir)
      : manifest_(manifest),
        run_dir_(std::move(run_dir)),
        stack_(manifest, registry, [this](const Arch& arch) { return ground_truth_->known_on_every_rank(arch); }),
        space_(stack_.space()),
        checkpoint_file_(run_dir_ / "checkpoints" / "last.pt"),
        metrics_file_(run_dir_ / "metrics.jsonl") {
    ground_truth_ = std::make_unique<GroundTruthProvider>(manifest, space_, stack_.task(), stack_.device(),
                                                          run_dir_ / "workers", run_dir_ / "manifest.resolved.toml");
    higher_is_better_ = ground_truth_->higher_is_better();  // the ground truth's metric, maybe a table column
    landmarks_.higher_is_better = higher_is_better_;
  }

  SearchOutcome run(bool resume) {
    select_initial_landmarks();
    draw_evaluation_set();
    if (resume) restore();
    const int iterations = settings().landmarks.iterations;
    for (int iteration = iterations_done_ + 1; iteration <= iterations; ++iteration) {
      if (!train_iteration(iteration)) {
        save();
        spdlog::warn("interrupted; checkpoint written to {}", checkpoint_file_.string());
        return SearchOutcome{{}, true};
      }
      if (iteration < iterations) add_proposals_to_landmarks(iteration);
    }
    return SearchOutcome{finish(), false};
  }

 private:
  const SearchSettings& settings() const { return stack_.settings(); }

  // Iteration 1's landmarks, drawn from the run seed; a resumed run draws the same.
  void select_initial_landmarks() {
    Rng rng(Rng::derive(settings().run.seed, "landmarks.selection"));
    const auto initial = select_landmarks(space_, settings().landmarks, rng);
    const auto values = ground_truth_->obtain(initial);
    for (size_t i = 0; i < initial.size(); ++i) landmarks_.items.push_back({initial[i], values[i], 1});
    set_landmarks();
  }

  // M architectures from evaluation.seed (shared by every run seed), no landmark.
  void draw_evaluation_set() {
    Rng rng(Rng::derive(static_cast<uint64_t>(settings().evaluation.seed), "evaluation.set"));
    eval_archs_ = sample_evaluation_set(space_, settings().evaluation.archs, rng, landmark_keys());
    spdlog::info("evaluation set: {} architectures; obtaining their ground truth", eval_archs_.size());
    eval_truth_ = ground_truth_->obtain(eval_archs_);
  }

  std::set<std::string> landmark_keys() const {
    std::set<std::string> keys;
    for (const auto& l : landmarks_.items) keys.insert(space_.canonical_key(l.arch));
    return keys;
  }

  void set_landmarks() {
    std::stable_sort(landmarks_.items.begin(), landmarks_.items.end(), [&](const Landmark& a, const Landmark& b) {
      return landmarks_.better(a.ground_truth, b.ground_truth);
    });
    stack_.host().set_landmarks(landmarks_);
  }

  nlohmann::json landmarks_json() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : landmarks_.items)
      out.push_back({{"arch", space_.format(l.arch)}, {"ground_truth", l.ground_truth}, {"iteration", l.iteration}});
    return out;
  }

  // Cost so far, over every process of this run (a resumed run adds what its
  // earlier processes had reached at their last checkpoint).
  double wall_seconds() const {
    return wall_before_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  double ground_truth_seconds() const { return ground_truth_seconds_before_ + ground_truth_->training_seconds(); }
  int64_t scored_images() { return scored_images_before_ + stack_.host().scored_images(); }

  // Collective in a multi-rank run: rank 0 writes every rank's RNG streams
  // (augmentation differs per rank); the rest of the state is the same on all.
  void save() {
    const auto rng_by_rank = all_gather_text(world(), stack_.host().rng_state().dump());
    if (!is_rank_zero()) return;
    nlohmann::json rngs = nlohmann::json::array();
    for (const auto& text : rng_by_rank) rngs.push_back(nlohmann::json::parse(text));
    std::filesystem::create_directories(checkpoint_file_.parent_path());
    const nlohmann::json state = {{"trainer", stack_.trainer().state()},
                                  {"rng", stack_.host().rng_state()},
                                  {"world_size", world().world_size()},
                                  {"rng_by_rank", rngs},
                                  {"iterations_done", iterations_done_},
                                  {"landmarks", landmarks_json()},
                                  {"proposals", proposals_},
                                  {"history", history_},
                                  {"wall_seconds", wall_seconds()},
                                  {"ground_truth_training_seconds", ground_truth_seconds()},
                                  {"scored_images", scored_images()}};
    save_checkpoint(checkpoint_file_, stack_.checkpoint_parts(), state);
  }

  void restore() {
    if (!broadcast_flag(world(), std::filesystem::exists(checkpoint_file_))) {
      // Stopped before its first checkpoint (while loading data or training
      // ground truth): nothing to continue, so the search starts from its
      // beginning, which is where this process stands; stored ground truth is reused.
      spdlog::warn("no checkpoint in {} yet: the search starts from its beginning",
                   checkpoint_file_.parent_path().string());
      if (is_rank_zero()) truncate_metrics(metrics_file_, 0);
      return;
    }
    // Every rank reads rank 0's checkpoint (the run directory is shared).
    const auto state = load_checkpoint(checkpoint_file_, stack_.checkpoint_parts());
    const int written_by = state.value("world_size", 1);
    if (written_by != world().world_size())
      throw UserError("checkpoint " + checkpoint_file_.string() + " was written by a run of " +
                      std::to_string(written_by) + " rank(s), and this run has " +
                      std::to_string(world().world_size()) + "; resume it with " + std::to_string(written_by) +
                      " (torchrun --nproc_per_node " + std::to_string(written_by) + "), since each rank's data shard "
                      "and augmentation stream are part of the state");
    stack_.trainer().restore(state.at("trainer"));
    stack_.host().restore_rng_state(written_by > 1 ? state.at("rng_by_rank").at(world().rank()) : state.at("rng"));
    iterations_done_ = state.at("iterations_done").get<int>();
    proposals_ = state.at("proposals");
    history_ = state.at("history");
    wall_before_ = state.at("wall_seconds").get<double>();
    ground_truth_seconds_before_ = state.value("ground_truth_training_seconds", 0.0);  // absent from older checkpoints
    scored_images_before_ = state.value("scored_images", int64_t{0});
    landmarks_.items.clear();
    for (const auto& l : state.at("landmarks"))
      landmarks_.items.push_back({space_.parse(l.at("arch").get<std::string>()), l.at("ground_truth").get<double>(),
                                  l.at("iteration").get<int>()});
    set_landmarks();
    if (is_rank_zero()) truncate_metrics(metrics_file_, stack_.trainer().epoch());
    spdlog::info("resumed from {} at epoch {}, step {}", checkpoint_file_.string(), stack_.trainer().epoch() + 1,
                 stack_.trainer().state().at("step").get<int64_t>());
  }

  // Scores the evaluation set (landmarks excluded) and the landmarks.
  std::pair<nlohmann::json, nlohmann::json> evaluate(int epoch) {
    const auto keys = landmark_keys();
    std::vector<Arch> archs;
    std::vector<double> truth;
    for (size_t i = 0; i < eval_archs_.size(); ++i)
      if (!keys.count(space_.canonical_key(eval_archs_[i]))) archs.push_back(eval_archs_[i]), truth.push_back(eval_truth_[i]);
    const SplitScores split = stack_.host().split_scores(archs);
    const std::vector<double>& scores = split.all;
    nlohmann::json entry = ranking_metrics(scores, truth, higher_is_better_, settings().evaluation.skdt_precision);
    entry["epoch"] = epoch + 1;
    const ScoreNoise noise = score_noise(split.all, split.even, split.odd);
    entry["score_noise"] = noise.noise;  // NaN (JSON null) with one evaluation batch
    entry["score_spread"] = noise.spread;
    entry["score_noise_ratio"] = noise.ratio;
    entry["score_split_half_kdt"] = noise.split_half_kdt;
    if (landmarks_.items.size() >= 2) {
      std::vector<Arch> l_archs;
      std::vector<double> l_truth;
      for (const auto& l : landmarks_.items) l_archs.push_back(l.arch), l_truth.push_back(l.ground_truth);
      // The landmarks' agreement as the evaluator scores them, and as the
      // regularizer's loss on search_landmark batches orders them.
      entry["landmark_kdt"] = kendall_tau_b(stack_.host().score(l_archs), l_truth);
      if (const Evaluator* probe = stack_.landmark_probe()) {
        std::vector<double> goodness = probe->mean_loss(stack_.supernet(), l_archs);
        if (higher_is_better_)
          for (double& loss : goodness) loss = -loss;  // lower loss = better, as the truth's higher values
        entry["landmark_loss_kdt"] = kendall_tau_b(goodness, l_truth);
      }
    }
    nlohmann::json points = nlohmann::json::array();
    for (size_t i = 0; i < archs.size(); ++i)
      points.push_back({{"arch", space_.format(archs[i])}, {"score", scores[i]}, {"ground_truth", truth[i]}});
    return {entry, points};
  }

  // Trains this iteration's share of the epochs, evaluating and
  // checkpointing as configured. False when interrupted.
  bool train_iteration(int iteration) {
    const int total_epochs = settings().supernet.epochs;
    const int iterations = settings().landmarks.iterations;
    const int end_epoch = static_cast<int>(static_cast<int64_t>(total_epochs) * iteration / iterations);
    spdlog::info("iteration {}/{}: epochs {}..{}, {} landmarks", iteration, iterations, stack_.trainer().epoch() + 1,
                 end_epoch, landmarks_.items.size());
    return stack_.trainer().train_until(end_epoch, [&](const EpochSummary& summary) {
      nlohmann::json line = {{"epoch", summary.epoch + 1}, {"iteration", iteration}, {"loss", summary.loss},
                             {"lr", summary.lr},         {"seconds", summary.seconds}};
      for (const auto& [name, value] : summary.values) line[name] = value;
      const bool last = summary.epoch + 1 == total_epochs;
      if ((summary.epoch + 1) % settings().supernet.eval_every == 0 || last) {
        auto [entry, points] = evaluate(summary.epoch);
        line["eval"] = entry;
        history_.push_back(entry);
        if (last) last_points_ = points;
        auto metric = [&](const char* key) { return entry.contains(key) ? entry[key].get<double>() : NAN; };
        spdlog::info("epoch {}: loss {:.4f}, KdT {:.4f}, S-KdT {:.4f}, Spearman {:.4f}; score noise {:.4f} = {:.2f} "
                     "of the spread across architectures, split-half KdT {:.3f}",
                     summary.epoch + 1, summary.loss, metric("kdt"), metric("skdt"), metric("spearman"),
                     metric("score_noise"), metric("score_noise_ratio"), metric("score_split_half_kdt"));
      } else {
        spdlog::info("epoch {}: loss {:.4f} ({:.1f} s)", summary.epoch + 1, summary.loss, summary.seconds);
      }
      if (is_rank_zero()) std::ofstream(metrics_file_, std::ios::app) << line.dump() << "\n";
      save();
    });
  }

  // Rank 0's proposals on every rank: each rank's sampler proposes (its state
  // is the same everywhere), and rank 0's answer is the one taken.
  std::vector<Arch> decided_on_rank_zero(const std::vector<Arch>& proposed) const {
    if (world().world_size() == 1) return proposed;
    nlohmann::json strings = nlohmann::json::array();
    for (const auto& arch : proposed) strings.push_back(space_.format(arch));
    std::vector<Arch> agreed;
    for (const auto& text : nlohmann::json::parse(broadcast_text(world(), strings.dump())))
      agreed.push_back(space_.parse(text.get<std::string>()));
    return agreed;
  }

  // The sampler's top-K that are not landmarks yet join them with their ground truth.
  void add_proposals_to_landmarks(int iteration) {
    const auto proposed = decided_on_rank_zero(stack_.sampler().propose(settings().landmarks.count));
    auto keys = landmark_keys();
    std::vector<Arch> fresh;
    for (const auto& arch : proposed)
      if (keys.insert(space_.canonical_key(arch)).second) fresh.push_back(arch);
    const auto values = ground_truth_->obtain(fresh);
    for (size_t i = 0; i < fresh.size(); ++i) {
      landmarks_.items.push_back({fresh[i], values[i], iteration + 1});
      proposals_.push_back({{"iteration", iteration}, {"arch", space_.format(fresh[i])}, {"ground_truth", values[i]}});
    }
    set_landmarks();
    iterations_done_ = iteration;
    spdlog::info("iteration {}: {} proposals joined the landmarks ({} in all)", iteration, fresh.size(),
                 landmarks_.items.size());
  }

  // The best proposal by ground truth, with its rank where the space is enumerable.
  nlohmann::json best_proposal() const {
    nlohmann::json best;
    for (const auto& p : proposals_)
      if (best.is_null() || landmarks_.better(p["ground_truth"].get<double>(), best["ground_truth"].get<double>()))
        best = p;
    if (!best.is_null())
      if (auto rank = ground_truth_->rank_in_space(best["ground_truth"].get<double>())) {
        best["rank"] = *rank;
        best["rank_of"] = *space_.cardinality();
      }
    return best;
  }

  // Final proposals, the search result and results.json.
  nlohmann::json finish() {
    const int iterations = settings().landmarks.iterations;
    const auto final_proposals = decided_on_rank_zero(stack_.sampler().propose(settings().evaluation.proposals));
    const auto final_scores = stack_.host().score(final_proposals);
    const auto final_truth = ground_truth_->obtain(final_proposals);
    for (size_t i = 0; i < final_proposals.size(); ++i)
      proposals_.push_back({{"iteration", iterations},
                            {"arch", space_.format(final_proposals[i])},
                            {"score", final_scores[i]},
                            {"ground_truth", final_truth[i]}});
    if (last_points_.is_null()) last_points_ = evaluate(settings().supernet.epochs - 1).second;

    const RunOptions& run = settings().run;
    const double wall = wall_seconds();
    const double search_seconds = std::max(0.0, wall - ground_truth_seconds());
    nlohmann::json regularizer_names = nlohmann::json::array();
    for (const auto& r : stack_.regularizers()) regularizer_names.push_back(r.name);
    const bool on_gpu = stack_.device().is_cuda();
    const int ranks = world().world_size();
    nlohmann::json results = {
        {"run", run.name},
        {"seed", run.seed},
        {"search_space", space_.name()},
        {"sampler", manifest_.plugin_name("sampler")},
        {"regularizers", regularizer_names},
        {"metric", {{"name", ground_truth_->metric()}, {"higher_is_better", higher_is_better_}}},
        {"final", history_.empty() ? nlohmann::json::object() : history_.back()},
        {"history", history_},
        {"evaluation_set", last_points_},
        {"landmarks", landmarks_json()},
        {"proposals", proposals_},
        {"best", best_proposal()},
        {"ground_truth_provider", ground_truth_->provider()},
        {"cost",
         {{"wall_seconds", wall},
          {"device", stack_.device().str()},
          {"threads", run.threads},
          {"ranks", ranks},
          {"search_seconds", search_seconds},
          // Search cost excludes stand-alone ground-truth training, as the paper's figures do.
          {on_gpu ? "gpu_hours" : "cpu_hours",
           (on_gpu ? search_seconds : search_seconds * run.threads) * ranks / 3600.0},
          {"gradient_averaging_seconds", stack_.trainer().communication_seconds()},
          {"ground_truth_training_seconds", ground_truth_seconds()},
          {"images", stack_.trainer().images()},
          {"scored_images", scored_images()}}}};
    // With ground_truth.repeats >= 2: each entry's per-seed values and their spread.
    for (const char* list : {"evaluation_set", "landmarks", "proposals"})
      for (auto& entry : results[list]) ground_truth_->add_repeats(entry);
    ground_truth_->add_repeats(results["best"]);
    if (is_rank_zero()) std::ofstream(run_dir_ / "results.json") << results.dump(2) << "\n";
    return results;
  }

  const Manifest& manifest_;
  std::filesystem::path run_dir_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::unique_ptr<GroundTruthProvider> ground_truth_;  // before stack_: its lookup refers to it
  SearchStack stack_;
  const SearchSpace& space_;
  bool higher_is_better_ = true;
  const std::filesystem::path checkpoint_file_, metrics_file_;

  LandmarkSet landmarks_;
  std::vector<Arch> eval_archs_;
  std::vector<double> eval_truth_;
  int iterations_done_ = 0;
  nlohmann::json proposals_ = nlohmann::json::array();
  nlohmann::json history_ = nlohmann::json::array();
  nlohmann::json last_points_;
  double wall_before_ = 0;
  double ground_truth_seconds_before_ = 0;
  int64_t scored_images_before_ = 0;
};

}  // namespace

SearchOutcome run_search(const Manifest& manifest, const PluginRegistry& registry,
                         const std::filesystem::path& run_dir, bool resume) {
  SearchPipeline pipeline(manifest, registry, run_dir);
  return pipeline.run(resume);
}

}  // namespace naskernel
