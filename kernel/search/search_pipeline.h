// One complete search: landmark iterations around super-net training,
// ranking evaluation, proposals and their ground truth (DESIGN.md, steps 1-5).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>

namespace naskernel {

class Manifest;
class PluginRegistry;

struct SearchOutcome {
  nlohmann::json results;    // as written to results.json (empty when interrupted)
  bool interrupted = false;  // a checkpoint was written; resume with --resume
};

// Writes metrics.jsonl, results.json and checkpoints/ into run_dir. With
// resume, continues from run_dir/checkpoints/last.pt to the same result an
// uninterrupted run gives.
SearchOutcome run_search(const Manifest& manifest, const PluginRegistry& registry,
                         const std::filesystem::path& run_dir, bool resume);

}  // namespace naskernel
