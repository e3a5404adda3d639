#include "image_folder_reader.h"
#include "test_data_files.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

using namespace naskernel::classification;
using namespace classification_test;

namespace {

std::string error_of(const std::string& dir, const std::vector<std::string>& classes,
                     const ImageFolderOptions& options) {
  try {
    read_image_folder(dir, classes, options);
  } catch (const naskernel::DataError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("image folder reader decodes PNG exactly, labels by sorted class folder, converts to CHW") {
  TempFolder folder;
  const std::string train = folder.file("train");
  write_image(train + "/dog/a.png", 0, 3, 5, 7);
  write_image(train + "/cat/b.png", 1, 3, 5, 7);
  write_image(train + "/cat/a.PNG", 2, 3, 5, 7);
  write_bytes(train + "/cat/notes.txt", {'h', 'i'});  // not an image: ignored

  const std::vector<std::string> classes = list_class_folders(train);
  REQUIRE(classes == std::vector<std::string>{"cat", "dog"});
  const ImageSet set = read_image_folder(train, classes, {});
  REQUIRE(set.count() == 3);
  CHECK(set.labels == std::vector<int64_t>{0, 0, 1});
  CHECK(set.channels == 3);
  CHECK(set.size() == ImageSize{5, 7});
  // Sorted file order within a class: a.PNG (image 2), b.png (image 1), then dog/a.png (image 0).
  const int64_t expected_image[] = {2, 1, 0};
  bool all_equal = true;
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t y = 0; y < 5; ++y)
        for (int64_t x = 0; x < 7; ++x)
          all_equal &= set.pixels[static_cast<size_t>(((i * 3 + c) * 5 + y) * 7 + x)] ==
                       test_pixel(expected_image[i], c, y, x);
  CHECK(all_equal);
}

TEST_CASE("image folder reader decodes JPEG, forces the channel count and resizes") {
  TempFolder folder;
  const std::string train = folder.file("train");
  write_image(train + "/a/0.jpg", 0, 3, 16, 16);
  write_image(train + "/b/0.jpeg", 1, 1, 8, 12);  // grayscale, another size

  ImageFolderOptions options;
  options.channels = 1;
  options.resize = ImageSize{10, 10};
  const ImageSet set = read_image_folder(train, {"a", "b"}, options);
  CHECK(set.count() == 2);
  CHECK(set.channels == 1);
  CHECK(set.size() == ImageSize{10, 10});
  CHECK(set.pixels.size() == 200);

  // Gray forced to 3 channels repeats the gray plane.
  options.channels = 3;
  options.resize = ImageSize{8, 12};
  const ImageSet rgb = read_image_folder(train, {"b"}, options);
  REQUIRE(rgb.pixels.size() == 3 * 96);
  CHECK(std::equal(rgb.pixels.begin(), rgb.pixels.begin() + 96, rgb.pixels.begin() + 96));
  // JPEG at quality 95 stays close to the written pixels.
  double error = 0;
  for (int64_t y = 0; y < 8; ++y)
    for (int64_t x = 0; x < 12; ++x) error += std::abs(int(rgb.pixels[y * 12 + x]) - int(test_pixel(1, 0, y, x)));
  CHECK(error / 96 < 12);
}

TEST_CASE("image folder reader reports empty folders, undecodable images and mixed sizes") {
  TempFolder folder;
  const std::string train = folder.file("train");
  write_image(train + "/a/0.png", 0, 3, 6, 6);

  SUBCASE("empty class folder") {
    std::filesystem::create_directories(train + "/b");
    write_bytes(train + "/b/readme.txt", {'x'});
    const std::string message = error_of(train, {"a", "b"}, {});
    CHECK(message.find(train + "/b") != std::string::npos);
    CHECK(message.find("holds no") != std::string::npos);
  }
  SUBCASE("no class folders at all") {
    std::filesystem::create_directories(folder.file("empty"));
    CHECK_THROWS_WITH_AS(list_class_folders(folder.file("empty")), doctest::Contains("has no class folders"),
                         naskernel::DataError);
    CHECK_THROWS_WITH_AS(list_class_folders(folder.file("nowhere")), doctest::Contains("does not exist"),
                         naskernel::DataError);
  }
  SUBCASE("undecodable image") {
    write_bytes(train + "/a/1.png", {0x89, 'P', 'N', 'G', 1, 2, 3});
    const std::string message = error_of(train, {"a"}, {});
    CHECK(message.find(train + "/a/1.png") != std::string::npos);
    CHECK(message.find("cannot be decoded") != std::string::npos);
  }
  SUBCASE("JPEG whose Huffman table has more than 256 codes") {
    // stb_image 2.27 writes past its table for this (found by tests/fuzz,
    // fuzz_image_folder); the reader refuses the file before decoding.
    std::vector<uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x13, 0x00};
    jpeg.insert(jpeg.end(), 16, 0x20);  // 16 code counts of 32: 512 codes
    write_bytes(train + "/a/1.jpg", jpeg);
    const std::string message = error_of(train, {"a"}, {});
    CHECK(message.find(train + "/a/1.jpg") != std::string::npos);
    CHECK(message.find("Huffman table at byte offset 6 has more than 256 codes") != std::string::npos);
  }
  SUBCASE("mixed sizes without resize") {
    write_image(train + "/a/1.png", 1, 3, 6, 8);
    const std::string message = error_of(train, {"a"}, {});
    CHECK(message.find(train + "/a/1.png is 6x8") != std::string::npos);
    CHECK(message.find("first image " + train + "/a/0.png is 6x6") != std::string::npos);
    CHECK(message.find("resize") != std::string::npos);
    ImageFolderOptions options;
    options.resize = ImageSize{4, 4};
    CHECK(error_of(train, {"a"}, options) == "no error");
  }
  SUBCASE("size differs from image_size") {
    ImageFolderOptions options;
    options.expected = ImageSize{6, 7};
    const std::string message = error_of(train, {"a"}, options);
    CHECK(message.find(train + "/a/0.png is 6x6") != std::string::npos);
    CHECK(message.find("`image_size` is 6x7") != std::string::npos);
    options.resize = ImageSize{4, 4};  // resizing does not excuse a wrong stored size
    CHECK(error_of(train, {"a"}, options).find("`image_size` is 6x7") != std::string::npos);
  }
}

TEST_CASE("image folder reader decodes a PNG whose first IDAT chunk is empty") {
  // Valid PNG (a zero-length IDAT is allowed); stb_image 2.27 copies it into
  // a buffer it has not allocated yet (found by tests/fuzz, fuzz_image_folder).
  TempFolder folder;
  const std::string train = folder.file("train");
  write_image(train + "/a/0.png", 0, 3, 4, 4);
  std::ifstream in(train + "/a/0.png", std::ios::binary);
  std::vector<uint8_t> png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string idat = "IDAT";
  const auto first_idat = std::search(png.begin(), png.end(), idat.begin(), idat.end());
  REQUIRE(first_idat != png.end());
  const std::vector<uint8_t> empty_idat = {0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xAF, 0x06, 0x1E};  // length, type, CRC
  png.insert(first_idat - 4, empty_idat.begin(), empty_idat.end());
  write_bytes(train + "/a/0.png", png);

  const ImageSet set = read_image_folder(train, {"a"}, {});
  REQUIRE(set.count() == 1);
  bool all_equal = true;
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t y = 0; y < 4; ++y)
      for (int64_t x = 0; x < 4; ++x)
        all_equal &= set.pixels[static_cast<size_t>((c * 4 + y) * 4 + x)] == test_pixel(0, c, y, x);
  CHECK(all_equal);
}
