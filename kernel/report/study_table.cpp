#include "report/study_table.h"

#include "report/table_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace naskernel {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

std::string cell(const MeanStd& value, int decimals) {
  if (value.count == 0 || std::isnan(value.mean)) return "n/a";
  return fixed(value.mean, decimals) + " ± " + (std::isnan(value.std) ? "n/a" : fixed(value.std, decimals));
}

// A cell computed over only some of the seeds says over how many.
std::string partial_cell(const MeanStd& value, size_t seeds, int decimals) {
  std::string text = cell(value, decimals);
  if (value.count > 0 && value.count < seeds)
    text += " (" + std::to_string(value.count) + "/" + std::to_string(seeds) + " seeds)";
  return text;
}

}  // namespace

MeanStd mean_and_sample_std(const std::vector<double>& values) {
  MeanStd result;
  result.count = values.size();
  if (values.empty()) return {kUndefined, kUndefined, 0};
  result.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  if (values.size() < 2) {
    result.std = kUndefined;
    return result;
  }
  double squares = 0;
  for (double value : values) squares += (value - result.mean) * (value - result.mean);
  result.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  return result;
}

std::vector<VariantRow> summarize(const std::vector<SeedResult>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const SeedResult*>> by_variant;
  for (const SeedResult& result : results) {
    auto& group = by_variant[result.variant];
    if (group.empty()) order.push_back(result.variant);
    group.push_back(&result);
  }
  std::vector<VariantRow> rows;
  for (const std::string& variant : order) {
    const auto& group = by_variant[variant];
    std::vector<double> skdt, kdt, spearman, mean_found, best_found, best_rank, cost, landmark_kdt, landmark_loss_kdt;
    std::vector<double> repeat_kdt, ground_truth_sd, noise_ratio, split_half_kdt;
    size_t repeats = 1;
    for (const SeedResult* result : group) {
      skdt.push_back(result->skdt);
      kdt.push_back(result->kdt);
      spearman.push_back(result->spearman);
      if (!result->found_ground_truth.empty()) {
        mean_found.push_back(std::accumulate(result->found_ground_truth.begin(), result->found_ground_truth.end(), 0.0) /
                             static_cast<double>(result->found_ground_truth.size()));
      }
      best_found.push_back(result->best_found);
      if (result->best_rank) best_rank.push_back(static_cast<double>(*result->best_rank));
      cost.push_back(result->cost_hours);
      if (!std::isnan(result->landmark_kdt)) landmark_kdt.push_back(result->landmark_kdt);
      if (!std::isnan(result->landmark_loss_kdt)) landmark_loss_kdt.push_back(result->landmark_loss_kdt);
      repeats = std::max(repeats, result->ground_truth_repeats);
      if (!std::isnan(result->ground_truth_repeat_kdt)) repeat_kdt.push_back(result->ground_truth_repeat_kdt);
      if (!std::isnan(result->ground_truth_sd)) ground_truth_sd.push_back(result->ground_truth_sd);
      if (!std::isnan(result->score_noise_ratio)) noise_ratio.push_back(result->score_noise_ratio);
      if (!std::isnan(result->score_split_half_kdt)) split_half_kdt.push_back(result->score_split_half_kdt);
    }
    VariantRow row;
    row.variant = variant;
    row.seeds = group.size();
    row.skdt = mean_and_sample_std(skdt);
    row.kdt = mean_and_sample_std(kdt);
    row.spearman = mean_and_sample_std(spearman);
    row.mean_found = mean_and_sample_std(mean_found);
    row.best_found = mean_and_sample_std(best_found);
    row.best_rank = mean_and_sample_std(best_rank);
    row.cost_hours = mean_and_sample_std(cost);
    row.landmark_kdt = mean_and_sample_std(landmark_kdt);
    row.landmark_loss_kdt = mean_and_sample_std(landmark_loss_kdt);
    row.ground_truth_repeats = repeats;
    row.ground_truth_repeat_kdt = mean_and_sample_std(repeat_kdt);
    row.ground_truth_sd = mean_and_sample_std(ground_truth_sd);
    row.score_noise_ratio = mean_and_sample_std(noise_ratio);
    row.score_split_half_kdt = mean_and_sample_std(split_half_kdt);
    rows.push_back(row);
  }
  return rows;
}

