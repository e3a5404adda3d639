// A stable identity for "how a ground-truth number was produced": the task's
// data options plus the stand-alone training recipe. Two runs with the same
// fingerprint may share ground truth in the store; any change of a field
// gives a different fingerprint, so stale numbers are never reused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ground_truth/sha256.h"

namespace naskernel {

class Fingerprint {
 public:
  // Each add() feeds (type, key, value) into the hash. Order matters and keys
  // count, so {a=1, b=2} and {b=2, a=1} and {a=2, b=1} all differ. Values of
  // different types never collide: the string "1", the integer 1 and the
  // double 1.0 give three different fingerprints.
  void add(std::string_view key, std::string_view value);
  void add(std::string_view key, const char* value) { add(key, std::string_view(value)); }
  void add(std::string_view key, double value);
  void add(std::string_view key, int64_t value);
  void add(std::string_view key, int value) { add(key, static_cast<int64_t>(value)); }
  void add(std::string_view key, bool value) { add(key, std::string_view(value ? "true" : "false")); }

  // SHA-256 of everything added so far, 64 lower-case hex digits. Stable
  // across runs, machines and compilers (doubles enter as their shortest
  // round-trip decimal text, integers as decimal text).
  std::string hex() const;

 private:
  void add_field(char type, std::string_view key, std::string_view value);

  Sha256 hash_;
};

}  // namespace naskernel
