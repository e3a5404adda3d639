#include "image_decoder.h"

#include <cstdlib>
#include <limits>
#include <string>

// Static, so that this copy of stb_image never clashes with another one.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#include <stb/stb_image.h>

namespace naskernel::classification {
namespace {

// stb_image 2.27 (Debian 12's libstb-dev) writes past a Huffman table when a
// JPEG's DHT segment gives one table more than 256 codes (stb_image 2.28
// refuses that). This finds such a table the way stb walks the file:
// segments by their length, entropy-coded data byte by byte up to the next
// marker, tables within a DHT as stb reads them. Returns its byte offset, or
// npos; anything else that is wrong stays for stb to report.
size_t oversized_jpeg_huffman_table(const std::vector<uint8_t>& bytes) {
  const size_t n = bytes.size();
  size_t pos = 0;
  while (pos < n && bytes[pos] == 0xFF) ++pos;  // stb takes FF...FF D8 as the start of a JPEG
  if (pos == 0 || pos >= n || bytes[pos] != 0xD8) return std::string::npos;
  ++pos;
  const auto at = [&](size_t i) -> size_t { return i < n ? bytes[i] : 0; };  // stb reads 0 past the end
  while (pos < n) {
    if (bytes[pos] != 0xFF) {
      ++pos;
      continue;
    }
    while (pos < n && bytes[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= n) break;
    const size_t marker = bytes[pos++];
    if (marker == 0xD9) break;                                                           // end of image
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // no length
    const size_t length = at(pos) << 8 | at(pos + 1);
    if (marker == 0xC4) {
      int64_t left = static_cast<int64_t>(length) - 2;
      for (size_t table = pos + 2; left > 0 && table < n;) {
        const size_t id = at(table);
        if ((id >> 4) > 1 || (id & 15) > 3) break;  // stb refuses this table itself
        size_t codes = 0;
        for (size_t i = 1; i <= 16; ++i) codes += at(table + i);
        if (codes > 256) return table;
        table += 17 + codes;
        left -= static_cast<int64_t>(17 + codes);
      }
    }
    pos += length;
  }
  return std::string::npos;
}

}  // namespace

DecodedImage decode_image(const std::vector<uint8_t>& bytes, int channels) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    throw ImageDecodeError("the file is larger than 2 GiB");
  if (const size_t table = oversized_jpeg_huffman_table(bytes); table != std::string::npos)
    throw ImageDecodeError("the JPEG Huffman table at byte offset " + std::to_string(table) + " has more than 256 codes");
  DecodedImage image;
  int channels_in_file = 0;
  image.pixels.reset(stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &image.width, &image.height,
                                           &channels_in_file, channels));
  if (!image.pixels) throw ImageDecodeError(stbi_failure_reason());
  return image;
}

}  // namespace naskernel::classification
