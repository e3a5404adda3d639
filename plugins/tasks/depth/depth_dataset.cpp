#include "depth_dataset.h"

#include "depth_folder_reader.h"
#include "synthetic_depth.h"

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

}  // namespace naskernel::depth
