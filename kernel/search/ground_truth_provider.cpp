#include "ground_truth_provider.h"

#include "ground_truth_fingerprint.h"
#include "standalone_training.h"
#include "standalone_workers.h"

#include "../distributed/world.h"
#include "naskernel_version.h"
#include "../host/manifest.h"
#include "../host/run_options.h"

#include <naskernel/errors.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <set>
#include <stdexcept>
#include <utility>

namespace naskernel {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

}  // namespace

GroundTruthProvider::GroundTruthProvider(const Manifest& manifest, const SearchSpace& space, Task& task,
                                         torch::Device device, std::filesystem::path work_dir,
                                         std::filesystem::path manifest_file)
    : GroundTruthProvider(read_ground_truth_options(manifest, task.metrics()), manifest, space, task, device,
                          std::move(work_dir), std::move(manifest_file)) {}

GroundTruthProvider::GroundTruthProvider(GroundTruthOptions options, const Manifest& manifest,
                                         const SearchSpace& space, Task& task, torch::Device device,
                                         std::filesystem::path work_dir, std::filesystem::path manifest_file)
    : space_(space),
      task_(task),
      device_(device),
      work_dir_(std::move(work_dir)),
      manifest_file_(std::move(manifest_file)),
      options_(std::move(options)) {
  recipe_ = read_standalone_recipe(manifest.section("standalone"));
  run_seed_ = static_cast<int64_t>(read_run_options(manifest).seed);
  if (options_.provider == GroundTruthOptions::Provider::table) {
    table_ = std::make_unique<GroundTruthTable>(GroundTruthTable::load(options_.table, options_.metric));
    spdlog::info("ground truth: table {} ({} architectures, metric {})", options_.table.string(), table_->size(),
                 options_.metric);
  } else {
    if (is_rank_zero()) store_ = std::make_unique<GroundTruthStore>(options_.store);  // never from several nodes
    fingerprint_ = ground_truth_fingerprint(task.fingerprint(), manifest.root().get("search_space"), recipe_);
    spdlog::info("ground truth: stand-alone training, store {}", options_.store.string());
  }
}

GroundTruthKey GroundTruthProvider::key_of(const Arch& arch, int64_t seed) const {
  return GroundTruthKey{space_.name(), space_.canonical_key(arch), fingerprint_, seed};
}

std::vector<int64_t> GroundTruthProvider::repeat_seeds() const {
  std::vector<int64_t> seeds;
  const int64_t first = recipe_.seed_from_run ? run_seed_ * options_.repeats : recipe_.seed;
  for (int i = 0; i < options_.repeats; ++i) seeds.push_back(first + i);
  return seeds;
}

std::optional<double> GroundTruthProvider::table_value(const Arch& arch) const {
  const std::string key = space_.table_key(arch);
  if (auto value = table_->find(key)) return value;
  // Tables may spell an architecture differently (a DARTS node's two inputs
  // in the other order): on the first miss, index every row that parses by
  // the space's own table key.
  if (!normalized_index_) {
    normalized_index_.emplace();
    for (const auto& entry : table_->entries()) {
      try {
        normalized_index_->emplace(space_.table_key(space_.parse(entry.arch)), entry.value);
      } catch (const ArchParseError&) {
        // a key that is not an architecture string (e.g. an NB101 hash) stays as it is
      }
    }
  }
  const auto it = normalized_index_->find(key);
  if (it == normalized_index_->end()) return std::nullopt;
  return it->second;
}

std::optional<double> GroundTruthProvider::stored_value(const GroundTruthKey& key) const {
  const auto record = store_->find(key);
  if (!record) return std::nullopt;
  // Imported records may lack it, and stores written before puts were
  // checked may hold NaN: neither is ground truth to rank by.
  const auto value = record->metrics.find(kGroundTruthMetric);
  if (value == record->metrics.end() || !std::isfinite(value->second)) {
    throw DataError("ground-truth store " + store_->file().string() + ": the record of " + record->arch +
                    " (seed " + std::to_string(key.seed) + ") has " +
                    (value == record->metrics.end() ? "no `" + std::string(kGroundTruthMetric) + "` metric"
                                                    : "`" + std::string(kGroundTruthMetric) + "` = " +
                                                          std::to_string(value->second)) +
                    "; replace it (naskernel groundtruth import) or use another ground_truth.store");
  }
  return value->second;
}

