#include "scene_generator.h"

#include <algorithm>
#include <cmath>

namespace naskernel::depth {
namespace {

constexpr double kPi = 3.14159265358979323846;

double uniform(Rng& rng, double low, double high) { return low + (high - low) * rng.uniform(); }

Vec3 random_color(Rng& rng) { return {uniform(rng, 0.1, 0.95), uniform(rng, 0.1, 0.95), uniform(rng, 0.1, 0.95)}; }

Material random_material(Rng& rng, double contrast) {
  Material m;
  m.color_a = random_color(rng);
  m.color_b = random_color(rng);
  const double kind = rng.uniform();
  m.pattern = kind < 0.2 ? Pattern::flat : kind < 0.5 ? Pattern::checker : kind < 0.7 ? Pattern::stripes : Pattern::noise;
  m.scale = uniform(rng, 0.25, 1.2);
  m.angle = uniform(rng, 0, kPi);
  m.seed = rng.next_u64();
  const Vec3 mean = 0.5 * (m.color_a + m.color_b);
  m.color_a = mean + contrast * (m.color_a - mean);
  m.color_b = mean + contrast * (m.color_b - mean);
  return m;
}

Plane plane(Vec3 normal, double offset, Vec3 u_axis, Vec3 v_axis, Material material) {
  return Plane{normal, u_axis, v_axis, offset, material};
}

}  // namespace

Scene random_scene(Rng& rng, const SceneOptions& options, ImageSize size) {
  Scene scene;
  const double contrast = options.texture_contrast;

  // Camera: vertical field of view 50..70 degrees, height 1..2.2, pitch 0..12 degrees down.
  const double fov = uniform(rng, 50, 70) * kPi / 180;
  scene.camera.focal = 0.5 * static_cast<double>(size.height) / std::tan(0.5 * fov);
  scene.camera.cx = 0.5 * static_cast<double>(size.width);
  scene.camera.cy = 0.5 * static_cast<double>(size.height);
  scene.camera.height = uniform(rng, 1.0, 2.2);
  scene.camera.pitch = uniform(rng, 0, 12) * kPi / 180;

  // The room: ground and back wall always (so every ray hits something), side walls usually.
  const double back = uniform(rng, 8, 16);
  const double left = uniform(rng, 2.5, 6), right = uniform(rng, 2.5, 6);
  scene.planes.push_back(plane({0, 1, 0}, 0, {1, 0, 0}, {0, 0, 1}, random_material(rng, contrast)));
  scene.planes.push_back(plane({0, 0, 1}, back, {1, 0, 0}, {0, 1, 0}, random_material(rng, contrast)));
  if (rng.uniform() < 0.75) scene.planes.push_back(plane({1, 0, 0}, -left, {0, 0, 1}, {0, 1, 0}, random_material(rng, contrast)));
  if (rng.uniform() < 0.75) scene.planes.push_back(plane({1, 0, 0}, right, {0, 0, 1}, {0, 1, 0}, random_material(rng, contrast)));

  // Objects at depth 3..(back - 1), inside the horizontal field of view and the room.
  const double half_width_slope = 0.5 * static_cast<double>(size.width) / scene.camera.focal;
  for (int64_t k = 0; k < options.objects; ++k) {
    const bool is_box = rng.uniform() < 0.5;
    const double z = uniform(rng, 3, back - 1);
    const double extent = is_box ? uniform(rng, 0.25, 0.9) : uniform(rng, 0.3, 1.0);
    const double reach = 0.9 * z * half_width_slope;
    const double low = std::max(-reach, -left + extent), high = std::min(reach, right - extent);
    const double x = low < high ? uniform(rng, low, high) : 0.5 * (low + high);
    if (is_box) {
      Box box;
      box.half = {extent, 0.5 * uniform(rng, 0.3, 2.0), uniform(rng, 0.25, 0.9)};
      box.center = {x, box.half.y, z};
      box.yaw = uniform(rng, 0, 0.5 * kPi);
      box.material = random_material(rng, contrast);
      scene.boxes.push_back(box);
    } else {
      Sphere sphere;
      sphere.radius = extent;
      const double lift = rng.uniform() < 0.3 ? uniform(rng, 0.2, 1.5) : 0.0;
      sphere.center = {x, extent + lift, z};
      sphere.material = random_material(rng, contrast);
      scene.spheres.push_back(sphere);
    }
  }

  scene.light = normalized({uniform(rng, -1, 1), uniform(rng, 0.6, 1.5), uniform(rng, -1, 0.3)});
  scene.ambient = uniform(rng, 0.25, 0.45);
  const double grey = uniform(rng, 0.55, 0.85);
  scene.fog_color = {grey + uniform(rng, -0.05, 0.05), grey + uniform(rng, -0.05, 0.05), grey + uniform(rng, -0.05, 0.05)};
  scene.fog = options.fog;
  return scene;
}

}  // namespace naskernel::depth
