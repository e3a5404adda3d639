#include "ground_truth_provider.h"

#include "standalone_training.h"
#include "standalone_workers.h"

#include "../ground_truth/fingerprint.h"
#include "naskernel_version.h"
#include "../host/manifest.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <sstream>

namespace naskernel {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

std::string table_text(const toml::node* node) {
  std::ostringstream out;
  if (node && node->is_table()) out << *node->as_table();
  return out.str();
}

}  // namespace

GroundTruthProvider::GroundTruthProvider(const Manifest& manifest, const SearchSpace& space, Task& task,
                                         torch::Device device, std::filesystem::path work_dir,
                                         std::filesystem::path manifest_file)
    : space_(space),
      task_(task),
      device_(device),
      work_dir_(std::move(work_dir)),
      manifest_file_(std::move(manifest_file)),
      higher_is_better_(task.metrics().at(0).higher_is_better) {
  const Config c = manifest.section("ground_truth");
  provider_ = c.get<std::string>("provider", "train");
  const std::string table_path = c.get<std::string>("table", "");
  const std::string metric = c.get<std::string>("metric", task.metrics().at(0).name);
  const std::string store_path = c.get<std::string>("store", "");
  c.finish({});
  recipe_ = read_standalone_recipe(manifest.section("standalone"));

  if (provider_ == "table") {
    if (table_path.empty())
      throw ConfigError(c.location("provider") + "key `ground_truth.table` must name the results file when provider = \"table\"");
    std::filesystem::path file = table_path;
    if (file.is_relative()) {
      const auto defining = manifest.defining_file("ground_truth.table");
      file = (defining.empty() ? std::filesystem::current_path() : defining.parent_path()) / file;
    }
    table_ = std::make_unique<GroundTruthTable>(GroundTruthTable::load(file, metric));
    spdlog::info("ground truth: table {} ({} architectures, metric {})", file.string(), table_->size(), metric);
  } else if (provider_ == "train") {
    store_ = std::make_unique<GroundTruthStore>(store_path.empty() ? GroundTruthStore::default_path()
                                                                   : std::filesystem::path(store_path));
    Fingerprint f;
    f.add("task", task.fingerprint());
    f.add("search_space", table_text(manifest.root().get("search_space")));
    recipe_.add_to(f);
    fingerprint_ = f.hex();
    spdlog::info("ground truth: stand-alone training, store {}", (store_path.empty() ? GroundTruthStore::default_path() : std::filesystem::path(store_path)).string());
  } else {
    throw ConfigError(c.location("provider") + "key `ground_truth.provider` must be \"train\" or \"table\", got `" +
                      provider_ + "`" + did_you_mean(provider_, {"train", "table"}));
  }
}

GroundTruthKey GroundTruthProvider::key_of(const Arch& arch) const {
  return GroundTruthKey{space_.name(), space_.canonical_key(arch), fingerprint_, recipe_.seed};
}

std::optional<double> GroundTruthProvider::known(const Arch& arch) const {
  if (table_) return table_->find(space_.table_key(arch));
  if (auto record = store_->find(key_of(arch))) return record->metrics.at("ground_truth");
  return std::nullopt;
}

std::vector<double> GroundTruthProvider::obtain(const std::vector<Arch>& archs) {
  std::vector<double> values(archs.size());
  if (table_) {
    for (size_t i = 0; i < archs.size(); ++i) {
      const std::string key = space_.table_key(archs[i]);
      auto value = table_->find(key);
      if (!value)
        throw UserError("architecture " + space_.format(archs[i]) + " is missing from the ground-truth table" +
                        (key == space_.format(archs[i]) ? std::string() : " (looked up as `" + key + "`)"));
      values[i] = *value;
    }
    return values;
  }

  // Unknown architectures, deduplicated by canonical key.
  std::vector<size_t> missing;
  std::map<std::string, size_t> first_of_key;
  for (size_t i = 0; i < archs.size(); ++i) {
    if (auto value = known(archs[i])) {
      values[i] = *value;
      continue;
    }
    if (first_of_key.emplace(space_.canonical_key(archs[i]), i).second) missing.push_back(i);
  }
  if (!missing.empty()) {
    spdlog::info("ground truth: training {} architecture(s) stand-alone ({} known)", missing.size(),
                 archs.size() - missing.size());
    std::vector<StandaloneResult> results;
    const auto start = std::chrono::steady_clock::now();
    if (recipe_.workers > 1 && missing.size() > 1) {
      std::vector<std::string> texts;
      for (size_t i : missing) texts.push_back(space_.format(archs[i]));
      results = train_in_workers(manifest_file_, texts, recipe_.workers, recipe_.threads_per_worker, work_dir_);
    } else {
      for (size_t i : missing) {
        results.push_back(train_standalone(space_, task_, archs[i], recipe_, device_, true));
        spdlog::info("ground truth {}/{}: {} = {:.3f} ({:.1f} s)", results.size(), missing.size(),
                     space_.format(archs[i]), results.back().ground_truth, results.back().wall_seconds);
      }
    }
    training_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t j = 0; j < missing.size(); ++j) {
      const Arch& arch = archs[missing[j]];
      GroundTruthRecord record;
      record.key = key_of(arch);
      record.arch = space_.format(arch);
      record.metrics = results[j].metrics;
      record.metrics["ground_truth"] = results[j].ground_truth;
      record.wall_seconds = results[j].wall_seconds;
      record.naskernel_version = NASKERNEL_VERSION;
      record.created_utc = utc_now();
      store_->put(record);
      ++trained_;
    }
    for (size_t i = 0; i < archs.size(); ++i) values[i] = *known(archs[i]);
  }
  return values;
}

std::optional<int64_t> GroundTruthProvider::rank_in_space(double value) const {
  const auto size = space_.cardinality();
  if (!table_ || !size || table_->size() < *size) return std::nullopt;
  int64_t better = 0;
  for (const auto& entry : table_->entries()) better += higher_is_better_ ? entry.value > value : entry.value < value;
  return better + 1;
}

}  // namespace naskernel