std::optional<std::vector<double>> GroundTruthProvider::known_repeats(const Arch& arch) const {
  if (!table_ && !store_) return std::nullopt;  // a rank other than 0: it holds no store
  if (table_) {
    auto value = table_value(arch);
    if (!value) return std::nullopt;
    return std::vector<double>{*value};
  }
  std::vector<double> values;
  for (int64_t seed : repeat_seeds()) {
    auto value = stored_value(key_of(arch, seed));
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

std::optional<double> GroundTruthProvider::known_on_every_rank(const Arch& arch) const {
  Collectives& ranks = world();
  if (ranks.world_size() == 1 || table_) return known(arch);
  const auto value = is_rank_zero() ? known(arch) : std::nullopt;
  auto message = torch::tensor({value ? 1.0 : 0.0, value.value_or(0.0)}, torch::kFloat64);
  ranks.broadcast(message, 0);
  if (message[0].item<double>() == 0) return std::nullopt;
  return message[1].item<double>();
}

std::optional<double> GroundTruthProvider::known(const Arch& arch) const {
  const auto values = known_repeats(arch);
  if (!values) return std::nullopt;
  double sum = 0;
  for (double v : *values) sum += v;
  return sum / static_cast<double>(values->size());
}

void GroundTruthProvider::add_repeats(nlohmann::json& entry) const {
  if (options_.repeats < 2 || !entry.is_object() || !entry.contains("arch")) return;
  const auto values = known_repeats(space_.parse(entry.at("arch").get<std::string>()));
  if (!values) return;
  double mean = 0, squares = 0;
  for (double v : *values) mean += v;
  mean /= static_cast<double>(values->size());
  for (double v : *values) squares += (v - mean) * (v - mean);
  entry["ground_truth_repeats"] = *values;
  entry["ground_truth_std"] = std::sqrt(squares / static_cast<double>(values->size() - 1));
}

std::vector<double> GroundTruthProvider::obtain(const std::vector<Arch>& archs) {
  std::vector<double> values(archs.size());
  if (table_) {
    for (size_t i = 0; i < archs.size(); ++i) {
      const std::string key = space_.table_key(archs[i]);
      auto value = table_value(archs[i]);
      if (!value)
        throw UserError("architecture " + space_.format(archs[i]) + " is missing from the ground-truth table " + options_.table.string() +
                        (key == space_.format(archs[i]) ? std::string() : " (looked up as `" + key + "`)"));
      values[i] = *value;
    }
    return values;
  }

  const std::vector<Job> missing = missing_jobs(archs);
  if (!missing.empty()) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<StandaloneResult> results = world().world_size() > 1 ? train_jobs_over_ranks(archs, missing)
                                                                           : train_jobs(archs, missing);
    training_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string diverged;
    for (size_t j = 0; j < missing.size(); ++j) {
      const Arch& arch = archs[missing[j].arch];
      if (!std::isfinite(results[j].ground_truth)) {
        if (diverged.empty()) diverged = job_name(archs, missing[j]) + " ended with " + options_.metric + " = " +
                                         std::to_string(results[j].ground_truth);
        continue;
      }
      ++trained_;
      if (!store_) continue;  // rank 0 stores what every rank trained
      GroundTruthRecord record;
      record.key = key_of(arch, missing[j].seed);
      record.arch = space_.format(arch);
      record.metrics = results[j].metrics;
      record.metrics[kGroundTruthMetric] = results[j].ground_truth;
      record.wall_seconds = results[j].wall_seconds;
      record.naskernel_version = NASKERNEL_VERSION;
      record.created_utc = utc_now();
      store_->put(record);
    }
    // A diverged training is a failed run (exit 4), not a value to rank by;
    // the others are stored, so a rerun trains only what failed.
    if (!diverged.empty())
      throw std::runtime_error("stand-alone training of " + diverged + "; nothing was stored for it (try a lower "
                               "standalone.lr)");
  }
  if (world().world_size() == 1) {
    for (size_t i = 0; i < archs.size(); ++i) values[i] = *known(archs[i]);
    return values;
  }
  // Rank 0's values from its store, on every rank.
  auto gathered = torch::zeros({static_cast<int64_t>(archs.size())}, torch::kFloat64);
  if (is_rank_zero())
    for (size_t i = 0; i < archs.size(); ++i) gathered[static_cast<int64_t>(i)] = *known(archs[i]);
  if (!archs.empty()) world().broadcast(gathered, 0);
  for (size_t i = 0; i < archs.size(); ++i) values[i] = gathered[static_cast<int64_t>(i)].item<double>();
  return values;
}

std::string GroundTruthProvider::job_name(const std::vector<Arch>& archs, const Job& job) const {
  return space_.format(archs[job.arch]) +
         (options_.repeats > 1 ? " (seed " + std::to_string(job.seed) + ")" : std::string());
}

std::vector<GroundTruthProvider::Job> GroundTruthProvider::missing_jobs(const std::vector<Arch>& archs) const {
  std::vector<Job> missing;
  if (is_rank_zero()) {
    std::set<std::pair<std::string, int64_t>> queued;
    std::set<std::string> all_archs, missing_archs;
    for (size_t i = 0; i < archs.size(); ++i) {
      const std::string key = space_.canonical_key(archs[i]);
      all_archs.insert(key);
      for (int64_t seed : repeat_seeds()) {
        if (stored_value(key_of(archs[i], seed)) || !queued.emplace(key, seed).second) continue;
        missing.push_back({i, seed});
        missing_archs.insert(key);
      }
    }
    if (!missing.empty()) {
      if (options_.repeats == 1) {
        spdlog::info("ground truth: training {} architecture(s) stand-alone ({} known)", missing.size(),
                     archs.size() - missing.size());
      } else {
        const size_t pairs = all_archs.size() * static_cast<size_t>(options_.repeats);
        spdlog::info("ground truth: {} stand-alone training(s) of {} architecture(s), {} seeds each ({} of {} "
                     "(architecture, seed) pairs stored)", missing.size(), missing_archs.size(), options_.repeats,
                     pairs - missing.size(), pairs);
      }
    }
  }
  if (world().world_size() == 1) return missing;
  nlohmann::json list = nlohmann::json::array();
  for (const Job& job : missing) list.push_back({job.arch, job.seed});
  const auto agreed = nlohmann::json::parse(broadcast_text(world(), list.dump()));
  std::vector<Job> out;
  for (const auto& job : agreed) out.push_back({job.at(0).get<size_t>(), job.at(1).get<int64_t>()});
  return out;
}

std::vector<StandaloneResult> GroundTruthProvider::train_jobs(const std::vector<Arch>& archs,
                                                              const std::vector<Job>& jobs) {
  // Workers only in a single-process run: in a multi-rank run the ranks are the workers.
  if (recipe_.workers > 1 && jobs.size() > 1 && world().world_size() == 1) {
    std::vector<StandaloneJob> worker_jobs;
    for (const Job& job : jobs) worker_jobs.push_back({space_.format(archs[job.arch]), job.seed});
    return train_in_workers(manifest_file_, worker_jobs, recipe_.workers, recipe_.threads_per_worker, work_dir_);
  }
  if (load_task_ && !jobs.empty()) std::exchange(load_task_, nullptr)();
  std::vector<StandaloneResult> results;
  for (const Job& job : jobs) {
    StandaloneRecipe recipe = recipe_;
    recipe.seed = job.seed;
    results.push_back(train_standalone(space_, task_, archs[job.arch], recipe, device_, true));
    spdlog::info("ground truth {}/{}: {} = {:.3f} ({:.1f} s)", results.size(), jobs.size(), job_name(archs, job),
                 results.back().ground_truth, results.back().wall_seconds);
  }
  return results;
}

std::vector<StandaloneResult> GroundTruthProvider::train_jobs_over_ranks(const std::vector<Arch>& archs,
                                                                         const std::vector<Job>& jobs) {
  Collectives& ranks = world();
  const size_t world_size = static_cast<size_t>(ranks.world_size());
  const size_t rank = static_cast<size_t>(ranks.rank());
  std::vector<Job> mine;
  for (size_t j = rank; j < jobs.size(); j += world_size) mine.push_back(jobs[j]);
  spdlog::info("ground truth: this rank trains {} of the {} stand-alone training(s)", mine.size(), jobs.size());
  const auto local = train_jobs(archs, mine);
  nlohmann::json encoded = nlohmann::json::array();
  for (const auto& r : local)
    encoded.push_back({{"ground_truth", r.ground_truth}, {"metrics", r.metrics}, {"wall_seconds", r.wall_seconds}});
  const auto texts = all_gather_text(ranks, encoded.dump());
  std::vector<nlohmann::json> by_rank;
  for (const auto& text : texts) by_rank.push_back(nlohmann::json::parse(text));
  std::vector<StandaloneResult> results(jobs.size());
  for (size_t j = 0; j < jobs.size(); ++j) {
    const auto& entry = by_rank[j % world_size].at(j / world_size);
    // JSON has no NaN: a diverged value arrives as null.
    results[j].ground_truth = entry.at("ground_truth").is_number() ? entry.at("ground_truth").get<double>() : NAN;
    for (const auto& [name, value] : entry.at("metrics").items())
      results[j].metrics[name] = value.is_number() ? value.get<double>() : NAN;
    results[j].wall_seconds = entry.at("wall_seconds").get<double>();
  }
  return results;
}

std::optional<int64_t> GroundTruthProvider::rank_in_space(double value) const {
  const auto size = space_.cardinality();
  if (!table_ || !size || table_->size() < *size) return std::nullopt;
  int64_t better = 0;
  for (const auto& entry : table_->entries())
    better += options_.higher_is_better ? entry.value > value : entry.value < value;
  return better + 1;
}

}  // namespace naskernel
