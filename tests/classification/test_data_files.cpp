#include "test_data_files.h"

#include <zlib.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <stdexcept>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace classification_test {

TempFolder::TempFolder() {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = std::filesystem::temp_directory_path() /
          ("naskernel-classification-" + std::to_string(stamp) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_gzip(const std::string& path, const std::vector<uint8_t>& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  if (!file) throw std::runtime_error("cannot write " + path);
  if (!bytes.empty()) gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
}

namespace {
void put_u32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}
}  // namespace

std::vector<uint8_t> idx_images(int64_t count, int64_t height, int64_t width, const std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> out;
  put_u32(out, 0x00000803);
  put_u32(out, static_cast<uint32_t>(count));
  put_u32(out, static_cast<uint32_t>(height));
  put_u32(out, static_cast<uint32_t>(width));
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

std::vector<uint8_t> idx_labels(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> out;
  put_u32(out, 0x00000801);
  put_u32(out, static_cast<uint32_t>(labels.size()));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

uint8_t test_pixel(int64_t n, int64_t c, int64_t y, int64_t x) {
  return static_cast<uint8_t>((n * 37 + c * 101 + y * 13 + x * 7) % 251);
}

namespace {
void append_cifar_pixels(std::vector<uint8_t>& out, int64_t n) {
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t y = 0; y < 32; ++y)
      for (int64_t x = 0; x < 32; ++x) out.push_back(test_pixel(n, c, y, x));
}
}  // namespace

std::vector<uint8_t> cifar10_records(const std::vector<uint8_t>& labels, int64_t first_index) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < labels.size(); ++i) {
    out.push_back(labels[i]);
    append_cifar_pixels(out, first_index + static_cast<int64_t>(i));
  }
  return out;
}

std::vector<uint8_t> cifar100_records(const std::vector<uint8_t>& coarse, const std::vector<uint8_t>& fine,
                                      int64_t first_index) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < fine.size(); ++i) {
    out.push_back(coarse[i]);
    out.push_back(fine[i]);
    append_cifar_pixels(out, first_index + static_cast<int64_t>(i));
  }
  return out;
}

void write_image(const std::string& path, int64_t n, int64_t channels, int64_t height, int64_t width) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::vector<uint8_t> hwc;
  for (int64_t y = 0; y < height; ++y)
    for (int64_t x = 0; x < width; ++x)
      for (int64_t c = 0; c < channels; ++c) hwc.push_back(test_pixel(n, c, y, x));
  const int w = static_cast<int>(width), h = static_cast<int>(height), ch = static_cast<int>(channels);
  std::string extension = std::filesystem::path(path).extension().string();
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool png = extension == ".png";
  const int ok = png ? stbi_write_png(path.c_str(), w, h, ch, hwc.data(), w * ch)
                     : stbi_write_jpg(path.c_str(), w, h, ch, hwc.data(), 95);
  if (!ok) throw std::runtime_error("cannot write image " + path);
}

}  // namespace classification_test
