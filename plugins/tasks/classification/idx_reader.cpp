#include "idx_reader.h"

#include "compressed_file.h"

#include <naskernel/errors.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

namespace naskernel::classification {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

uint32_t read_big_endian(const std::vector<uint8_t>& bytes, size_t offset) {
  return (uint32_t{bytes[offset]} << 24) | (uint32_t{bytes[offset + 1]} << 16) | (uint32_t{bytes[offset + 2]} << 8) |
         uint32_t{bytes[offset + 3]};
}

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

std::string describe(const std::string& path) {
  return is_gzip_file(path) ? path + " (offsets in the decompressed stream)" : path;
}

// Checks magic and payload size; returns the dimensions.
std::vector<int64_t> read_idx_header(const std::vector<uint8_t>& bytes, const std::string& path, uint32_t magic,
                                     const char* what) {
  const size_t dims = magic & 0xff;
  const size_t header = 4 + 4 * dims;
  if (bytes.size() < 4)
    throw DataError("IDX file " + describe(path) + " is truncated: " + std::to_string(bytes.size()) +
                    " bytes, too short for the magic number at byte offset 0");
  const uint32_t found = read_big_endian(bytes, 0);
  if (found != magic)
    throw DataError("IDX file " + describe(path) + " has magic number " + hex(found) + " at byte offset 0, expected " +
                    hex(magic) + " for " + what);
  if (bytes.size() < header)
    throw DataError("IDX file " + describe(path) + " is truncated inside its header: " + std::to_string(bytes.size()) +
                    " bytes, the header needs " + std::to_string(header));
  std::vector<int64_t> shape;
  for (size_t d = 0; d < dims; ++d) shape.push_back(read_big_endian(bytes, 4 + 4 * d));
  // Checked by division, so that a corrupt header cannot overflow the products.
  const int64_t available = static_cast<int64_t>(bytes.size() - header);
  int64_t record = 1;  // bytes per sample, or available + 1 once it exceeds the file
  for (size_t d = 1; d < dims; ++d)
    record = shape[d] != 0 && record > available / shape[d] ? available + 1 : record * shape[d];
  const bool fits = record == 0 || shape[0] <= available / record;
  const int64_t payload = fits ? shape[0] * record : available + 1;
  if (!fits) {
    const int64_t complete = available / record;
    throw DataError("IDX file " + describe(path) + " is truncated: the header promises " + std::to_string(shape[0]) +
                    " " + what + " but the data ends at byte offset " + std::to_string(bytes.size()) + ", inside " +
                    what + " " + std::to_string(complete) + " (which starts at byte offset " +
                    std::to_string(header + complete * record) + ")");
  }
  if (available > payload)
    throw DataError("IDX file " + describe(path) + " has " + std::to_string(available - payload) +
                    " unexpected bytes after the last of its " + std::to_string(shape[0]) + " " + what +
                    " (from byte offset " + std::to_string(header + payload) + ")");
  return shape;
}

}  // namespace

std::string find_idx_file(const std::string& root, const std::string& stem) {
  const std::string gz = (std::filesystem::path(root) / (stem + ".gz")).string();
  const std::string raw = (std::filesystem::path(root) / stem).string();
  if (std::filesystem::is_regular_file(gz)) return gz;
  if (std::filesystem::is_regular_file(raw)) return raw;
  throw DataError("IDX file not found: neither " + gz + " nor " + raw + " exists");
}

ImageSet read_idx_pair(const std::string& images_path, const std::string& labels_path, int64_t classes) {
  const std::vector<uint8_t> image_bytes = read_possibly_gzipped(images_path);
  const std::vector<int64_t> image_shape = read_idx_header(image_bytes, images_path, kImagesMagic, "images");
  const std::vector<uint8_t> label_bytes = read_possibly_gzipped(labels_path);
  const std::vector<int64_t> label_shape = read_idx_header(label_bytes, labels_path, kLabelsMagic, "labels");

  if (image_shape[0] != label_shape[0])
    throw DataError("IDX files disagree on the number of samples: " + images_path + " holds " +
                    std::to_string(image_shape[0]) + " images but " + labels_path + " holds " +
                    std::to_string(label_shape[0]) + " labels");
  if (image_shape[1] == 0 || image_shape[2] == 0)
    throw DataError("IDX file " + images_path + " declares empty images of " + std::to_string(image_shape[1]) + "x" +
                    std::to_string(image_shape[2]) + " pixels");

  ImageSet set;
  set.channels = 1;
  set.height = image_shape[1];
  set.width = image_shape[2];
  set.source = images_path;
  constexpr size_t kImageHeader = 16, kLabelHeader = 8;
  set.pixels.assign(image_bytes.begin() + kImageHeader, image_bytes.end());
  set.labels.reserve(static_cast<size_t>(label_shape[0]));
  for (size_t i = 0; i < static_cast<size_t>(label_shape[0]); ++i) {
    const int64_t label = label_bytes[kLabelHeader + i];
    if (label >= classes)
      throw DataError("IDX file " + describe(labels_path) + " has label " + std::to_string(label) +
                      " at byte offset " + std::to_string(kLabelHeader + i) + " (sample " + std::to_string(i) +
                      "), outside [0, " + std::to_string(classes) + "); set `classes` if the data has more");
    set.labels.push_back(label);
  }
  return set;
}

ImageSet read_idx_split(const std::string& root, const std::string& prefix, int64_t classes) {
  return read_idx_pair(find_idx_file(root, prefix + "-images-idx3-ubyte"),
                       find_idx_file(root, prefix + "-labels-idx1-ubyte"), classes);
}

}  // namespace naskernel::classification
