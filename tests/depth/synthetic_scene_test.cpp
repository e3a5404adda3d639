// The synthetic scenes: exact depth for known geometry, every pixel on a
// surface of its scene, and determinism by seed.
#include "scene.h"
#include "scene_generator.h"
#include "scene_renderer.h"
#include "synthetic_depth.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

using namespace naskernel::depth;

namespace {

Camera level_camera(ImageSize size, double height = 1.5) {
  Camera camera;
  camera.focal = 20;
  camera.cx = 0.5 * static_cast<double>(size.width);
  camera.cy = 0.5 * static_cast<double>(size.height);
  camera.height = height;
  camera.pitch = 0;
  return camera;
}

Plane fronto_parallel_plane(double z) { return Plane{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, z, Material{}}; }

// Distance of world point `p` to the surface of each primitive; the smallest.
double distance_to_surfaces(const Scene& scene, Vec3 p) {
  double best = 1e30;
  for (const auto& plane : scene.planes) best = std::min(best, std::abs(dot(plane.normal, p) - plane.offset));
  for (const auto& sphere : scene.spheres) best = std::min(best, std::abs(norm(p - sphere.center) - sphere.radius));
  for (const auto& box : scene.boxes) {
    const Vec3 q = rotate_y(p - box.center, -box.yaw);
    const double dx = std::abs(q.x) - box.half.x, dy = std::abs(q.y) - box.half.y, dz = std::abs(q.z) - box.half.z;
    const double outside = norm({std::max(dx, 0.0), std::max(dy, 0.0), std::max(dz, 0.0)});
    const double inside = std::min(std::max({dx, dy, dz}), 0.0);
    best = std::min(best, std::abs(outside + inside));
  }
  return best;
}

}  // namespace

TEST_CASE("a fronto-parallel plane at distance z has constant depth z") {
  const ImageSize size{12, 16};
  for (double z : {0.75, 3.0, 12.5}) {
    Scene scene;
    scene.camera = level_camera(size);
    scene.planes.push_back(fronto_parallel_plane(z));
    const Rendering r = render_scene(scene, size);
    for (float d : r.depth) CHECK(d == doctest::Approx(z).epsilon(1e-7));
  }
}

