#include "study_runner.h"

#include "search_pipeline.h"

#include "../distributed/world.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../report/ground_truth_repeatability.h"
#include "../report/paired_comparison.h"
#include "../report/ranking_metrics.h"
#include "../report/study_report.h"
#include "../report/study_table.h"
#include "../report/svg_plot.h"
#include "../report/table_text.h"

#include <naskernel/errors.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>

namespace naskernel {

namespace {

struct Variant {
  std::string name;
  toml::table set;  // dotted key -> value, applied over the manifest
};

struct Study {
  std::vector<Variant> variants;
  std::vector<int64_t> seeds;
  std::string baseline;  // the variant the others are compared with, seed by seed
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
  if (study.variants.empty()) throw ConfigError(c.location("variants") + "key `study.variants` is empty");
  if (study.seeds.empty()) throw ConfigError(c.location("seeds") + "key `study.seeds` is empty");
  // A repeated seed would reuse the same run directory and count one run twice.
  for (size_t i = 0; i < study.seeds.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (study.seeds[i] == study.seeds[j])
        throw ConfigError(c.location("seeds") + "key `study.seeds` repeats the seed " + std::to_string(study.seeds[i]));
  study.baseline = c.get<std::string>("baseline", study.variants.front().name);
  std::vector<std::string> names;
  for (const auto& v : study.variants) names.push_back(v.name);
  check_baseline(study.baseline, names, c.location("baseline"), c.path("baseline"));
  c.finish({"variants"});
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
  r.landmark_kdt = number_or_nan(final, "landmark_kdt");
  r.landmark_loss_kdt = number_or_nan(final, "landmark_loss_kdt");
  r.score_noise_ratio = number_or_nan(final, "score_noise_ratio");
  r.score_split_half_kdt = number_or_nan(final, "score_split_half_kdt");
  // ground_truth.repeats >= 2: how well the evaluation set's ground truth agrees with itself.
  std::vector<std::vector<double>> repeats;
  for (const auto& p : results.at("evaluation_set"))
    if (p.contains("ground_truth_repeats")) repeats.push_back(p.at("ground_truth_repeats").get<std::vector<double>>());
  if (!repeats.empty() && repeats.size() == results.at("evaluation_set").size()) {
    const GroundTruthRepeatability g = ground_truth_repeatability(repeats);
    r.ground_truth_repeats = g.repeats;
    r.ground_truth_repeat_kdt = g.kendall_first_two;
    r.ground_truth_sd = g.mean_std;
  }
  const auto& cost = results.at("cost");
  r.cost_hours = cost.contains("gpu_hours") ? cost.at("gpu_hours").get<double>() : cost.at("cpu_hours").get<double>();
  return r;
}

// One finished run of a study: its results.json and metrics.jsonl.
struct Run {
  int64_t seed = 0;
  nlohmann::json results;
  std::vector<nlohmann::json> metrics;
};

using LineValue = std::function<std::optional<double>(const nlohmann::json&)>;

// The S-KdT of an evaluation line of metrics.jsonl, if it has one.
std::optional<double> eval_skdt(const nlohmann::json& line) {
  if (line.contains("eval") && line["eval"].contains("skdt") && line["eval"]["skdt"].is_number())
    return line["eval"]["skdt"].get<double>();
  return std::nullopt;
}

// The summed weight of all regularizers of a line (0 without regularizers).
std::optional<double> regularization_weight(const nlohmann::json& line) {
  double sum = 0;
  for (const auto& [key, value] : line.items())
    if (key.rfind("regularizer.", 0) == 0 && key.size() > 7 && key.compare(key.size() - 7, 7, ".weight") == 0)
      sum += value.get<double>();
  return sum;
}

// Mean and min/max band over seeds of `value(line)` per epoch.
Series band_over_seeds(const std::string& label, const std::vector<Run>& runs, const LineValue& value) {
  std::map<int, std::vector<double>> by_epoch;
  for (const Run& run : runs)
    for (const auto& line : run.metrics)
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

ValuesBySeedAndEpoch values_by_seed_and_epoch(const std::vector<Run>& runs, const LineValue& value) {
  ValuesBySeedAndEpoch values;
  for (const Run& run : runs)
    for (const auto& line : run.metrics)
      if (auto v = value(line)) values[run.seed][line.at("epoch").get<int>()] = *v;
  return values;
}

// skdt.svg: S-KdT over epochs per variant; below it, when there is a
// baseline to compare with, the paired difference of each other variant.
std::string skdt_plot(const Study& study, const std::map<std::string, std::vector<Run>>& runs) {
  PlotSpec skdt{"S-KdT during super-net training (band: min..max over seeds)", "epoch", "S-KdT", {}};
  PlotSpec paired{"Paired S-KdT difference to " + study.baseline + " (band: min..max over seeds)", "epoch",
                  "S-KdT difference", {}};
  paired.y_reference = 0.0;
  const auto baseline = values_by_seed_and_epoch(runs.at(study.baseline), eval_skdt);
  for (size_t i = 0; i < study.variants.size(); ++i) {
    const std::string& name = study.variants[i].name;
    skdt.series.push_back(band_over_seeds(name, runs.at(name), eval_skdt));
    if (name == study.baseline) continue;
    Series difference = paired_difference_over_epochs(name + " \u2212 " + study.baseline,
                                                      values_by_seed_and_epoch(runs.at(name), eval_skdt), baseline);
    difference.colour = static_cast<int>(i);  // the variant's colour in the plot above
    paired.series.push_back(std::move(difference));
  }
  if (paired.series.empty()) return render_svg(skdt);
  return render_panels({skdt, paired}, 1);
}

// scatter.svg: one panel per variant, rank by super-net score against rank
// by ground truth within each run's evaluation set (ranks, not raw values,
// so that a few collapsed architectures do not squash the rest).
std::string scatter_plot(const Study& study, const std::map<std::string, std::vector<Run>>& runs,
                         const std::vector<VariantRow>& rows) {
  std::vector<PlotSpec> panels;
  for (size_t i = 0; i < study.variants.size(); ++i) {
    const std::string& name = study.variants[i].name;
    Series points;
    points.label = name;
    points.points_only = true;
    points.colour = static_cast<int>(i);
    for (const Run& run : runs.at(name)) {
      const bool higher_is_better = run.results.at("metric").at("higher_is_better").get<bool>();
      std::vector<double> scores, truth;
      for (const auto& p : run.results.at("evaluation_set"))
        scores.push_back(p.at("score").get<double>()), truth.push_back(p.at("ground_truth").get<double>());
      const auto score_ranks = ranks_best_first(scores, higher_is_better);
      const auto truth_ranks = ranks_best_first(truth, higher_is_better);
      points.x.insert(points.x.end(), score_ranks.begin(), score_ranks.end());
      points.y.insert(points.y.end(), truth_ranks.begin(), truth_ranks.end());
    }
    std::string title = name;  // with its final Kendall tau, mean ± sd over seeds
    for (const VariantRow& row : rows) {
      if (row.variant != name || std::isnan(row.kdt.mean)) continue;
      title += ": KdT " + fixed(row.kdt.mean, 3);
      if (!std::isnan(row.kdt.std)) title += " \u00b1 " + fixed(row.kdt.std, 3);
      title += " (" + std::to_string(row.seeds) + (row.seeds == 1 ? " seed)" : " seeds)");
    }
    PlotSpec panel{title, "rank by super-net score (1 = best)", "rank by ground truth (1 = best)", {points}};
    panel.legend = false;
    panels.push_back(std::move(panel));
  }
  const int columns = static_cast<int>(std::min<size_t>(3, panels.size()));
  return render_panels(panels, columns, "Super-net rank vs ground-truth rank on the evaluation set, all seeds");
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
  std::map<std::string, std::vector<Run>> runs_by_variant;
  std::string metric_name = "metric";
  bool higher_is_better = true;
  bool on_gpu = false;

  const size_t total = study.variants.size() * study.seeds.size();
  size_t index = 0;
  for (const auto& variant : study.variants) {
    for (int64_t seed : study.seeds) {
      ++index;
      const auto run_dir = study_dir / (slug(variant.name) + "-seed" + std::to_string(seed));
      // Rank 0 alone writes; what the files say is decided there and broadcast.
      if (is_rank_zero()) std::filesystem::create_directories(run_dir / "checkpoints");
      const auto results_file = run_dir / "results.json";
      nlohmann::json results;
      if (broadcast_flag(world(), std::filesystem::exists(results_file))) {
        spdlog::info("study run {}/{}: {} seed {} already finished", index, total, variant.name, seed);
        if (!is_rank_zero()) continue;
        results = read_json(results_file);
      } else {
        toml::table seed_set;
        seed_set.insert("run.seed", seed);
        seed_set.insert("run.name", variant.name);
        // One search: its manifest (and the one it writes) holds no [study].
        const Manifest run_manifest = manifest.apply(variant.set, "study variant " + variant.name)
                                          .apply(seed_set, "study seed " + std::to_string(seed))
                                          .without("study");
        if (is_rank_zero()) std::ofstream(run_dir / "manifest.resolved.toml") << run_manifest.to_toml();
        const bool resume = broadcast_flag(world(), std::filesystem::exists(run_dir / "checkpoints" / "last.pt"));
        spdlog::info("study run {}/{}: {} seed {}{}", index, total, variant.name, seed, resume ? " (resuming)" : "");
        auto outcome = run_search(run_manifest, registry, run_dir, resume);
        if (outcome.interrupted) return 130;
        if (!is_rank_zero()) continue;
        results = outcome.results;
      }
      metric_name = results.at("metric").at("name").get<std::string>();
      higher_is_better = results.at("metric").at("higher_is_better").get<bool>();
      on_gpu = results.at("cost").contains("gpu_hours");
      seed_results.push_back(seed_result(variant.name, seed, results));
      runs_by_variant[variant.name].push_back({seed, results, read_jsonl(run_dir / "metrics.jsonl")});
    }
  }

  if (!is_rank_zero()) return 0;  // the report is rank 0's

  StudyReportInputs report;
  report.rows = summarize(seed_results);
  report.comparisons = compare_with_baseline(seed_results, study.baseline, metric_name);
  report.baseline = study.baseline;
  report.metric_name = metric_name;
  report.higher_is_better = higher_is_better;
  report.cost_unit = on_gpu ? "GPU-hours" : "CPU-hours";
  std::ofstream(study_dir / "study.md") << study_markdown(report);
  std::ofstream(study_dir / "study.csv") << to_csv(report.rows);
  if (!report.comparisons.empty()) std::ofstream(study_dir / "study_paired.csv") << paired_csv(report.comparisons);

  PlotSpec schedule{"Regularization weight", "epoch", "weight", {}};
  for (const auto& variant : study.variants) {
    Series weight = band_over_seeds(variant.name, runs_by_variant[variant.name], regularization_weight);
    weight.y_low.clear();
    weight.y_high.clear();
    schedule.series.push_back(weight);
  }
  std::ofstream(study_dir / "skdt.svg") << skdt_plot(study, runs_by_variant);
  std::ofstream(study_dir / "scatter.svg") << scatter_plot(study, runs_by_variant, report.rows);
  std::ofstream(study_dir / "schedule.svg") << render_svg(schedule);

  std::cout << "\n" << to_markdown(report.rows, metric_name, report.cost_unit) << "\n";
  if (!report.comparisons.empty()) std::cout << paired_sentences(report.comparisons) << "\n";
  std::cout << "report: " << (study_dir / "study.md").string() << "\n";
  return 0;
}

}  // namespace naskernel
