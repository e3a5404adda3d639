#include "png_test_files.h"

#include <zlib.h>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace fs = std::filesystem;

namespace depth_test {
namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

void put_chunk(std::vector<uint8_t>& out, const char* type, const std::vector<uint8_t>& data) {
  put_u32(out, static_cast<uint32_t>(data.size()));
  std::vector<uint8_t> body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  out.insert(out.end(), body.begin(), body.end());
  put_u32(out, static_cast<uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
}

void write_bytes(const std::string& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file);
}

}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("naskernel_depth_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string TempDir::file(const std::string& relative) const {
  const fs::path full = path_ / relative;
  fs::create_directories(full.parent_path());
  return full.string();
}

void write_rgb_png(const std::string& file, int width, int height, const std::vector<uint8_t>& rgb) {
  if (!stbi_write_png(file.c_str(), width, height, 3, rgb.data(), width * 3))
    throw std::runtime_error("cannot write " + file);
}

void write_rgb_jpg(const std::string& file, int width, int height, const std::vector<uint8_t>& rgb) {
  if (!stbi_write_jpg(file.c_str(), width, height, 3, rgb.data(), 95)) throw std::runtime_error("cannot write " + file);
}

std::vector<uint8_t> rgb_pattern(int width, int height, int seed) {
  std::vector<uint8_t> rgb(static_cast<size_t>(width * height * 3));
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < 3; ++c)
        rgb[static_cast<size_t>((y * width + x) * 3 + c)] = static_cast<uint8_t>((40 * c + 7 * x + 11 * y + 31 * seed) % 256);
  return rgb;
}

void write_grey8_png(const std::string& file, int width, int height, const std::vector<uint8_t>& grey) {
  if (!stbi_write_png(file.c_str(), width, height, 1, grey.data(), width)) throw std::runtime_error("cannot write " + file);
}

void write_rgb_from_grey_png(const std::string& file, int width, int height, const std::vector<uint8_t>& grey) {
  std::vector<uint8_t> rgb;
  for (uint8_t g : grey) rgb.insert(rgb.end(), {g, g, g});
  write_rgb_png(file, width, height, rgb);
}

void write_grey16_png(const std::string& file, int width, int height, const std::vector<uint16_t>& grey) {
  // Scanlines: filter byte 0, then big-endian 16-bit samples.
  std::vector<uint8_t> raw;
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    for (int x = 0; x < width; ++x) {
      const uint16_t v = grey[static_cast<size_t>(y * width + x)];
      raw.push_back(static_cast<uint8_t>(v >> 8));
      raw.push_back(static_cast<uint8_t>(v & 0xff));
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<uint8_t> packed(packed_size);
  if (compress2(packed.data(), &packed_size, raw.data(), static_cast<uLong>(raw.size()), 9) != Z_OK)
    throw std::runtime_error("zlib failed for " + file);
  packed.resize(packed_size);

  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> header;
  put_u32(header, static_cast<uint32_t>(width));
  put_u32(header, static_cast<uint32_t>(height));
  header.insert(header.end(), {16, 0, 0, 0, 0});  // bit depth 16, grey, deflate, adaptive filters, no interlace
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", {});
  write_bytes(file, png);
}

void write_text(const std::string& file, const std::string& text) {
  write_bytes(file, std::vector<uint8_t>(text.begin(), text.end()));
}

}  // namespace depth_test
