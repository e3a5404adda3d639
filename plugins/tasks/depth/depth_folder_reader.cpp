#include "depth_folder_reader.h"

#include "image_resize.h"
#include "png_decode.h"
#include "test_split.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace naskernel::depth {
namespace {

struct LayoutFolders {
  const char* images;
  const char* depths;
  const char* masks;  // nullptr: the layout has no masks
  const char* name;
};

LayoutFolders folders_of(FolderLayout layout) {
  if (layout == FolderLayout::redweb) return {"Imgs", "RDs", nullptr, "ReDWeb"};
  return {"images", "depths", "masks", "image-depth-folder"};
}

std::string lower_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// The files of `folder` whose extension is one of `extensions`, by stem.
std::map<std::string, fs::path> files_by_stem(const fs::path& folder, const std::set<std::string>& extensions,
                                              const std::string& what) {
  std::map<std::string, fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file() || !extensions.count(lower_extension(entry.path()))) continue;
    const std::string stem = entry.path().stem().string();
    auto [it, inserted] = files.emplace(stem, entry.path());
    if (!inserted)
      throw DataError(what + " " + it->second.string() + " and " + entry.path().string() +
                      " have the same name stem `" + stem + "`; keep one");
  }
  return files;
}

fs::path required_folder(const fs::path& root, const char* name, const LayoutFolders& layout) {
  const fs::path folder = root / name;
  if (!fs::is_directory(folder))
    throw DataError(std::string(layout.name) + " folder " + root.string() + " has no " + name + "/ folder (expected " +
                    layout.images + "/ with the images and " + layout.depths + "/ with one PNG depth map per image)");
  return folder;
}

// The stored value that marks a pixel invalid under `encoding`.
uint16_t invalid_value(DepthEncoding encoding, int bits) {
  if (encoding == DepthEncoding::redweb) return bits == 16 ? uint16_t{65535} : uint16_t{255};
  return 0;
}

}  // namespace

std::vector<DepthFiles> list_depth_files(FolderLayout layout, const std::string& root_text) {
  const LayoutFolders layout_folders = folders_of(layout);
  const fs::path root(root_text);
  if (!fs::is_directory(root)) throw DataError(std::string(layout_folders.name) + " folder " + root_text + " does not exist");
  const fs::path image_folder = required_folder(root, layout_folders.images, layout_folders);
  const fs::path depth_folder = required_folder(root, layout_folders.depths, layout_folders);
  const bool has_masks = layout_folders.masks && fs::is_directory(root / layout_folders.masks);

  const auto images = files_by_stem(image_folder, {".png", ".jpg", ".jpeg"}, "images");
  if (images.empty()) throw DataError("image folder " + image_folder.string() + " holds no .jpg, .jpeg or .png image");
  const auto depths = files_by_stem(depth_folder, {".png"}, "depth maps");
  std::map<std::string, fs::path> masks;
  if (has_masks) masks = files_by_stem(root / layout_folders.masks, {".png"}, "masks");

  for (const auto& [stem, depth] : depths)
    if (!images.count(stem))
      throw DataError("depth map " + depth.string() + " has no image " + (image_folder / stem).string() +
                      ".{jpg,jpeg,png}");
  std::vector<DepthFiles> files;
  for (const auto& [stem, image] : images) {
    DepthFiles sample{stem, image.string(), "", ""};
    auto depth = depths.find(stem);
    if (depth == depths.end())
      throw DataError("image " + image.string() + " has no depth map: " + (depth_folder / (stem + ".png")).string() +
                      " does not exist");
    sample.depth = depth->second.string();
    if (has_masks) {
      auto mask = masks.find(stem);
      if (mask == masks.end())
        throw DataError("image " + image.string() + " has no mask: " +
                        (root / layout_folders.masks / (stem + ".png")).string() + " does not exist (the " +
                        layout_folders.masks + "/ folder exists, so every image needs one)");
      sample.mask = mask->second.string();
    }
    files.push_back(std::move(sample));
  }
  return files;
}

void read_depth_sample(const DepthFiles& files, const DepthDecodeOptions& options, DepthSet& set) {
  const RgbImage image = decode_rgb(files.image);
  const GreyImage depth = decode_grey_png(files.depth, "depth map");
  if (depth.size != image.size)
    throw DataError("depth map " + files.depth + " is " + to_string(depth.size) + " (height x width) but its image " +
                    files.image + " is " + to_string(image.size));
  const uint16_t invalid = invalid_value(options.encoding, depth.bits);
  std::vector<uint8_t> valid(static_cast<size_t>(depth.size.pixels()));
  for (size_t i = 0; i < valid.size(); ++i) valid[i] = depth.values[i] != invalid ? 1 : 0;
  if (!files.mask.empty()) {
    const GreyImage mask = decode_grey_png(files.mask, "mask");
    if (mask.size != image.size)
      throw DataError("mask " + files.mask + " is " + to_string(mask.size) + " (height x width) but its image " +
                      files.image + " is " + to_string(image.size));
    for (size_t i = 0; i < valid.size(); ++i) valid[i] = valid[i] && mask.values[i] != 0;
  }
  const std::string masked_by = files.mask.empty() ? "" : " or masked by " + files.mask;
  if (std::find(valid.begin(), valid.end(), 1) == valid.end())
    throw DataError("depth map " + files.depth + " has no valid pixel (every pixel is " + std::to_string(invalid) +
                    masked_by + ")");

  const std::vector<uint8_t> rgb = resize_bilinear(image.planes, 3, image.size, options.size);
  const std::vector<uint16_t> values = resize_nearest(depth.values, depth.size, options.size);
  valid = resize_nearest(valid, depth.size, options.size);
  if (std::find(valid.begin(), valid.end(), 1) == valid.end())
    throw DataError("depth map " + files.depth + " has no valid pixel left after resizing from " +
                    to_string(depth.size) + " to " + to_string(options.size) + " (`image_size`)");
  const double full = depth.bits == 16 ? 65535.0 : 255.0;
  std::vector<float> disparity(valid.size(), 0.0f);
  for (size_t i = 0; i < valid.size(); ++i) {
    if (!valid[i]) continue;
    const double v = static_cast<double>(values[i]), s = options.depth_scale;
    switch (options.encoding) {
      case DepthEncoding::depth: disparity[i] = static_cast<float>(1.0 / (v * s)); break;
      case DepthEncoding::disparity: disparity[i] = static_cast<float>(v * s); break;
      case DepthEncoding::redweb: disparity[i] = static_cast<float>((full - v) / full * s); break;
    }
  }
  append_sample(set, rgb, disparity, valid, files.image);
}

TrainTestDepth read_depth_folder(const DepthOptions& options) {
  const FolderLayout layout = options.dataset == DatasetKind::redweb ? FolderLayout::redweb : FolderLayout::image_depth_folder;
  const std::vector<DepthFiles> files = list_depth_files(layout, options.root);
  std::vector<std::string> stems;
  for (const auto& f : files) stems.push_back(f.stem);
  const TestSplit split = options.split_file.empty()
                              ? draw_test_split(static_cast<int64_t>(files.size()), options.test_fraction, options.split_seed)
                              : read_split_file(options.split_file, stems);
  const DepthDecodeOptions decode{options.image_size, options.depth_encoding, options.depth_scale};
  TrainTestDepth data;
  data.train.size = data.test.size = options.image_size;
  for (int64_t i : split.train) read_depth_sample(files[static_cast<size_t>(i)], decode, data.train);
  for (int64_t i : split.test) read_depth_sample(files[static_cast<size_t>(i)], decode, data.test);
  return data;
}

}  // namespace naskernel::depth
