#include "report/paired_comparison.h"

#include "report/table_text.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace naskernel {
namespace {

const char* const kMinus = "\u2212";

// What a seed's run contributes to one metric; NaN when it has no value.
struct MetricDefinition {
  const char* key;
  std::string label;
  int decimals;
  std::function<double(const SeedResult&)> value;
};

std::vector<MetricDefinition> metric_definitions(const std::string& metric_name) {
  return {
      {"skdt", "S-KdT", 3, [](const SeedResult& r) { return r.skdt; }},
      {"kdt", "KdT", 3, [](const SeedResult& r) { return r.kdt; }},
      {"spearman", "Spearman", 3, [](const SeedResult& r) { return r.spearman; }},
      {"mean_found", "Mean " + metric_name, 2,
       [](const SeedResult& r) {
         if (r.found_ground_truth.empty()) return static_cast<double>(NAN);
         return std::accumulate(r.found_ground_truth.begin(), r.found_ground_truth.end(), 0.0) /
                static_cast<double>(r.found_ground_truth.size());
       }},
      {"best_found", "Best " + metric_name, 2, [](const SeedResult& r) { return r.best_found; }},
  };
}

std::string p_number(double p) {
  if (std::isnan(p)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof(text), p >= 0.001 ? "%.3g" : "%.1e", p);
  return text;
}

// The table cell: "0.25", or "≈ 0.383" when estimated rather than enumerated.
std::string p_text(const PairedSummary& summary) {
  return (summary.p_exact ? "" : "\u2248 ") + p_number(summary.p_value);
}

std::string interval_text(const PairedMetric& metric) {
  const PairedSummary& s = metric.summary;
  if (std::isnan(s.ci_low)) return "n/a";
  return "[" + signed_fixed(s.ci_low, metric.decimals) + ", " + signed_fixed(s.ci_high, metric.decimals) + "]";
}

// "+0.200 [−0.048, +0.448]"; the mean alone from one seed; "n/a" from none.
std::string mean_and_interval_text(const PairedMetric& metric) {
  if (std::isnan(metric.summary.mean)) return "n/a";
  const std::string mean = signed_fixed(metric.summary.mean, metric.decimals);
  return std::isnan(metric.summary.ci_low) ? mean : mean + " " + interval_text(metric);
}

std::string seeds_text(size_t n) { return std::to_string(n) + (n == 1 ? " seed" : " seeds"); }

std::string comparison_name(const Comparison& c) { return c.variant + " " + kMinus + " " + c.baseline; }

std::string seeds_needed_text(const PairedMetric& metric, int max_seeds, const std::string& beyond) {
  const PairedSummary& s = metric.summary;
  if (s.n < 2 || !std::isfinite(s.sd)) return "";
  const auto needed = seeds_needed(s.mean, s.sd, max_seeds);
  return needed ? std::to_string(*needed) : beyond;
}

template <class T, class Format>
std::string joined(const std::vector<T>& values, const std::string& separator, Format format) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? separator : "") + format(values[i]);
  return text;
}

}  // namespace

const PairedMetric& Comparison::metric(const std::string& key) const {
  for (const PairedMetric& m : metrics)
    if (m.key == key) return m;
  throw std::out_of_range("no paired metric `" + key + "`");
}

void check_baseline(const std::string& baseline, const std::vector<std::string>& variants,
                    const std::string& location, const std::string& key_path) {
  if (std::find(variants.begin(), variants.end(), baseline) != variants.end()) return;
  throw ConfigError(location + "key `" + key_path + "` names `" + baseline + "`, which is not a variant" +
                    did_you_mean(baseline, variants) + "; the variants are " +
                    joined(variants, ", ", [](const std::string& v) { return "`" + v + "`"; }));
}

std::vector<Comparison> compare_with_baseline(const std::vector<SeedResult>& results, const std::string& baseline,
                                              const std::string& metric_name) {
  std::vector<std::string> order;
  std::map<std::string, std::map<int64_t, const SeedResult*>> by_variant;
  for (const SeedResult& r : results) {
    if (!by_variant.count(r.variant)) order.push_back(r.variant);
    by_variant[r.variant][r.seed] = &r;
  }
  const auto base = by_variant.find(baseline);
  if (base == by_variant.end()) throw std::invalid_argument("compare_with_baseline: no results for `" + baseline + "`");

  const auto definitions = metric_definitions(metric_name);
  std::vector<Comparison> comparisons;
  for (const std::string& variant : order) {
    if (variant == baseline) continue;
    Comparison comparison{variant, baseline, {}};
    for (const MetricDefinition& definition : definitions) {
      PairedMetric metric{definition.key, definition.label, definition.decimals, {}, {}, {}};
      for (const auto& [seed, result] : by_variant[variant]) {
        const auto other = base->second.find(seed);
        if (other == base->second.end()) continue;
        const double difference = definition.value(*result) - definition.value(*other->second);
        if (!std::isfinite(difference)) continue;
        metric.seeds.push_back(seed);
        metric.differences.push_back(difference);
      }
      metric.summary = summarize_differences(metric.differences);
      comparison.metrics.push_back(std::move(metric));
    }
    comparisons.push_back(std::move(comparison));
  }
  return comparisons;
}

