#include "ground_truth/fingerprint.h"

#include <charconv>
#include <system_error>

namespace naskernel {
namespace {

// Length prefixes make the encoding unambiguous: ("ab","c") != ("a","bc").
std::string length_prefix(size_t length) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((uint64_t(length) >> (8 * i)) & 0xff);
  return bytes;
}

}  // namespace

void Fingerprint::add_field(char type, std::string_view key, std::string_view value) {
  hash_.update(std::string_view(&type, 1));
  hash_.update(length_prefix(key.size()));
  hash_.update(key);
  hash_.update(length_prefix(value.size()));
  hash_.update(value);
}

void Fingerprint::add(std::string_view key, std::string_view value) { add_field('s', key, value); }

void Fingerprint::add(std::string_view key, double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  add_field('d', key, std::string_view(text, static_cast<size_t>(result.ptr - text)));
}

void Fingerprint::add(std::string_view key, int64_t value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  add_field('i', key, std::string_view(text, static_cast<size_t>(result.ptr - text)));
}

std::string Fingerprint::hex() const {
  Sha256 copy = hash_;  // digest() finishes a hash; keep ours open for more fields
  return copy.hex_digest();
}

}  // namespace naskernel
