#include "ground_truth/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace naskernel {
namespace {

EVP_MD_CTX* new_context() {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (!context) throw std::bad_alloc();
  return context;
}

void require(int openssl_result, const char* call) {
  if (openssl_result != 1) throw std::runtime_error(std::string("OpenSSL SHA-256 failed in ") + call);
}

}  // namespace

Sha256::Sha256() : context_(new_context()) {
  require(EVP_DigestInit_ex(context_, EVP_sha256(), nullptr), "EVP_DigestInit_ex");
}

Sha256::Sha256(const Sha256& other) : context_(new_context()) {
  require(EVP_MD_CTX_copy_ex(context_, other.context_), "EVP_MD_CTX_copy_ex");
}

Sha256& Sha256::operator=(const Sha256& other) {
  if (this != &other) require(EVP_MD_CTX_copy_ex(context_, other.context_), "EVP_MD_CTX_copy_ex");
  return *this;
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::update(std::string_view bytes) {
  require(EVP_DigestUpdate(context_, bytes.data(), bytes.size()), "EVP_DigestUpdate");
}

std::array<uint8_t, 32> Sha256::digest() {
  std::array<uint8_t, 32> out{};
  unsigned int size = 0;
  require(EVP_DigestFinal_ex(context_, out.data(), &size), "EVP_DigestFinal_ex");
  if (size != out.size()) throw std::runtime_error("OpenSSL SHA-256 returned an unexpected digest size");
  return out;
}

std::string Sha256::hex_digest() {
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (const uint8_t byte : digest()) {
    text += hex[byte >> 4];
    text += hex[byte & 15];
  }
  return text;
}

}  // namespace naskernel
