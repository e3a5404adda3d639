#include "depth_dataset.h"

#include "depth_folder_reader.h"
#include "synthetic_depth.h"
#include "test_split.h"

#include <naskernel/errors.h>

namespace naskernel::depth {

TrainTestDepth read_depth_dataset(const DepthOptions& options) {
  TrainTestDepth data;
  if (options.dataset == DatasetKind::synthetic) {
    data.train = render_synthetic_set("train", options.train_size, options.synthetic_seed, options.image_size, options.scene);
    data.test = render_synthetic_set("test", options.test_size, options.synthetic_seed, options.image_size, options.scene);
  } else {
    data = read_depth_folder(options);
  }
  if (options.disparity_normalization == DisparityNormalization::median) {
    normalize_disparity_by_median(data.train);
    normalize_disparity_by_median(data.test);
  }
  return data;
}

void check_depth_files(const DepthOptions& options) {
  if (options.dataset == DatasetKind::synthetic) return;
  try {
    const FolderLayout layout =
        options.dataset == DatasetKind::redweb ? FolderLayout::redweb : FolderLayout::image_depth_folder;
    std::vector<std::string> stems;
    for (const auto& files : list_depth_files(layout, options.root)) stems.push_back(files.stem);
    if (!options.split_file.empty()) read_split_file(options.split_file, stems);
  } catch (const DataError& e) {
    throw DataError(options.root_location + "key `" + options.root_key + "`: " + e.what());
  }
}

}  // namespace naskernel::depth
