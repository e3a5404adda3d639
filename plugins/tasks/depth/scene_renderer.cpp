#include "scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace naskernel::depth {
namespace {

// Hits closer than this are ignored (the camera is never on a surface).
constexpr double kMinT = 1e-9;

void consider(Hit& best, double t, Vec3 normal, double u, double v, const Material& material, Vec3 direction) {
  if (!(t > kMinT) || (best.t > 0 && t >= best.t)) return;
  if (dot(normal, direction) > 0) normal = -1.0 * normal;
  best = Hit{t, normal, u, v, &material};
}

void hit_plane(const Plane& plane, Vec3 origin, Vec3 direction, Hit& best) {
  const double facing = dot(plane.normal, direction);
  if (facing == 0) return;
  const double t = (plane.offset - dot(plane.normal, origin)) / facing;
  const Vec3 point = origin + t * direction;
  consider(best, t, plane.normal, dot(point, plane.u_axis), dot(point, plane.v_axis), plane.material, direction);
}

void hit_sphere(const Sphere& sphere, Vec3 origin, Vec3 direction, Hit& best) {
  const Vec3 offset = origin - sphere.center;
  const double a = dot(direction, direction), b = dot(offset, direction);
  const double c = dot(offset, offset) - sphere.radius * sphere.radius;
  const double discriminant = b * b - a * c;
  if (discriminant < 0) return;
  const double root = std::sqrt(discriminant);
  double t = (-b - root) / a;
  if (!(t > kMinT)) t = (-b + root) / a;
  const Vec3 local = (origin + t * direction) - sphere.center;
  const double r = sphere.radius;
  const double longitude = std::atan2(local.x, local.z) * r;
  const double latitude = std::asin(std::clamp(local.y / r, -1.0, 1.0)) * r;
  consider(best, t, (1.0 / r) * local, longitude, latitude, sphere.material, direction);
}

// Slab test in the box's own frame.
void hit_box(const Box& box, Vec3 origin, Vec3 direction, Hit& best) {
  const Vec3 o = rotate_y(origin - box.center, -box.yaw);
  const Vec3 d = rotate_y(direction, -box.yaw);
  const double origin_axes[3] = {o.x, o.y, o.z}, direction_axes[3] = {d.x, d.y, d.z};
  const double half[3] = {box.half.x, box.half.y, box.half.z};
  double t_near = -std::numeric_limits<double>::infinity(), t_far = std::numeric_limits<double>::infinity();
  int near_axis = 0;
  for (int k = 0; k < 3; ++k) {
    if (direction_axes[k] == 0) {
      if (std::abs(origin_axes[k]) > half[k]) return;
      continue;
    }
    double t1 = (-half[k] - origin_axes[k]) / direction_axes[k], t2 = (half[k] - origin_axes[k]) / direction_axes[k];
    if (t1 > t2) std::swap(t1, t2);
    if (t1 > t_near) t_near = t1, near_axis = k;
    t_far = std::min(t_far, t2);
  }
  if (t_near > t_far || !(t_near > kMinT)) return;  // a miss, or the camera inside the box
  Vec3 local_normal;
  (near_axis == 0 ? local_normal.x : near_axis == 1 ? local_normal.y : local_normal.z) = 1;
  const Vec3 p = o + t_near * d;
  // Texture coordinates: the two face axes, from the box corner.
  const double coords[3] = {p.x + half[0], p.y + half[1], p.z + half[2]};
  const double u = coords[(near_axis + 1) % 3], v = coords[(near_axis + 2) % 3];
  consider(best, t_near, rotate_y(local_normal, box.yaw), u, v, box.material, direction);
}

}  // namespace

Hit intersect(const Scene& scene, Vec3 origin, Vec3 direction) {
  Hit best;
  for (const auto& plane : scene.planes) hit_plane(plane, origin, direction, best);
  for (const auto& box : scene.boxes) hit_box(box, origin, direction, best);
  for (const auto& sphere : scene.spheres) hit_sphere(sphere, origin, direction, best);
  return best;
}

Rendering render_scene(const Scene& scene, ImageSize size) {
  Rendering out;
  out.size = size;
  const int64_t pixels = size.pixels();
  out.rgb.assign(static_cast<size_t>(3 * pixels), 0.0f);
  out.depth.assign(static_cast<size_t>(pixels), 0.0f);
  const Vec3 origin = scene.camera.position();
  for (int64_t row = 0; row < size.height; ++row) {
    for (int64_t col = 0; col < size.width; ++col) {
      const int64_t i = row * size.width + col;
      const Vec3 direction = scene.camera.ray(row, col);
      const Hit hit = intersect(scene, origin, direction);
      Vec3 color = scene.fog_color;
      if (hit.t > 0) {
        const double shade = scene.ambient + (1 - scene.ambient) * std::max(0.0, dot(hit.normal, scene.light));
        const double fog = 1 - std::exp(-scene.fog * hit.t);
        color = (1 - fog) * (shade * hit.material->color(hit.u, hit.v)) + fog * scene.fog_color;
        out.depth[static_cast<size_t>(i)] = static_cast<float>(hit.t);
      }
      out.rgb[static_cast<size_t>(i)] = static_cast<float>(color.x);
      out.rgb[static_cast<size_t>(pixels + i)] = static_cast<float>(color.y);
      out.rgb[static_cast<size_t>(2 * pixels + i)] = static_cast<float>(color.z);
    }
  }
  return out;
}

}  // namespace naskernel::depth
