// The `synthetic` data set: rendered scenes with exact depth, deterministic
// by seed. Scene i of split "train" or "test" draws from its own stream
// derive(seed, "depth.synthetic.<split>.<i>"), so a scene does not change
// when the set grows and the two splits never share a scene.
#pragma once

#include "depth_options.h"
#include "depth_set.h"

#include <cstdint>
#include <string>

namespace naskernel::depth {

// Scene `index` of `split` with sensor noise, quantised to bytes; disparity
// is 1 / depth (every pixel of a synthetic scene is valid).
void append_synthetic_sample(DepthSet& set, const std::string& split, int64_t index, uint64_t seed,
                             const SceneOptions& options);

// `count` scenes of `split` at `size`.
DepthSet render_synthetic_set(const std::string& split, int64_t count, uint64_t seed, ImageSize size,
                              const SceneOptions& options);

}  // namespace naskernel::depth