std::string paired_sentences(const std::vector<Comparison>& comparisons) {
  std::string text;
  for (const Comparison& c : comparisons) {
    const PairedMetric& m = c.metric("skdt");
    const PairedSummary& s = m.summary;
    text += "- " + comparison_name(c) + ": ";
    if (s.n == 0) {
      text += "no seed with S-KdT on both sides: not comparable\n";
      continue;
    }
    text += signed_fixed(s.mean, m.decimals) + " " + m.label;
    if (!std::isnan(s.ci_low)) text += " " + interval_text(m);
    text += std::string(s.p_exact ? ", p = " : ", p \u2248 ") + p_number(s.p_value) + " (" + seeds_text(s.n) + ")";
    if (s.n < 2) text += ", no interval from one seed";
    text += s.excludes_zero() ? ": distinguishable at 95%\n" : ": not distinguishable\n";
  }
  return text;
}

std::string paired_markdown(const std::vector<Comparison>& comparisons) {
  std::string text = "| Comparison | Metric | Differences by seed | Mean [95% CI] | p | n |\n";
  text += "|---|---|---|---:|---:|---:|\n";
  for (const Comparison& c : comparisons) {
    for (const PairedMetric& m : c.metrics) {
      std::string differences;
      for (size_t i = 0; i < m.seeds.size(); ++i)
        differences += (i ? ", " : "") + std::to_string(m.seeds[i]) + ": " + signed_fixed(m.differences[i], m.decimals);
      text += "| " + markdown_text(comparison_name(c)) + " | " + markdown_text(m.label) + " | " +
              (differences.empty() ? "none" : differences) + " | " + mean_and_interval_text(m) + " | " +
              p_text(m.summary) + " | " + std::to_string(m.summary.n) + " |\n";
    }
  }
  return text;
}

std::string power_markdown(const std::vector<Comparison>& comparisons, int max_seeds) {
  std::string text =
      "| Comparison | Mean S-KdT gain | Paired sd | Seeds | Seeds for a 95% CI excluding 0 | "
      "Smallest detectable gain |\n";
  text += "|---|---:|---:|---:|---:|---:|\n";
  for (const Comparison& c : comparisons) {
    const PairedMetric& m = c.metric("skdt");
    const PairedSummary& s = m.summary;
    const std::string needed = seeds_needed_text(m, max_seeds, "more than " + std::to_string(max_seeds));
    const double gain = smallest_detectable_gain(s.sd, s.n);
    text += "| " + markdown_text(comparison_name(c)) + " | " + signed_fixed(s.mean, m.decimals) + " | " +
            (std::isnan(s.sd) ? "n/a" : fixed(s.sd, m.decimals)) + " | " + std::to_string(s.n) + " | " +
            (needed.empty() ? "n/a" : needed) + " | " + (std::isnan(gain) ? "n/a" : fixed(gain, m.decimals)) +
            " |\n";
  }
  return text;
}

std::string paired_csv(const std::vector<Comparison>& comparisons, int max_seeds) {
  std::string text =
      "variant,baseline,metric,n,seeds,differences,mean,sd,ci_low,ci_high,p_value,p_exact,seeds_needed,"
      "smallest_detectable_gain\n";
  for (const Comparison& c : comparisons) {
    for (const PairedMetric& m : c.metrics) {
      const PairedSummary& s = m.summary;
      text += csv_text(c.variant) + "," + csv_text(c.baseline) + "," + m.key + "," + std::to_string(s.n) + "," +
              joined(m.seeds, ";", [](int64_t seed) { return std::to_string(seed); }) + "," +
              joined(m.differences, ";", [](double d) { return csv_number(d); }) + "," + csv_number(s.mean) + "," +
              csv_number(s.sd) + "," + csv_number(s.ci_low) + "," + csv_number(s.ci_high) + "," +
              csv_number(s.p_value) + "," + (s.p_exact ? "true" : "false") + "," +
              seeds_needed_text(m, max_seeds, ">" + std::to_string(max_seeds)) + "," +
              csv_number(smallest_detectable_gain(s.sd, s.n)) + "\n";
    }
  }
  return text;
}

Series paired_difference_over_epochs(const std::string& label, const ValuesBySeedAndEpoch& variant,
                                     const ValuesBySeedAndEpoch& baseline) {
  std::map<int, std::vector<double>> by_epoch;
  for (const auto& [seed, epochs] : variant) {
    const auto other = baseline.find(seed);
    if (other == baseline.end()) continue;
    for (const auto& [epoch, value] : epochs) {
      const auto base = other->second.find(epoch);
      if (base == other->second.end()) continue;
      const double difference = value - base->second;
      if (std::isfinite(difference)) by_epoch[epoch].push_back(difference);
    }
  }
  Series series;
  series.label = label;
  for (const auto& [epoch, differences] : by_epoch) {
    series.x.push_back(epoch);
    series.y.push_back(std::accumulate(differences.begin(), differences.end(), 0.0) /
                       static_cast<double>(differences.size()));
    series.y_low.push_back(*std::min_element(differences.begin(), differences.end()));
    series.y_high.push_back(*std::max_element(differences.begin(), differences.end()));
  }
  return series;
}

}  // namespace naskernel
