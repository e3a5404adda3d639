// MNIST-format IDX files (plugins/tasks/classification/idx_reader.cpp and
// compressed_file.cpp): read_idx_pair with 10 classes.
//
// Input: IMAGES <sep> LABELS, <sep> = "\n--8<--\n"; either file may be
// gzipped (the reader sniffs the signature). Clear errors: UserError
// (DataError). Invariants: one label per image, pixels = count x height x
// width, labels in [0, 10).
#include "fuzz_support.h"

#include "plugins/tasks/classification/idx_reader.h"

#include <optional>

using namespace naskernel;
using namespace naskernel::classification;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> parts = fuzz::split(fuzz::as_text(data, size), "\n--8<--\n", 2);
  const std::filesystem::path images = fuzz::scratch_dir() / "train-images-idx3-ubyte";
  const std::filesystem::path labels = fuzz::scratch_dir() / "train-labels-idx1-ubyte";
  fuzz::write_file(images, parts[0]);
  fuzz::write_file(labels, parts[1]);

  constexpr int64_t kClasses = 10;
  std::optional<ImageSet> set;
  if (!fuzz::accepted([&] { set = read_idx_pair(images.string(), labels.string(), kClasses); })) return 0;
  FUZZ_CHECK(set->channels == 1 && set->height > 0 && set->width > 0, "a set with an empty image shape");
  FUZZ_CHECK(set->pixels.size() == static_cast<size_t>(set->count() * set->image_bytes()),
             "pixels do not match count x height x width");
  for (int64_t label : set->labels) FUZZ_CHECK(label >= 0 && label < kClasses, "a label outside [0, classes)");
  return 0;
}
