// Checkpoints: one file holding the super-net, the optimizer, the sampler's
// and regularizers' states, LibTorch's default generator and the kernel's
// own state (epoch, step, RNG streams, batch streams, pipeline) as JSON.
// Written to a temporary file and renamed, so a crash mid-write never
// replaces the last good checkpoint.
#pragma once

#include <naskernel/regularizer.h>
#include <naskernel/sampler.h>
#include <naskernel/search_space.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

namespace naskernel {

struct CheckpointParts {
  SuperNet& supernet;
  torch::optim::Optimizer& optimizer;
  Sampler& sampler;
  std::vector<Regularizer*> regularizers;
};

void save_checkpoint(const std::filesystem::path& file, const CheckpointParts& parts, const nlohmann::json& kernel_state);

// Restores every part in place and returns the kernel state.
nlohmann::json load_checkpoint(const std::filesystem::path& file, const CheckpointParts& parts);

}  // namespace naskernel
