// One stand-alone result: which architecture, trained how (fingerprint) and
// with which seed, and the metrics it reached.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

namespace naskernel {

struct GroundTruthKey {
  std::string space;        // search-space name, e.g. "nb201"
  std::string arch_key;     // the space's canonical key (isomorphic archs share it)
  std::string fingerprint;  // Fingerprint::hex() of task data options + training recipe
  int64_t seed = 0;         // seed of the stand-alone training run

  bool operator==(const GroundTruthKey& other) const {
    return std::tie(space, arch_key, fingerprint, seed) ==
           std::tie(other.space, other.arch_key, other.fingerprint, other.seed);
  }
  bool operator<(const GroundTruthKey& other) const {
    return std::tie(space, arch_key, fingerprint, seed) <
           std::tie(other.space, other.arch_key, other.fingerprint, other.seed);
  }
};

// The metric a search ranks a stored record by. Other metrics may be NaN
// (e.g. the loss of a diverged run); this one must be finite wherever a
// record enters the store (put, import).
inline constexpr const char* kGroundTruthMetric = "ground_truth";

struct GroundTruthRecord {
  GroundTruthKey key;
  std::string arch;                     // the arch string as the space writes it
  std::map<std::string, double> metrics;  // e.g. {"valid_accuracy": 91.2}; NaN allowed except kGroundTruthMetric
  double wall_seconds = 0.0;            // time the stand-alone training took
  std::string naskernel_version;        // version that produced it
  std::string created_utc;              // ISO 8601, e.g. "2024-05-01T12:00:00Z"
};

}  // namespace naskernel
