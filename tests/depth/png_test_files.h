// Writing small image files for the reader tests: PNG and JPEG through
// stb_image_write, 16-bit grey PNG through zlib (stb_image_write writes 8 bits only).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace depth_test {

// A fresh folder under the system temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // path() / relative, with its parent folders created.
  std::string file(const std::string& relative) const;

 private:
  std::filesystem::path path_;
};

// rgb: interleaved [height, width, 3].
void write_rgb_png(const std::string& file, int width, int height, const std::vector<uint8_t>& rgb);
void write_rgb_jpg(const std::string& file, int width, int height, const std::vector<uint8_t>& rgb);
// A smooth RGB test pattern (interleaved) that differs by `seed`.
std::vector<uint8_t> rgb_pattern(int width, int height, int seed);
// grey: [height, width], one byte per pixel; channels 1 (grey) or 3 (grey saved as RGB).
void write_grey8_png(const std::string& file, int width, int height, const std::vector<uint8_t>& grey);
void write_rgb_from_grey_png(const std::string& file, int width, int height, const std::vector<uint8_t>& grey);
void write_grey16_png(const std::string& file, int width, int height, const std::vector<uint16_t>& grey);
void write_text(const std::string& file, const std::string& text);

}  // namespace depth_test
