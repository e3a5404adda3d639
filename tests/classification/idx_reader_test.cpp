#include "idx_reader.h"
#include "test_data_files.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <fstream>

using namespace naskernel::classification;
using namespace classification_test;

namespace {

std::vector<uint8_t> pixels_of(int64_t count, int64_t height, int64_t width) {
  std::vector<uint8_t> pixels;
  for (int64_t n = 0; n < count; ++n)
    for (int64_t y = 0; y < height; ++y)
      for (int64_t x = 0; x < width; ++x) pixels.push_back(test_pixel(n, 0, y, x));
  return pixels;
}

std::string error_of(const std::string& images, const std::string& labels, int64_t classes = 10) {
  try {
    read_idx_pair(images, labels, classes);
  } catch (const naskernel::DataError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("IDX reader reads gzipped and raw files byte for byte") {
  TempFolder folder;
  const std::vector<uint8_t> labels{3, 0, 9, 1, 4};
  write_gzip(folder.file("train-images-idx3-ubyte.gz"), idx_images(5, 4, 6, pixels_of(5, 4, 6)));
  write_gzip(folder.file("train-labels-idx1-ubyte.gz"), idx_labels(labels));
  write_bytes(folder.file("t10k-images-idx3-ubyte"), idx_images(2, 4, 6, pixels_of(2, 4, 6)));
  write_bytes(folder.file("t10k-labels-idx1-ubyte"), idx_labels({7, 8}));

  for (const auto& [prefix, count] : {std::pair<std::string, int64_t>{"train", 5}, {"t10k", 2}}) {
    CAPTURE(prefix);
    const ImageSet set = read_idx_split(folder.path().string(), prefix, 10);
    CHECK(set.count() == count);
    CHECK(set.channels == 1);
    CHECK(set.height == 4);
    CHECK(set.width == 6);
    CHECK(set.pixels == pixels_of(count, 4, 6));
  }
  CHECK(read_idx_split(folder.path().string(), "train", 10).labels == std::vector<int64_t>{3, 0, 9, 1, 4});
  CHECK(read_idx_split(folder.path().string(), "t10k", 10).labels == std::vector<int64_t>{7, 8});
}

TEST_CASE("IDX file lookup prefers .gz, falls back to raw and names both when neither exists") {
  TempFolder folder;
  write_bytes(folder.file("a"), {1});
  CHECK(find_idx_file(folder.path().string(), "a") == folder.file("a"));
  write_bytes(folder.file("a.gz"), {1});
  CHECK(find_idx_file(folder.path().string(), "a") == folder.file("a.gz"));
  try {
    find_idx_file(folder.path().string(), "missing");
    FAIL("expected DataError");
  } catch (const naskernel::DataError& e) {
    CHECK(std::string(e.what()).find(folder.file("missing.gz")) != std::string::npos);
    CHECK(std::string(e.what()).find(folder.file("missing") + " exists") != std::string::npos);
  }
}

TEST_CASE("IDX reader rejects corrupt files, naming file and offset") {
  TempFolder folder;
  const std::string images = folder.file("images"), labels = folder.file("labels");
  write_bytes(labels, idx_labels({1, 2, 3}));

  SUBCASE("truncated images") {
    std::vector<uint8_t> bytes = idx_images(3, 4, 4, pixels_of(3, 4, 4));
    bytes.resize(16 + 16 + 5);  // image 1 is cut after 5 bytes
    write_bytes(images, bytes);
    const std::string message = error_of(images, labels);
    CHECK(message.find(images) != std::string::npos);
    CHECK(message.find("truncated") != std::string::npos);
    CHECK(message.find("ends at byte offset 37") != std::string::npos);
    CHECK(message.find("images 1 (which starts at byte offset 32)") != std::string::npos);
  }
  SUBCASE("header promising absurd sizes") {
    std::vector<uint8_t> bytes = idx_images(3, 4, 4, pixels_of(3, 4, 4));
    for (size_t i = 4; i < 16; ++i) bytes[i] = 0xff;  // 2^32 - 1 images of (2^32 - 1)^2 bytes
    write_bytes(images, bytes);
    const std::string message = error_of(images, labels);
    CHECK(message.find("promises 4294967295 images") != std::string::npos);
    CHECK(message.find("inside images 0 (which starts at byte offset 16)") != std::string::npos);
  }
  SUBCASE("truncated header") {
    write_bytes(images, {0, 0, 8, 3, 0, 0});
    const std::string message = error_of(images, labels);
    CHECK(message.find(images) != std::string::npos);
    CHECK(message.find("header") != std::string::npos);
  }
  SUBCASE("wrong magic number") {
    write_bytes(images, idx_labels({1, 2, 3}));  // a labels file where images belong
    const std::string message = error_of(images, labels);
    CHECK(message.find(images) != std::string::npos);
    CHECK(message.find("magic number 0x00000801 at byte offset 0") != std::string::npos);
    CHECK(message.find("expected 0x00000803") != std::string::npos);
  }
  SUBCASE("trailing bytes") {
    std::vector<uint8_t> bytes = idx_images(3, 4, 4, pixels_of(3, 4, 4));
    bytes.push_back(0);
    write_bytes(images, bytes);
    const std::string message = error_of(images, labels);
    CHECK(message.find("1 unexpected bytes") != std::string::npos);
    CHECK(message.find("byte offset 64") != std::string::npos);
  }
  SUBCASE("label out of range") {
    write_bytes(images, idx_images(3, 4, 4, pixels_of(3, 4, 4)));
    write_bytes(labels, idx_labels({1, 2, 10}));
    const std::string message = error_of(images, labels);
    CHECK(message.find(labels) != std::string::npos);
    CHECK(message.find("label 10 at byte offset 10 (sample 2)") != std::string::npos);
    CHECK(error_of(images, labels, 11) == "no error");
  }
  SUBCASE("counts disagree") {
    write_bytes(images, idx_images(2, 4, 4, pixels_of(2, 4, 4)));
    const std::string message = error_of(images, labels);
    CHECK(message.find("2 images") != std::string::npos);
    CHECK(message.find("3 labels") != std::string::npos);
  }
  SUBCASE("gzip stream cut short") {
    write_gzip(images, idx_images(3, 4, 4, pixels_of(3, 4, 4)));
    std::vector<uint8_t> gz = read_file(images);
    gz.resize(gz.size() / 2);
    write_bytes(images, gz);
    const std::string message = error_of(images, labels);
    CHECK(message.find(images) != std::string::npos);
    CHECK(message.find("corrupt") != std::string::npos);
  }
  SUBCASE("missing file") {
    CHECK(error_of(folder.file("nothing"), labels).find(folder.file("nothing")) != std::string::npos);
  }
}