std::string to_markdown(const std::vector<VariantRow>& rows, const std::string& metric_name,
                        const std::string& cost_unit) {
  std::string text = "| Variant | Seeds | S-KdT | KdT | Spearman | Landmark KdT | Landmark loss-KdT | Mean " +
                     metric_name + " | Best " + metric_name + " | Best rank | Cost (" + cost_unit + ") |\n";
  text += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const VariantRow& row : rows) {
    text += "| " + markdown_text(row.variant) + " | " + std::to_string(row.seeds) + " | " + cell(row.skdt, 3) + " | " +
            cell(row.kdt, 3) + " | " + cell(row.spearman, 3) + " | " + partial_cell(row.landmark_kdt, row.seeds, 3) +
            " | " + partial_cell(row.landmark_loss_kdt, row.seeds, 3) + " | " + cell(row.mean_found, 2) + " | " + cell(row.best_found, 2) + " | " +
            partial_cell(row.best_rank, row.seeds, 1) + " | " + cell(row.cost_hours, 2) + " |\n";
  }
  return text;
}

bool has_ground_truth_repeats(const std::vector<VariantRow>& rows) {
  for (const VariantRow& row : rows)
    if (row.ground_truth_repeats > 1 && row.ground_truth_sd.count > 0) return true;
  return false;
}

bool has_score_noise(const std::vector<VariantRow>& rows) {
  for (const VariantRow& row : rows)
    if (row.score_noise_ratio.count > 0) return true;
  return false;
}

std::string to_csv(const std::vector<VariantRow>& rows) {
  const bool repeats = has_ground_truth_repeats(rows);
  const bool noise = has_score_noise(rows);
  std::string text =
      "variant,seeds,skdt_mean,skdt_std,kdt_mean,kdt_std,spearman_mean,spearman_std,"
      "mean_found_mean,mean_found_std,mean_found_count,best_found_mean,best_found_std,"
      "best_rank_mean,best_rank_std,best_rank_count,cost_hours_mean,cost_hours_std,"
      "landmark_kdt_mean,landmark_kdt_std,landmark_kdt_count";
  if (repeats)
    text += ",ground_truth_repeats,ground_truth_repeat_kdt_mean,ground_truth_repeat_kdt_std,"
            "ground_truth_repeat_kdt_count,ground_truth_sd_mean,ground_truth_sd_std,ground_truth_sd_count";
  text += ",landmark_loss_kdt_mean,landmark_loss_kdt_std,landmark_loss_kdt_count";
  if (noise)
    text += ",score_noise_ratio_mean,score_noise_ratio_std,score_noise_ratio_count,score_split_half_kdt_mean,"
            "score_split_half_kdt_std,score_split_half_kdt_count";
  text += "\n";
  for (const VariantRow& row : rows) {
    const auto pair = [](const MeanStd& value) { return csv_number(value.mean) + "," + csv_number(value.std); };
    text += csv_text(row.variant) + "," + std::to_string(row.seeds) + "," + pair(row.skdt) + "," + pair(row.kdt) +
            "," + pair(row.spearman) + "," + pair(row.mean_found) + "," + std::to_string(row.mean_found.count) + "," +
            pair(row.best_found) + "," + pair(row.best_rank) + "," + std::to_string(row.best_rank.count) + "," +
            pair(row.cost_hours) + "," + pair(row.landmark_kdt) + "," + std::to_string(row.landmark_kdt.count);
    if (repeats)
      text += "," + std::to_string(row.ground_truth_repeats) + "," + pair(row.ground_truth_repeat_kdt) + "," +
              std::to_string(row.ground_truth_repeat_kdt.count) + "," + pair(row.ground_truth_sd) + "," +
              std::to_string(row.ground_truth_sd.count);
    text += "," + pair(row.landmark_loss_kdt) + "," + std::to_string(row.landmark_loss_kdt.count);
    if (noise)
      text += "," + pair(row.score_noise_ratio) + "," + std::to_string(row.score_noise_ratio.count) + "," +
              pair(row.score_split_half_kdt) + "," + std::to_string(row.score_split_half_kdt.count);
    text += "\n";
  }
  return text;
}

}  // namespace naskernel
