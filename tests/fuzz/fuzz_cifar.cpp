// CIFAR-10/100 binary batches (plugins/tasks/classification/cifar_reader.cpp
// and compressed_file.cpp): read_cifar_files.
//
// Input: one byte choosing the variant (% 3: CIFAR-10, CIFAR-100 fine,
// CIFAR-100 coarse), then FILE1 [<sep> FILE2], <sep> = "\n--8<--\n"; a file
// may be gzipped. Clear errors: UserError (DataError). Invariants: one label
// per image, 3x32x32 bytes each, labels in [0, classes).
#include "fuzz_support.h"

#include "plugins/tasks/classification/cifar_reader.h"

#include <optional>

using namespace naskernel;
using namespace naskernel::classification;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int choice = data[0] % 3;
  const CifarVariant variant = choice == 0 ? CifarVariant::cifar10 : CifarVariant::cifar100;
  const CifarLabel label = choice == 2 ? CifarLabel::coarse : CifarLabel::fine;
  const std::string text = fuzz::as_text(data + 1, size - 1);
  const std::string separator = "\n--8<--\n";
  const bool two_files = text.find(separator) != std::string::npos;
  const std::vector<std::string> parts = fuzz::split(text, separator, 2);
  std::vector<std::string> paths;
  for (size_t i = 0; i < (two_files ? 2u : 1u); ++i) {
    paths.push_back((fuzz::scratch_dir() / ("data_batch_" + std::to_string(i + 1) + ".bin")).string());
    fuzz::write_file(paths.back(), parts[i]);
  }

  std::optional<ImageSet> set;
  if (!fuzz::accepted([&] { set = read_cifar_files(paths, variant, label); })) return 0;
  FUZZ_CHECK(set->channels == 3 && set->height == kCifarSide && set->width == kCifarSide,
             "a CIFAR set of another shape");
  FUZZ_CHECK(set->pixels.size() == static_cast<size_t>(set->count() * kCifarImageBytes),
             "pixels do not match count x 3072");
  const int64_t classes = cifar_classes(variant, label);
  for (int64_t l : set->labels) FUZZ_CHECK(l >= 0 && l < classes, "a label outside [0, classes)");
  return 0;
}
