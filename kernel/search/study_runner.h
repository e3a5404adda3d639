// Studies: every variant of a manifest under every seed, then a report
// comparing them (like the landmark paper's Table 1) and three plots.
//
//   [study]
//   variants = [{name = "SPOS", set = {regularizers = []}},
//               {name = "SPOS+landmark"}]
//   seeds = [0, 1, 2]
//   baseline = "SPOS"   # optional; the first variant by default
//
// study.md holds the per-variant table and, for every other variant, the
// per-seed (paired) differences to the baseline with 95% intervals, sign-flip
// p-values and power figures; study.csv and study_paired.csv hold the same
// numbers; skdt.svg, scatter.svg and schedule.svg the curves and rankings.
//
// Runs live in <study dir>/<variant>-seed<N>/; finished runs are skipped
// and interrupted ones resumed, so re-running a study continues it. Runs
// that share data and ground truth share them through the store.
#pragma once

#include <filesystem>
#include <vector>

namespace naskernel {

class Manifest;
class PluginRegistry;

// Returns the process exit code (0, or 130 when interrupted).
int run_study(const Manifest& manifest, const PluginRegistry& registry, const std::filesystem::path& study_dir);

// The manifest of every variant (seeds not applied), for validate.
std::vector<Manifest> study_variant_manifests(const Manifest& manifest);

}  // namespace naskernel
