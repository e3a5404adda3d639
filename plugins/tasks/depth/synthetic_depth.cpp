#include "synthetic_depth.h"

#include "scene_generator.h"
#include "scene_renderer.h"

#include <naskernel/rng.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace naskernel::depth {

void append_synthetic_sample(DepthSet& set, const std::string& split, int64_t index, uint64_t seed,
                             const SceneOptions& options) {
  const std::string name = "depth.synthetic." + split + "." + std::to_string(index);
  Rng rng(Rng::derive(seed, name));
  const Scene scene = random_scene(rng, options, set.size);
  const Rendering rendering = render_scene(scene, set.size);
  std::vector<uint8_t> rgb(rendering.rgb.size());
  for (size_t i = 0; i < rgb.size(); ++i) {
    const double noisy = rendering.rgb[i] + options.noise * rng.normal();
    rgb[i] = static_cast<uint8_t>(std::lround(255.0 * std::clamp(noisy, 0.0, 1.0)));
  }
  std::vector<float> disparity(rendering.depth.size());
  std::vector<uint8_t> valid(rendering.depth.size());
  for (size_t i = 0; i < disparity.size(); ++i) {
    if (!(rendering.depth[i] > 0))  // the room is closed, so this would be a renderer bug
      throw std::logic_error("synthetic scene " + name + " has a pixel without a surface");
    disparity[i] = 1.0f / rendering.depth[i];
    valid[i] = 1;
  }
  append_sample(set, rgb, disparity, valid, "synthetic " + split + " scene " + std::to_string(index));
}

DepthSet render_synthetic_set(const std::string& split, int64_t count, uint64_t seed, ImageSize size,
                              const SceneOptions& options) {
  DepthSet set;
  set.size = size;
  for (int64_t i = 0; i < count; ++i) append_synthetic_sample(set, split, i, seed, options);
  return set;
}

}  // namespace naskernel::depth
