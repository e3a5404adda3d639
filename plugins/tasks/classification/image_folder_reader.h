// Image folders: ROOT/<split>/<class>/*.png|*.jpg|*.jpeg, decoded with stb_image.
#pragma once

#include "image_set.h"

#include <optional>
#include <string>
#include <vector>

namespace naskernel::classification {

// The class folder names under `split_dir`, sorted; a class's index is its
// position here. Throws DataError when the folder is missing or has none.
std::vector<std::string> list_class_folders(const std::string& split_dir);

struct ImageFolderOptions {
  int64_t channels = 3;              // every image is converted to this many channels
  std::optional<ImageSize> expected;  // the size all images must have (before any resize)
  std::optional<ImageSize> resize;    // resize each image to this size on decode
};

// Reads every image of `split_dir`/<class>/ for the given classes (label =
// position in `classes`); other file types are ignored; files are read in
// sorted order. Errors name the class folder or image: a class folder that
// is missing or holds no image, an image that does not decode, an image
// whose size differs from `expected`, and, without `resize`, an image whose
// size differs from the first one's.
ImageSet read_image_folder(const std::string& split_dir, const std::vector<std::string>& classes,
                           const ImageFolderOptions& options);

}  // namespace naskernel::classification
