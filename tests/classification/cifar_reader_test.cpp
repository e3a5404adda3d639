#include "cifar_reader.h"
#include "test_data_files.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

using namespace naskernel::classification;
using namespace classification_test;

namespace {

std::vector<uint8_t> expected_pixels(int64_t first, int64_t count) {
  std::vector<uint8_t> pixels;
  for (int64_t n = first; n < first + count; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t y = 0; y < 32; ++y)
        for (int64_t x = 0; x < 32; ++x) pixels.push_back(test_pixel(n, c, y, x));
  return pixels;
}

std::string error_of(const std::vector<std::string>& paths, CifarVariant variant, CifarLabel label) {
  try {
    read_cifar_files(paths, variant, label);
  } catch (const naskernel::DataError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("CIFAR-10 reader concatenates the five training batches in order") {
  TempFolder folder;
  for (int b = 1; b <= 5; ++b)
    write_bytes(folder.file("data_batch_" + std::to_string(b) + ".bin"),
                cifar10_records({static_cast<uint8_t>(b), static_cast<uint8_t>(b + 1)}, 2 * (b - 1)));
  write_bytes(folder.file("test_batch.bin"), cifar10_records({9, 0, 5}, 100));

  const ImageSet train = read_cifar_split(folder.path().string(), CifarVariant::cifar10, CifarLabel::fine, true);
  CHECK(train.count() == 10);
  CHECK(train.channels == 3);
  CHECK(train.size() == ImageSize{32, 32});
  CHECK(train.labels == std::vector<int64_t>{1, 2, 2, 3, 3, 4, 4, 5, 5, 6});
  CHECK(train.pixels == expected_pixels(0, 10));

  const ImageSet test = read_cifar_split(folder.path().string(), CifarVariant::cifar10, CifarLabel::fine, false);
  CHECK(test.labels == std::vector<int64_t>{9, 0, 5});
  CHECK(test.pixels == expected_pixels(100, 3));
}

TEST_CASE("CIFAR-100 reader picks the fine or the coarse label") {
  TempFolder folder;
  write_bytes(folder.file("train.bin"), cifar100_records({19, 3}, {99, 42}, 0));
  const std::string root = folder.path().string();
  write_bytes(folder.file("test.bin"), cifar100_records({0}, {1}, 7));
  CHECK(read_cifar_split(root, CifarVariant::cifar100, CifarLabel::fine, true).labels == std::vector<int64_t>{99, 42});
  CHECK(read_cifar_split(root, CifarVariant::cifar100, CifarLabel::coarse, true).labels == std::vector<int64_t>{19, 3});
  const ImageSet test = read_cifar_split(root, CifarVariant::cifar100, CifarLabel::fine, false);
  CHECK(test.pixels == expected_pixels(7, 1));
  CHECK(cifar_classes(CifarVariant::cifar100, CifarLabel::coarse) == 20);
  CHECK(cifar_classes(CifarVariant::cifar100, CifarLabel::fine) == 100);
}

TEST_CASE("CIFAR reader names the file and the offset of an incomplete record") {
  TempFolder folder;
  const std::string path = folder.file("data_batch_1.bin");
  std::vector<uint8_t> bytes = cifar10_records({1, 2, 3}, 0);
  bytes.resize(2 * 3073 + 100);
  write_bytes(path, bytes);
  const std::string message = error_of({path}, CifarVariant::cifar10, CifarLabel::fine);
  CHECK(message.find(path) != std::string::npos);
  CHECK(message.find("record 2 at byte offset 6146 has only 100 of its 3073 bytes") != std::string::npos);

  bytes = cifar100_records({1, 2}, {3, 4}, 0);
  bytes.pop_back();
  write_bytes(path, bytes);
  CHECK(error_of({path}, CifarVariant::cifar100, CifarLabel::fine).find("record 1 at byte offset 3074") !=
        std::string::npos);
}

TEST_CASE("CIFAR reader rejects labels out of range and missing files") {
  TempFolder folder;
  const std::string path = folder.file("train.bin");
  write_bytes(path, cifar100_records({1, 20}, {3, 4}, 0));
  CHECK(error_of({path}, CifarVariant::cifar100, CifarLabel::fine) == "no error");
  const std::string coarse = error_of({path}, CifarVariant::cifar100, CifarLabel::coarse);
  CHECK(coarse.find(path) != std::string::npos);
  CHECK(coarse.find("label 20 at byte offset 3074 (record 1)") != std::string::npos);

  write_bytes(path, cifar10_records({0, 10}, 0));
  CHECK(error_of({path}, CifarVariant::cifar10, CifarLabel::fine).find("label 10 at byte offset 3073") !=
        std::string::npos);
  CHECK(error_of({folder.file("absent.bin")}, CifarVariant::cifar10, CifarLabel::fine).find("absent.bin") !=
        std::string::npos);
}

TEST_CASE("CIFAR reader points at the archive's own folder when root is one level too high") {
  TempFolder folder;
  write_bytes(folder.file("cifar-100-binary/train.bin"), cifar100_records({1}, {2}, 0));
  CHECK_THROWS_WITH_AS(read_cifar_split(folder.path().string(), CifarVariant::cifar100, CifarLabel::fine, true),
                       doctest::Contains("set `root` to that folder"), naskernel::DataError);
  CHECK(read_cifar_split(folder.file("cifar-100-binary"), CifarVariant::cifar100, CifarLabel::fine, true).count() == 1);
}
