// SHA-256, streaming, on OpenSSL's EVP interface (libcrypto). Fingerprints
// use it for identity, not for security. Copyable, so that a running hash can
// be finished on a copy while the original takes more input.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace naskernel {

class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256& other);
  Sha256& operator=(const Sha256& other);
  ~Sha256();

  void update(std::string_view bytes);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> digest();
  // Lower-case hex of digest().
  std::string hex_digest();

 private:
  evp_md_ctx_st* context_;
};

}  // namespace naskernel