TEST_CASE("the ground plane's depth is height * focal / (row offset below the horizon)") {
  const ImageSize size{16, 8};
  Scene scene;
  scene.camera = level_camera(size, 1.2);
  scene.planes.push_back(Plane{{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, 0, Material{}});
  const Rendering r = render_scene(scene, size);
  for (int64_t row = 0; row < size.height; ++row) {
    const double below = static_cast<double>(row) + 0.5 - scene.camera.cy;  // pixels below the optical axis
    for (int64_t col = 0; col < size.width; ++col) {
      const float d = r.depth[static_cast<size_t>(row * size.width + col)];
      if (below > 0)
        CHECK(d == doctest::Approx(1.2 * scene.camera.focal / below).epsilon(1e-6));
      else
        CHECK(d == 0.0f);  // above the horizon the ray never meets the ground
    }
  }
}

TEST_CASE("a sphere in front of a wall: nearer than the wall, its front point at centre depth minus radius") {
  const ImageSize size{9, 9};  // odd, so the centre pixel's ray is the optical axis
  Scene scene;
  scene.camera = level_camera(size, 1.0);
  scene.planes.push_back(fronto_parallel_plane(10));
  scene.spheres.push_back(Sphere{{0, 1.0, 5.0}, 1.0, Material{}});
  const Rendering r = render_scene(scene, size);
  CHECK(r.depth[4 * 9 + 4] == doctest::Approx(4.0).epsilon(1e-7));
  CHECK(r.depth[0] == doctest::Approx(10.0));  // the corner sees the wall
  for (float d : r.depth) CHECK(d <= 10.0f + 1e-5f);
}

TEST_CASE("a box face parallel to the image plane has constant depth") {
  const ImageSize size{9, 9};
  Scene scene;
  scene.camera = level_camera(size, 1.0);
  scene.planes.push_back(fronto_parallel_plane(10));
  scene.boxes.push_back(Box{{0, 1.0, 4.0}, {3.0, 3.0, 1.0}, 0.0, Material{}});
  const Rendering r = render_scene(scene, size);
  // The front face at z = 3 spans +-3 units at depth 3, wider than the 9-pixel view (half-width 4.5 / 20 * 3 < 3).
  for (float d : r.depth) CHECK(d == doctest::Approx(3.0).epsilon(1e-7));
}

TEST_CASE("every pixel of a random scene lies on one of its surfaces at the rendered depth") {
  const ImageSize size{24, 32};
  SceneOptions options;
  options.objects = 6;
  for (uint64_t seed = 0; seed < 12; ++seed) {
    naskernel::Rng rng(seed);
    const Scene scene = random_scene(rng, options, size);
    CHECK(scene.boxes.size() + scene.spheres.size() == 6);
    const Rendering r = render_scene(scene, size);
    for (int64_t row = 0; row < size.height; ++row)
      for (int64_t col = 0; col < size.width; ++col) {
        const double depth = r.depth[static_cast<size_t>(row * size.width + col)];
        REQUIRE(depth > 0);  // the room is closed
        const Vec3 point = scene.camera.position() + depth * scene.camera.ray(row, col);
        CHECK(distance_to_surfaces(scene, point) < 1e-4 * depth);
      }
    for (float v : r.rgb) {
      CHECK(v >= 0.0f);
      CHECK(v <= 1.0f);
    }
  }
}

TEST_CASE("synthetic sets are deterministic by seed, split and index") {
  SceneOptions options;
  const ImageSize size{16, 16};
  const DepthSet a = render_synthetic_set("train", 6, 7, size, options);
  const DepthSet b = render_synthetic_set("train", 6, 7, size, options);
  CHECK(a.rgb == b.rgb);
  CHECK(a.disparity == b.disparity);
  CHECK(a.valid == std::vector<uint8_t>(a.valid.size(), 1));
  CHECK(render_synthetic_set("train", 6, 8, size, options).disparity != a.disparity);
  CHECK(render_synthetic_set("test", 6, 7, size, options).disparity != a.disparity);
  // A scene does not depend on how many come after it.
  const DepthSet longer = render_synthetic_set("train", 9, 7, size, options);
  CHECK(std::equal(a.disparity.begin(), a.disparity.end(), longer.disparity.begin()));
  // Disparity is the inverse of a depth within the room (depth < 16 * sqrt(3)).
  for (float d : a.disparity) CHECK(d > 1.0f / 30.0f);
}

TEST_CASE("the difficulty knobs act: no contrast and no noise give flat surfaces, noise changes pixels") {
  const ImageSize size{16, 16};
  SceneOptions flat;
  flat.texture_contrast = 0;
  flat.noise = 0;
  flat.fog = 0;
  flat.objects = 0;
  // Without texture, light or fog differences, the back wall (same normal everywhere) has one colour.
  naskernel::Rng rng(3);
  Scene scene = random_scene(rng, flat, size);
  scene.planes.resize(2);  // ground and back wall only
  const Rendering r = render_scene(scene, size);
  std::vector<float> wall;
  for (int64_t row = 0; row < size.height; ++row)
    for (int64_t col = 0; col < size.width; ++col) {
      const Hit hit = intersect(scene, scene.camera.position(), scene.camera.ray(row, col));
      if (hit.material == &scene.planes[1].material) wall.push_back(r.rgb[static_cast<size_t>(row * size.width + col)]);
    }
  REQUIRE(wall.size() > 4);
  for (float v : wall) CHECK(v == doctest::Approx(wall[0]).epsilon(1e-6));

  SceneOptions noisy = flat;
  noisy.noise = 0.1;
  CHECK(render_synthetic_set("train", 1, 0, size, noisy).rgb != render_synthetic_set("train", 1, 0, size, flat).rgb);
  SceneOptions crowded;
  crowded.objects = 9;
  naskernel::Rng rng2(1);
  const Scene many = random_scene(rng2, crowded, size);
  CHECK(many.boxes.size() + many.spheres.size() == 9);
}
