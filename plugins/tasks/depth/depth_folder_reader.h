// Folder data sets of RGB images with depth (or disparity) maps.
//
//   redweb              ROOT/Imgs/STEM.jpg  +  ROOT/RDs/STEM.png
//   image-depth-folder  ROOT/images/STEM.{png,jpg,jpeg}  +  ROOT/depths/STEM.png
//                       [+ ROOT/masks/STEM.png, nonzero = valid]
//
// Depth PNGs are single-channel, 8 or 16 bits. Every image is resized to the
// configured size (bilinear; depth and mask nearest) and its values become
// disparity as `depth_encoding` says (depth_options.h). Pixels with the
// encoding's invalid value (0; 255 or 65535 for redweb) or a zero mask are invalid.
#pragma once

#include "depth_options.h"
#include "depth_set.h"

#include <string>
#include <vector>

namespace naskernel::depth {

enum class FolderLayout { redweb, image_depth_folder };

// One sample's files; `mask` is empty when the data set has no masks.
struct DepthFiles {
  std::string stem;
  std::string image;
  std::string depth;
  std::string mask;
};

// Every image of the layout under `root` with its depth map (and mask),
// sorted by stem. Throws DataError naming the file for a missing folder, no
// images, two images with one stem, an image without a depth map (or mask)
// and a depth map without an image.
std::vector<DepthFiles> list_depth_files(FolderLayout layout, const std::string& root);

struct DepthDecodeOptions {
  ImageSize size;  // the size every sample is resized to
  DepthEncoding encoding = DepthEncoding::depth;
  double depth_scale = 1.0;
};

// Decodes one sample and appends it to `set` (whose size must be options.size).
// Throws DataError naming the file when a file does not decode, the depth map
// or mask differs in size from its image, or no pixel is valid.
void read_depth_sample(const DepthFiles& files, const DepthDecodeOptions& options, DepthSet& set);

// The folder data set of `options` (dataset, root, split, image_size, encoding).
TrainTestDepth read_depth_folder(const DepthOptions& options);

}  // namespace naskernel::depth
