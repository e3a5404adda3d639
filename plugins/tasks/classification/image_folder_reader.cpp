#include "image_folder_reader.h"

#include "bilinear_resize.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

#include "image_decoder.h"

namespace fs = std::filesystem;

namespace naskernel::classification {
namespace {

bool is_image_file(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".png" || extension == ".jpg" || extension == ".jpeg";
}

std::vector<uint8_t> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) throw DataError("image " + file.string() + " cannot be opened");
  const std::streamoff size = in.tellg();
  if (size < 0 || size > std::numeric_limits<int>::max())
    throw DataError("image " + file.string() + " cannot be read or is larger than 2 GiB");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), size);
  if (in.gcount() != size) throw DataError("image " + file.string() + " cannot be read");
  return bytes;
}

std::vector<fs::path> image_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && is_image_file(entry.path())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<std::string> list_class_folders(const std::string& split_dir) {
  if (!fs::is_directory(split_dir)) throw DataError("image folder " + split_dir + " does not exist");
  std::vector<std::string> classes;
  for (const auto& entry : fs::directory_iterator(split_dir))
    if (entry.is_directory()) classes.push_back(entry.path().filename().string());
  std::sort(classes.begin(), classes.end());
  if (classes.empty()) throw DataError("image folder " + split_dir + " has no class folders");
  return classes;
}

ImageSet read_image_folder(const std::string& split_dir, const std::vector<std::string>& classes,
                           const ImageFolderOptions& options) {
  ImageSet set;
  set.channels = options.channels;
  set.source = split_dir;
  std::string first_image;  // the image that fixed the size, for messages
  if (options.resize) {
    set.height = options.resize->height;
    set.width = options.resize->width;
  }
  std::vector<uint8_t> planes;
  for (size_t label = 0; label < classes.size(); ++label) {
    const fs::path folder = fs::path(split_dir) / classes[label];
    if (!fs::is_directory(folder))
      throw DataError("class folder " + folder.string() + " is missing (the training split has class `" +
                      classes[label] + "`)");
    const std::vector<fs::path> files = image_files(folder);
    if (files.empty()) throw DataError("class folder " + folder.string() + " holds no .png, .jpg or .jpeg image");
    for (const auto& file : files) {
      const std::vector<uint8_t> bytes = read_bytes(file);
      DecodedImage decoded;
      try {
        decoded = decode_image(bytes, static_cast<int>(options.channels));
      } catch (const ImageDecodeError& e) {
        throw DataError("image " + file.string() + " cannot be decoded: " + e.what());
      }
      const int height = decoded.height, width = decoded.width;
      const ImageSize size{height, width};
      if (options.expected && size != *options.expected)
        throw DataError("image " + file.string() + " is " + to_string(size) + " (height x width) but `image_size` is " +
                        to_string(*options.expected));
      if (!options.resize) {
        if (first_image.empty()) {
          set.height = height;
          set.width = width;
          first_image = file.string();
        } else if (size != set.size()) {
          throw DataError("image " + file.string() + " is " + to_string(size) + " (height x width) but the first image " +
                          first_image + " is " + to_string(set.size()) + "; set `resize` to load images of different sizes");
        }
      }
      // The decoder gives interleaved HWC; the set stores channel planes (CHW).
      const int64_t c_count = options.channels, pixels = int64_t{height} * width;
      planes.resize(static_cast<size_t>(c_count * pixels));
      for (int64_t c = 0; c < c_count; ++c)
        for (int64_t i = 0; i < pixels; ++i) planes[c * pixels + i] = decoded.pixels.get()[i * c_count + c];
      const size_t offset = set.pixels.size();
      set.pixels.resize(offset + static_cast<size_t>(set.image_bytes()));
      if (size == set.size())
        std::memcpy(set.pixels.data() + offset, planes.data(), planes.size());
      else
        resize_bilinear(planes.data(), c_count, size, set.pixels.data() + offset, set.size());
      set.labels.push_back(static_cast<int64_t>(label));
    }
  }
  return set;
}

}  // namespace naskernel::classification
