// Small data files written by the tests themselves, in a fresh temp folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace classification_test {

// A new empty folder, removed with everything in it when this goes out of scope.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes);
void write_gzip(const std::string& path, const std::vector<uint8_t>& bytes);

// IDX bytes: magic 0x00000803 + count, height, width + pixels.
std::vector<uint8_t> idx_images(int64_t count, int64_t height, int64_t width, const std::vector<uint8_t>& pixels);
// IDX bytes: magic 0x00000801 + count + labels.
std::vector<uint8_t> idx_labels(const std::vector<uint8_t>& labels);

// Pixel value of image n, channel c, row y, column x in the generated sets,
// so that readers' output can be checked byte for byte.
uint8_t test_pixel(int64_t n, int64_t c, int64_t y, int64_t x);

// CIFAR records: CIFAR-10 (label) or CIFAR-100 (coarse, fine) + 3072 bytes
// of test_pixel(first_index + i, c, y, x).
std::vector<uint8_t> cifar10_records(const std::vector<uint8_t>& labels, int64_t first_index);
std::vector<uint8_t> cifar100_records(const std::vector<uint8_t>& coarse, const std::vector<uint8_t>& fine,
                                      int64_t first_index);

// Writes image n of test_pixel as PNG or JPG (by extension), channels HWC.
void write_image(const std::string& path, int64_t n, int64_t channels, int64_t height, int64_t width);

}  // namespace classification_test
