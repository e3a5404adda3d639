#include "ground_truth_options.h"

#include "../ground_truth/store.h"
#include "../ground_truth/table.h"
#include "../host/manifest.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace naskernel {

namespace {

const std::string kTrain = "train";
const std::string kTable = "table";

}  // namespace

const std::string& GroundTruthOptions::provider_name() const { return provider == Provider::table ? kTable : kTrain; }

GroundTruthOptions read_ground_truth_options(const Manifest& manifest, const std::vector<MetricSpec>& task_metrics) {
  const Config c = manifest.section("ground_truth");
  const std::string provider = c.get<std::string>("provider", kTrain);
  const std::string table = c.get<std::string>("table", "");
  const std::string metric = c.get<std::string>("metric", "");
  const std::string store = c.get<std::string>("store", "");
  const int64_t repeats = c.get<int64_t>("repeats", 1);
  c.finish({});
  if (repeats < 1 || repeats > std::numeric_limits<int>::max()) {
    throw ConfigError(c.location("repeats") + "key `ground_truth.repeats` must be a positive integer (stand-alone "
                      "trainings per architecture), got " + std::to_string(repeats));
  }
  if (task_metrics.empty()) throw UserError("the task declares no metrics, so there is no ground truth to measure");
  const MetricSpec& primary = task_metrics.front();

  GroundTruthOptions options;
  options.repeats = static_cast<int>(repeats);
  if (provider == kTable) {
    if (repeats != 1) {
      throw ConfigError(c.location("repeats") + "key `ground_truth.repeats` = " + std::to_string(repeats) +
                        " needs provider = \"train\": a table holds one value per architecture, so there are no "
                        "seeds to repeat; remove the key or set provider = \"train\"");
    }
    options.provider = GroundTruthOptions::Provider::table;
    if (table.empty()) {
      throw ConfigError(c.location("provider") +
                        "key `ground_truth.table` must name the results file when provider = \"table\"");
    }
    options.table = table;
    if (options.table.is_relative()) {
      const auto defining = manifest.defining_file("ground_truth.table");
      options.table = (defining.empty() ? std::filesystem::current_path() : defining.parent_path()) / options.table;
    }
    std::error_code error;
    if (!std::filesystem::exists(options.table, error)) {
      throw ConfigError(c.location("table") + "key `ground_truth.table` names " + options.table.string() +
                        ", which does not exist");
    }
    if (std::filesystem::is_directory(options.table, error)) {
      throw ConfigError(c.location("table") + "key `ground_truth.table` names " + options.table.string() +
                        ", which is a folder, not a .csv or .json file");
    }
    options.metric = metric.empty() ? primary.name : metric;
    const auto same_name = std::find_if(task_metrics.begin(), task_metrics.end(),
                                        [&](const MetricSpec& m) { return m.name == options.metric; });
    options.higher_is_better = same_name != task_metrics.end() ? same_name->higher_is_better : primary.higher_is_better;
  } else if (provider == kTrain) {
    if (!metric.empty() && metric != primary.name) {
      throw ConfigError(c.location("metric") + "key `ground_truth.metric` = \"" + metric +
                        "\" names a table column, but provider = \"train\" measures the task's primary metric `" +
                        primary.name + "`; remove the key or set provider = \"table\"");
    }
    if (!table.empty()) {
      spdlog::warn("{}ground_truth.table is not used: provider = \"train\" trains architectures stand-alone",
                   c.location("table"));
    }
    options.metric = primary.name;
    options.higher_is_better = primary.higher_is_better;
    options.store = store.empty() ? GroundTruthStore::default_location() : std::filesystem::path(store);
  } else {
    throw ConfigError(c.location("provider") + "key `ground_truth.provider` must be \"train\" or \"table\", got `" +
                      provider + "`" + did_you_mean(provider, {kTrain, kTable}));
  }
  return options;
}

void check_ground_truth_sources(const GroundTruthOptions& options) {
  if (options.provider == GroundTruthOptions::Provider::table) {
    GroundTruthTable::load(options.table, options.metric);
  } else {
    GroundTruthStore::check_file(options.store);
  }
}

}  // namespace naskernel
