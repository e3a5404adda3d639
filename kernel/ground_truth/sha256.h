// SHA-256 (FIPS 180-4), streaming. Written here so that fingerprints need no
// crypto library; it is used for identity, not for security.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace naskernel {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> digest();
  // Lower-case hex of digest().
  std::string hex_digest();

 private:
  void compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
  bool finished_ = false;
};

}  // namespace naskernel
