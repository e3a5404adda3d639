// The description of one synthetic scene: a pinhole camera, textured planes
// (ground, walls), boxes and spheres, a directional light and fog.
//
// World frame: X right, Y up, Z forward; the ground is Y = 0. The camera sits
// at (0, height, 0), looks along +Z pitched down by `pitch`, and has square
// pixels. Depth is the distance along the optical axis (the z coordinate in
// the camera frame), so a fronto-parallel plane has constant depth.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace naskernel::depth {

struct Vec3 {
  double x = 0, y = 0, z = 0;
};
inline Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline Vec3 operator*(double s, Vec3 a) { return {s * a.x, s * a.y, s * a.z}; }
inline double dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline double norm(Vec3 a) { return std::sqrt(dot(a, a)); }
inline Vec3 normalized(Vec3 a) { return (1.0 / norm(a)) * a; }
// Rotation about the vertical (Y) axis by `angle` radians.
inline Vec3 rotate_y(Vec3 a, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  return {c * a.x + s * a.z, a.y, -s * a.x + c * a.z};
}

struct Camera {
  double focal = 32;          // pixels
  double cx = 16, cy = 16;    // principal point, pixels (pixel i spans [i, i + 1))
  double height = 1.5;        // above the ground
  double pitch = 0;           // radians, positive looks down
  Vec3 position() const { return {0, height, 0}; }
  // The ray through the centre of pixel (row, col), scaled so that its
  // component along the optical axis is 1: a hit at ray parameter t has depth t.
  Vec3 ray(int64_t row, int64_t col) const;
};

enum class Pattern { flat, checker, stripes, noise };

// A surface colour: a mix of two colours by a pattern of the surface's own
// 2-D coordinates (world units), so textures shrink with distance.
struct Material {
  Vec3 color_a{0.5, 0.5, 0.5}, color_b{0.5, 0.5, 0.5};  // RGB in [0, 1]
  Pattern pattern = Pattern::flat;
  double scale = 1.0;  // pattern period, world units
  double angle = 0.0;  // orientation of stripes, radians
  uint64_t seed = 0;   // value noise lattice
  Vec3 color(double u, double v) const;
};

// Points X with dot(normal, X) = offset; (dot(X, u_axis), dot(X, v_axis)) are texture coordinates.
struct Plane {
  Vec3 normal, u_axis, v_axis;
  double offset = 0;
  Material material;
};

// A box with half extents `half`, turned by `yaw` about the vertical axis.
struct Box {
  Vec3 center, half;
  double yaw = 0;
  Material material;
};

struct Sphere {
  Vec3 center;
  double radius = 1;
  Material material;
};

struct Scene {
  Camera camera;
  std::vector<Plane> planes;
  std::vector<Box> boxes;
  std::vector<Sphere> spheres;
  Vec3 light{0, 1, 0};  // unit direction towards the light
  double ambient = 0.35;
  Vec3 fog_color{0.7, 0.7, 0.7};
  double fog = 0;  // density per unit of depth: fog fraction 1 - exp(-fog * depth)
};

}  // namespace naskernel::depth
