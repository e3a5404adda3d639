// Image folders decoded with stb_image (plugins/tasks/classification/
// image_folder_reader.cpp, bilinear_resize.cpp): read_image_folder.
//
// Input: one flag byte, then up to three image files split at
// "\n--8<--\n". Flags: bit 0: 1 channel, else 3; bit 1: resize to 8x8;
// bit 2: expect 4x4 images; bit 3: two classes (the last file goes to the
// second class). Files are named .png, .jpg, .jpeg in turn; stb decides the
// format by content. Clear errors: UserError (DataError). Invariants: one
// label per image, pixels = count x channels x height x width, the
// requested channels and size.
//
// With NASKERNEL_FUZZ_WRITE_SEEDS=DIR set, writes tiny PNG and JPEG seeds
// (drawn here with stb_image_write) to DIR and exits.
#include "fuzz_support.h"

#include "plugins/tasks/classification/image_folder_reader.h"

// The seed writer is not under test; its JPEG encoder shifts negative values.
#pragma clang attribute push(__attribute__((no_sanitize("undefined"))), apply_to = function)
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma clang attribute pop

#include <optional>

using namespace naskernel;
using namespace naskernel::classification;
namespace fs = std::filesystem;

namespace {

const std::string kSeparator = "\n--8<--\n";

void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

// A small gradient image, encoded as PNG or JPEG in memory.
std::string encode(int width, int height, int channels, bool jpeg) {
  std::vector<unsigned char> pixels(static_cast<size_t>(width * height * channels));
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 37 % 251);
  std::string out;
  if (jpeg)
    stbi_write_jpg_to_func(append_bytes, &out, width, height, channels, pixels.data(), 90);
  else
    stbi_write_png_to_func(append_bytes, &out, width, height, channels, pixels.data(), width * channels);
  return out;
}

void write_seeds(const fs::path& dir) {
  fs::create_directories(dir);
  const auto seed = [&](const std::string& name, char flags, const std::vector<std::string>& images) {
    std::string text(1, flags);
    for (size_t i = 0; i < images.size(); ++i) text += (i ? kSeparator : "") + images[i];
    fuzz::write_file(dir / name, text);
  };
  seed("png_rgb_4x4", 0, {encode(4, 4, 3, false)});
  seed("png_gray_4x4_expected", 1 | 4, {encode(4, 4, 1, false)});
  seed("jpeg_rgb_8x8", 0, {encode(8, 8, 3, true)});
  seed("png_two_sizes_resized", 2, {encode(4, 4, 3, false), encode(6, 5, 4, false)});
  seed("two_classes_mixed", 8, {encode(4, 4, 3, false), encode(4, 4, 3, true), encode(4, 4, 2, false)});
  seed("png_size_mismatch", 0, {encode(4, 4, 3, false), encode(3, 4, 3, false)});
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("NASKERNEL_FUZZ_WRITE_SEEDS")) {
    write_seeds(dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::vector<std::string> files = fuzz::split(fuzz::as_text(data + 1, size - 1), kSeparator, 3);
  const bool two_classes = flags & 8;
  const fs::path split = fuzz::scratch_dir() / "split";
  fuzz::reset_dir(split / "a");
  if (two_classes) fs::create_directories(split / "b");
  const char* extensions[] = {".png", ".jpg", ".jpeg"};
  size_t written = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0 && files[i].empty()) continue;
    const bool second_class = two_classes && written > 0 && i == files.size() - 1;
    fuzz::write_file(split / (second_class ? "b" : "a") / (std::to_string(i) + extensions[i]), files[i]);
    ++written;
  }
  std::vector<std::string> classes = {"a"};
  if (two_classes) classes.push_back("b");

  ImageFolderOptions options;
  options.channels = flags & 1 ? 1 : 3;
  if (flags & 2) options.resize = ImageSize{8, 8};
  if (flags & 4) options.expected = ImageSize{4, 4};

  std::optional<ImageSet> set;
  if (!fuzz::accepted([&] { set = read_image_folder(split.string(), classes, options); })) return 0;
  FUZZ_CHECK(set->channels == options.channels, "the set has other channels than requested");
  FUZZ_CHECK(set->height > 0 && set->width > 0, "a set with an empty image size");
  if (options.resize) FUZZ_CHECK(set->size() == *options.resize, "the set is not of the requested size");
  if (options.expected && !options.resize)
    FUZZ_CHECK(set->size() == *options.expected, "the set is not of the expected size");
  FUZZ_CHECK(set->pixels.size() == static_cast<size_t>(set->count() * set->image_bytes()),
             "pixels do not match count x channels x height x width");
  FUZZ_CHECK(set->count() >= 1, "an accepted folder without images");
  return 0;
}
