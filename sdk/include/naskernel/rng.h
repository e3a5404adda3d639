// A small, portable, serialisable random stream.
//
// The host derives every stream from the manifest seed and a stream name
// (data order, path sampling, landmark pairs, evolution, ...), and stores each
// stream's state in checkpoints so that a resumed run continues it exactly.
// Distributions are implemented here rather than with <random>'s, whose
// outputs differ between standard libraries.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace naskernel {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) : engine_(seed) {}

  // A seed for stream `name` that is independent of other names' seeds.
  static uint64_t derive(uint64_t seed, std::string_view name) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return splitmix(seed ^ splitmix(h));
  }

  uint64_t next_u64() { return engine_(); }

  // Uniform integer in [lo, hi], unbiased (rejection sampling).
  int64_t uniform_int(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<int64_t>(next_u64());
    const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do x = next_u64(); while (x >= limit);
    return lo + static_cast<int64_t>(x % span);
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Standard normal (Box-Muller, no cached second value so state stays simple).
  double normal() {
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  std::string state() const {
    std::ostringstream out;
    out << engine_;
    return out.str();
  }
  void set_state(const std::string& state) {
    std::istringstream in(state);
    in >> engine_;
  }

 private:
  static uint64_t splitmix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  std::mt19937_64 engine_;
};

}  // namespace naskernel
