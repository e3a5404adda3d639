#include "scene.h"

#include <algorithm>

namespace naskernel::depth {
namespace {

// A uniform value in [0, 1) for lattice point (i, j) of noise `seed`.
double lattice_value(int64_t i, int64_t j, uint64_t seed) {
  uint64_t x = seed ^ (static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15ULL) ^ (static_cast<uint64_t>(j) * 0xc2b2ae3d27d4eb4fULL);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

// Smoothly interpolated value noise with period-1 lattice.
double value_noise(double u, double v, uint64_t seed) {
  const double fu = std::floor(u), fv = std::floor(v);
  const auto i = static_cast<int64_t>(fu), j = static_cast<int64_t>(fv);
  double a = u - fu, b = v - fv;
  a = a * a * (3 - 2 * a);
  b = b * b * (3 - 2 * b);
  const double top = lattice_value(i, j, seed) + a * (lattice_value(i + 1, j, seed) - lattice_value(i, j, seed));
  const double bottom =
      lattice_value(i, j + 1, seed) + a * (lattice_value(i + 1, j + 1, seed) - lattice_value(i, j + 1, seed));
  return top + b * (bottom - top);
}

}  // namespace

Vec3 Camera::ray(int64_t row, int64_t col) const {
  const double x = (static_cast<double>(col) + 0.5 - cx) / focal;
  const double y = (static_cast<double>(row) + 0.5 - cy) / focal;  // image y points down
  const double c = std::cos(pitch), s = std::sin(pitch);
  // right = (1, 0, 0), up = (0, c, s), forward = (0, -s, c); direction = x right - y up + forward.
  return {x, -y * c - s, -y * s + c};
}

Vec3 Material::color(double u, double v) const {
  double mix = 0;
  switch (pattern) {
    case Pattern::flat: mix = 0; break;
    case Pattern::checker: {
      const auto cell = static_cast<int64_t>(std::floor(u / scale)) + static_cast<int64_t>(std::floor(v / scale));
      mix = static_cast<double>((cell % 2 + 2) % 2);
      break;
    }
    case Pattern::stripes: {
      const double along = (std::cos(angle) * u + std::sin(angle) * v) / scale;
      mix = static_cast<double>((static_cast<int64_t>(std::floor(along)) % 2 + 2) % 2);
      break;
    }
    case Pattern::noise:
      mix = 0.65 * value_noise(u / scale, v / scale, seed) + 0.35 * value_noise(2.3 * u / scale, 2.3 * v / scale, ~seed);
      break;
  }
  return color_a + mix * (color_b - color_a);
}

}  // namespace naskernel::depth
