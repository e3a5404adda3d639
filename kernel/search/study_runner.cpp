#include "study_runner.h"

#include "search_pipeline.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../report/study_table.h"
#include "../report/svg_plot.h"

#include <naskernel/errors.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

namespace naskernel {

namespace {

struct Variant {
  std::string name;
  toml::table set;  // dotted key -> value, applied over the manifest
};

struct Study {
  std::vector<Variant> variants;
  std::vector<int64_t> seeds;
};

Study read_study(const Manifest& manifest) {
  const Config c = manifest.section("study");
  Study study;
  study.seeds = c.get_list<int64_t>("seeds", {0});
  const toml::node* node = c.table().get("variants");
  if (!node) throw ConfigError(c.location("seeds") + "key `study.variants` is missing: list the variants to compare");
  const toml::array* array = node->as_array();
  if (!array) throw ConfigError(c.location("variants") + "key `study.variants` must be an array of tables");
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* t = array->get(i)->as_table();
    const std::string where = c.location("variants") + "key `study.variants[" + std::to_string(i) + "]`";
    if (!t) throw ConfigError(where + " must be a table like {name = \"SPOS\", set = {...}}");
    Variant v;
    v.name = (*t)["name"].value_or(std::string());
    if (v.name.empty()) throw ConfigError(where + " needs a non-empty `name`");
    if (const toml::node* set = t->get("set")) {
      if (!set->is_table()) throw ConfigError(where + ".set must be a table of dotted keys to values");
      v.set = *set->as_table();
    }
    for (auto&& [key, value] : *t)
      if (key.str() != "name" && key.str() != "set")
        throw ConfigError(where + " has unknown key `" + std::string(key.str()) + "` (expected name, set)");
    for (const auto& other : study.variants)
      if (other.name == v.name) throw ConfigError(where + " repeats the variant name `" + v.name + "`");
    study.variants.push_back(std::move(v));
  }
  c.finish({"variants"});
  if (study.variants.empty()) throw ConfigError(c.location("variants") + "key `study.variants` is empty");
  if (study.seeds.empty()) throw ConfigError(c.location("seeds") + "key `study.seeds` is empty");
  return study;
}

std::string slug(const std::string& name) {
  std::string out;
  for (char ch : name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ? ch : '_';
  return out;
}

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// JSON has no NaN: undefined metrics are written as null and read back as NaN.
double number_or_nan(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : NAN;
}

SeedResult seed_result(const std::string& variant, int64_t seed, const nlohmann::json& results) {
  SeedResult r;
  r.variant = variant;
  r.seed = seed;
  const auto& final = results.at("final");
  r.skdt = number_or_nan(final, "skdt");
  r.kdt = number_or_nan(final, "kdt");
  r.spearman = number_or_nan(final, "spearman");
  for (const auto& p : results.at("proposals")) r.found_ground_truth.push_back(p.at("ground_truth").get<double>());
  const auto& best = results.at("best");
  r.best_found = best.is_null() ? NAN : best.at("ground_truth").get<double>();
  if (!best.is_null() && best.contains("rank")) r.best_rank = best.at("rank").get<int64_t>();
  const auto& cost = results.at("cost");
  r.cost_hours = cost.contains("gpu_hours") ? cost.at("gpu_hours").get<double>() : cost.at("cpu_hours").get<double>();
  return r;
}

// Mean and min/max band over seeds of `value(line)` per epoch.
Series band_over_seeds(const std::string& label, const std::vector<std::vector<nlohmann::json>>& runs,
                       const std::function<std::optional<double>(const nlohmann::json&)>& value) {
  std::map<int, std::vector<double>> by_epoch;
  for (const auto& lines : runs)
    for (const auto& line : lines)
      if (auto v = value(line)) by_epoch[line.at("epoch").get<int>()].push_back(*v);
  Series s;
  s.label = label;
  for (const auto& [epoch, values] : by_epoch) {
    double sum = 0;
    for (double v : values) sum += v;
    s.x.push_back(epoch);
    s.y.push_back(sum / static_cast<double>(values.size()));
    s.y_low.push_back(*std::min_element(values.begin(), values.end()));
    s.y_high.push_back(*std::max_element(values.begin(), values.end()));
  }
  return s;
}

}  // namespace

std::vector<Manifest> study_variant_manifests(const Manifest& manifest) {
  std::vector<Manifest> manifests;
  for (const auto& variant : read_study(manifest).variants)
    manifests.push_back(manifest.apply(variant.set, "study variant " + variant.name));
  return manifests;
}

int run_study(const Manifest& manifest, const PluginRegistry& registry, const std::filesystem::path& study_dir) {
  const Study study = read_study(manifest);
  std::vector<SeedResult> seed_results;
  std::map<std::string, std::vector<std::vector<nlohmann::json>>> metrics_by_variant;
  std::map<std::string, std::vector<nlohmann::json>> results_by_variant;
  std::string metric_name = "metric";
  bool on_gpu = false;

  const size_t total = study.variants.size() * study.seeds.size();
  size_t index = 0;
  for (const auto& variant : study.variants) {
    for (int64_t seed : study.seeds) {
      ++index;
      const auto run_dir = study_dir / (slug(variant.name) + "-seed" + std::to_string(seed));
      std::filesystem::create_directories(run_dir / "checkpoints");
      const auto results_file = run_dir / "results.json";
      nlohmann::json results;
      if (std::filesystem::exists(results_file)) {
        spdlog::info("study run {}/{}: {} seed {} already finished", index, total, variant.name, seed);
        results = read_json(results_file);
      } else {
        toml::table seed_set;
        seed_set.insert("run.seed", seed);
        seed_set.insert("run.name", variant.name);
        const Manifest run_manifest = manifest.apply(variant.set, "study variant " + variant.name)
                                          .apply(seed_set, "study seed " + std::to_string(seed));
        std::ofstream(run_dir / "manifest.resolved.toml") << run_manifest.to_toml();
        const bool resume = std::filesystem::exists(run_dir / "checkpoints" / "last.pt");
        spdlog::info("study run {}/{}: {} seed {}{}", index, total, variant.name, seed, resume ? " (resuming)" : "");
        auto outcome = run_search(run_manifest, registry, run_dir, resume);
        if (outcome.interrupted) return 130;
        results = outcome.results;
      }
      metric_name = results.at("metric").at("name").get<std::string>();
      on_gpu = results.at("cost").contains("gpu_hours");
      seed_results.push_back(seed_result(variant.name, seed, results));
      metrics_by_variant[variant.name].push_back(read_jsonl(run_dir / "metrics.jsonl"));
      results_by_variant[variant.name].push_back(results);
    }
  }

  const auto rows = summarize(seed_results);
  const std::string table = to_markdown(rows, metric_name, on_gpu ? "GPU-hours" : "CPU-hours");
  std::ofstream(study_dir / "study.md") << "# Study\n\n" << table << "\n";
  std::ofstream(study_dir / "study.csv") << to_csv(rows);

  PlotSpec skdt{"Sparse Kendall tau during super-net training", "epoch", "S-KdT", {}};
  PlotSpec scatter{"Super-net score vs ground truth (evaluation set)", "super-net score (" + metric_name + ")",
                   "ground truth (" + metric_name + ")", {}};
  PlotSpec schedule{"Regularization weight", "epoch", "weight", {}};
  for (const auto& variant : study.variants) {
    const auto& runs = metrics_by_variant[variant.name];
    skdt.series.push_back(band_over_seeds(variant.name, runs, [](const nlohmann::json& line) -> std::optional<double> {
      if (line.contains("eval") && line["eval"].contains("skdt") && line["eval"]["skdt"].is_number())
        return line["eval"]["skdt"].get<double>();
      return std::nullopt;
    }));
    Series points;
    points.label = variant.name;
    points.points_only = true;
    for (const auto& results : results_by_variant[variant.name])
      for (const auto& p : results.at("evaluation_set"))
        points.x.push_back(p.at("score").get<double>()), points.y.push_back(p.at("ground_truth").get<double>());
    scatter.series.push_back(points);
    Series weight = band_over_seeds(variant.name, runs, [](const nlohmann::json& line) -> std::optional<double> {
      double sum = 0;
      bool any = false;
      for (const auto& [key, value] : line.items())
        if (key.rfind("regularizer.", 0) == 0 && key.size() > 7 && key.compare(key.size() - 7, 7, ".weight") == 0)
          sum += value.get<double>(), any = true;
      return any ? std::optional<double>(sum) : std::optional<double>(0.0);
    });
    weight.y_low.clear();
    weight.y_high.clear();
    schedule.series.push_back(weight);
  }
  std::ofstream(study_dir / "skdt.svg") << render_svg(skdt);
  std::ofstream(study_dir / "scatter.svg") << render_svg(scatter);
  std::ofstream(study_dir / "schedule.svg") << render_svg(schedule);

  std::cout << "\n" << table << "\n\nreport: " << (study_dir / "study.md").string() << "\n";
  return 0;
}

}  // namespace naskernel
