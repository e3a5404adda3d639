// Ray casting of a Scene: one ray per pixel centre, the nearest surface wins.
#pragma once

#include "depth_set.h"
#include "scene.h"

#include <vector>

namespace naskernel::depth {

struct Rendering {
  ImageSize size;
  std::vector<float> rgb;    // [3, height, width], in [0, 1], before sensor noise
  std::vector<float> depth;  // [height, width], 0 where the ray hits nothing
};

// Lambertian shading (ambient + directional light, no shadows), then fog.
Rendering render_scene(const Scene& scene, ImageSize size);

// The nearest hit of the ray origin + t * direction with t > 0, or a negative
// t when the ray hits nothing. For tests of the geometry.
struct Hit {
  double t = -1;
  Vec3 normal;       // unit, facing the ray
  double u = 0, v = 0;  // texture coordinates
  const Material* material = nullptr;
};
Hit intersect(const Scene& scene, Vec3 origin, Vec3 direction);

}  // namespace naskernel::depth
