// The folder readers on generated files: layouts, 8- and 16-bit depth,
// masks, encodings, resizing, splits, and every corrupt case with its message.
#include "png_test_files.h"
#include "test_util.h"

#include "depth_folder_reader.h"
#include "png_decode.h"
#include "test_split.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace naskernel::depth;
using depth_test::contains;
using depth_test::error_message;
using depth_test::TempDir;
using naskernel::DataError;

namespace {

constexpr int kW = 6, kH = 4;

std::vector<uint8_t> grey8(uint8_t value) { return std::vector<uint8_t>(kW * kH, value); }

// images/{a.png, b.jpg}, depths/a.png (16 bit), depths/b.png (8 bit), masks for both.
void write_small_folder(const TempDir& dir) {
  depth_test::write_rgb_png(dir.file("images/a.png"), kW, kH, depth_test::rgb_pattern(kW, kH, 1));
  depth_test::write_rgb_jpg(dir.file("images/b.jpg"), kW, kH, depth_test::rgb_pattern(kW, kH, 2));
  std::vector<uint16_t> depth_a(kW * kH);
  for (int i = 0; i < kW * kH; ++i) depth_a[i] = static_cast<uint16_t>(1000 + 500 * i);  // beyond 8 bits
  depth_a[3] = 0;                                                                    // invalid by value
  depth_test::write_grey16_png(dir.file("depths/a.png"), kW, kH, depth_a);
  depth_test::write_grey8_png(dir.file("depths/b.png"), kW, kH, grey8(50));
  std::vector<uint8_t> mask_a(kW * kH, 255);
  mask_a[5] = 0;  // invalid by mask
  depth_test::write_grey8_png(dir.file("masks/a.png"), kW, kH, mask_a);
  depth_test::write_grey8_png(dir.file("masks/b.png"), kW, kH, grey8(1));
}

DepthOptions folder_options(const TempDir& dir, DatasetKind kind = DatasetKind::image_depth_folder) {
  DepthOptions o;
  o.dataset = kind;
  o.root = dir.path().string();
  o.image_size = {kH, kW};
  o.depth_encoding = kind == DatasetKind::redweb ? DepthEncoding::redweb : DepthEncoding::depth;
  return o;
}

DepthSet read_one(const DepthFiles& files, DepthDecodeOptions options) {
  DepthSet set;
  set.size = options.size;
  read_depth_sample(files, options, set);
  return set;
}

}  // namespace

TEST_CASE("image-depth-folder: 16- and 8-bit depth become disparity, masks and zeros are invalid") {
  TempDir dir;
  write_small_folder(dir);
  const std::vector<DepthFiles> files = list_depth_files(FolderLayout::image_depth_folder, dir.path().string());
  REQUIRE(files.size() == 2);
  CHECK(files[0].stem == "a");
  CHECK(files[1].stem == "b");
  CHECK(contains(files[0].mask, "masks/a.png"));

  const GreyImage decoded = decode_grey_png(files[0].depth, "depth map");
  CHECK(decoded.bits == 16);
  CHECK(decoded.values[7] == 1000 + 500 * 7);
  CHECK(decode_grey_png(files[1].depth, "depth map").bits == 8);

  const DepthSet a = read_one(files[0], {{kH, kW}, DepthEncoding::depth, 0.001});  // millimetres to metres
  REQUIRE(a.count() == 1);
  CHECK(a.disparity[7] == doctest::Approx(1.0 / (0.001 * (1000 + 500 * 7))).epsilon(1e-6));
  CHECK(a.valid[3] == 0);  // depth 0
  CHECK(a.disparity[3] == 0.0f);
  CHECK(a.valid[5] == 0);  // masked
  CHECK(a.disparity[5] == 0.0f);
  CHECK(a.valid[0] == 1);
  // PNG images are lossless: plane c of pixel i is the pattern's value.
  const std::vector<uint8_t> pattern = depth_test::rgb_pattern(kW, kH, 1);
  CHECK(a.rgb[0 * kW * kH + 7] == pattern[7 * 3 + 0]);
  CHECK(a.rgb[2 * kW * kH + 7] == pattern[7 * 3 + 2]);

  const DepthSet b = read_one(files[1], {{kH, kW}, DepthEncoding::disparity, 2.0});
  CHECK(b.disparity[0] == doctest::Approx(100.0));  // disparity encoding: value * depth_scale
}

TEST_CASE("depth and masks are resized nearest, images bilinear") {
  TempDir dir;
  depth_test::write_rgb_png(dir.file("images/a.png"), 4, 4, std::vector<uint8_t>(48, 200));
  std::vector<uint8_t> depth(16);
  for (int i = 0; i < 16; ++i) depth[i] = static_cast<uint8_t>(i + 1);
  depth_test::write_grey8_png(dir.file("depths/a.png"), 4, 4, depth);
  const auto files = list_depth_files(FolderLayout::image_depth_folder, dir.path().string());
  const DepthSet set = read_one(files[0], {{2, 2}, DepthEncoding::disparity, 1.0});
  // Nearest pixel centres of a 4 -> 2 resize are rows and columns 1 and 3.
  CHECK(set.disparity == std::vector<float>{static_cast<float>(depth[5]), static_cast<float>(depth[7]), static_cast<float>(depth[13]), static_cast<float>(depth[15])});
  CHECK(set.rgb == std::vector<uint8_t>(12, 200));
}

TEST_CASE("redweb layout: Imgs/*.jpg with RDs/*.png (0 nearest, 255 sky), seeded split") {
  TempDir dir;
  for (int i = 0; i < 10; ++i) {
    const std::string stem = "img" + std::to_string(i);
    depth_test::write_rgb_jpg(dir.file("Imgs/" + stem + ".jpg"), kW, kH, depth_test::rgb_pattern(kW, kH, i));
    std::vector<uint8_t> relative = grey8(static_cast<uint8_t>(10 + i));
    relative[1] = 0;    // the nearest point
    relative[2] = 255;  // sky
    depth_test::write_grey8_png(dir.file("RDs/" + stem + ".png"), kW, kH, relative);
  }
  DepthOptions o = folder_options(dir, DatasetKind::redweb);
  o.test_fraction = 0.2;
  const TrainTestDepth data = read_depth_folder(o);
  CHECK(data.train.count() == 8);
  CHECK(data.test.count() == 2);
  // The test images are not training images.
  for (const auto& name : data.test.names)
    for (const auto& train_name : data.train.names) CHECK(name != train_name);
  // Disparity (255 - v) / 255: the nearest point has the largest, sky is invalid.
  CHECK(data.train.disparity[1] == doctest::Approx(1.0));
  CHECK(data.train.valid[2] == 0);
  CHECK(data.train.disparity[2] == 0.0f);
  CHECK(data.train.disparity[0] <= (255.0f - 10.0f) / 255.0f + 1e-6f);
  CHECK(data.train.disparity[0] >= (255.0f - 19.0f) / 255.0f - 1e-6f);
  // The same seed gives the same split.
  CHECK(read_depth_folder(o).test.names == data.test.names);
}

TEST_CASE("split files choose the training and test images") {
  TempDir dir;
  write_small_folder(dir);
  depth_test::write_text(dir.file("split.txt"), "# comment\ntest a\n\ntrain b   # trailing comment\n");
  DepthOptions o = folder_options(dir);
  o.split_file = dir.file("split.txt");
  const TrainTestDepth data = read_depth_folder(o);
  REQUIRE(data.train.count() == 1);
  REQUIRE(data.test.count() == 1);
  CHECK(contains(data.train.names[0], "b.jpg"));
  CHECK(contains(data.test.names[0], "a.png"));

  const std::vector<std::string> stems{"a", "b"};
  depth_test::write_text(dir.file("bad1.txt"), "train a\nvalid b\n");
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("bad1.txt"), stems); }),
                 "bad1.txt line 2: the first word must be `train` or `test`, got `valid`"));
  depth_test::write_text(dir.file("bad2.txt"), "train a\ntest zz\n");
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("bad2.txt"), stems); }),
                 "bad2.txt line 2: no image has the stem `zz`"));
  depth_test::write_text(dir.file("bad3.txt"), "train a\ntest a\n");
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("bad3.txt"), stems); }),
                 "bad3.txt line 2: `a` is listed again (first on line 1)"));
  depth_test::write_text(dir.file("bad4.txt"), "train a\ntrain b\n");
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("bad4.txt"), stems); }),
                 "lists 2 training and 0 test images"));
  depth_test::write_text(dir.file("bad5.txt"), "train a b\n");
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("bad5.txt"), stems); }),
                 "bad5.txt line 1: expected `train STEM` or `test STEM`"));
  CHECK(contains(error_message<DataError>([&] { read_split_file(dir.file("none/missing.txt"), stems); }),
                 "missing.txt cannot be opened"));
}

TEST_CASE("seeded test splits are disjoint, cover the set and need both sides") {
  const TestSplit split = draw_test_split(50, 0.1, 3);
  CHECK(split.test.size() == 5);
  CHECK(split.train.size() == 45);
  std::vector<int64_t> all = split.train;
  all.insert(all.end(), split.test.begin(), split.test.end());
  std::sort(all.begin(), all.end());
  for (int64_t i = 0; i < 50; ++i) CHECK(all[static_cast<size_t>(i)] == i);
  CHECK(draw_test_split(50, 0.1, 3).test == split.test);
  CHECK(draw_test_split(50, 0.1, 4).test != split.test);
  CHECK(contains(error_message<DataError>([] { draw_test_split(3, 0.1, 0); }), "too small for `test_fraction`"));
}

TEST_CASE("corrupt folder data sets are refused with a message naming the file") {
  SUBCASE("an image without a depth map") {
    TempDir dir;
    write_small_folder(dir);
    depth_test::write_rgb_png(dir.file("images/c.png"), kW, kH, depth_test::rgb_pattern(kW, kH, 3));
    const std::string message = error_message<DataError>(
        [&] { list_depth_files(FolderLayout::image_depth_folder, dir.path().string()); });
    CHECK(contains(message, "images/c.png has no depth map: "));
    CHECK(contains(message, "depths/c.png does not exist"));
  }
  SUBCASE("a depth map without an image") {
    TempDir dir;
    write_small_folder(dir);
    depth_test::write_grey8_png(dir.file("depths/z.png"), kW, kH, grey8(9));
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::image_depth_folder, dir.path().string()); }),
                   "depths/z.png has no image "));
  }
  SUBCASE("an image without a mask when masks/ exists") {
    TempDir dir;
    write_small_folder(dir);
    std::filesystem::remove(dir.path() / "masks/b.png");
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::image_depth_folder, dir.path().string()); }),
                   "images/b.jpg has no mask: "));
  }
  SUBCASE("two images with one stem") {
    TempDir dir;
    write_small_folder(dir);
    depth_test::write_rgb_png(dir.file("images/b.png"), kW, kH, depth_test::rgb_pattern(kW, kH, 3));
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::image_depth_folder, dir.path().string()); }),
                   "have the same name stem `b`"));
  }
  SUBCASE("missing folders") {
    TempDir dir;
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::redweb, dir.path().string()); }),
                   "has no Imgs/ folder"));
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::redweb, dir.file("nowhere")); }),
                   "nowhere does not exist"));
    std::filesystem::create_directories(dir.path() / "Imgs");
    std::filesystem::create_directories(dir.path() / "RDs");
    CHECK(contains(error_message<DataError>([&] { list_depth_files(FolderLayout::redweb, dir.path().string()); }),
                   "Imgs holds no .jpg, .jpeg or .png image"));
  }

  TempDir dir;
  write_small_folder(dir);
  auto files = list_depth_files(FolderLayout::image_depth_folder, dir.path().string());
  const DepthDecodeOptions decode{{kH, kW}, DepthEncoding::depth, 1.0};
  SUBCASE("a depth map of another size than its image") {
    depth_test::write_grey8_png(files[1].depth, kW - 1, kH, std::vector<uint8_t>((kW - 1) * kH, 9));
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }),
                   "depths/b.png is 4x5 (height x width) but its image " + files[1].image + " is 4x6"));
  }
  SUBCASE("a mask of another size than its image") {
    depth_test::write_grey8_png(files[1].mask, kW, kH + 1, std::vector<uint8_t>(kW * (kH + 1), 1));
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }), "masks/b.png is 5x6 (height x width)"));
  }
  SUBCASE("an unreadable depth PNG") {
    depth_test::write_text(files[1].depth, "not a png at all");
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }),
                   "depth map " + files[1].depth + " cannot be decoded: "));
  }
  SUBCASE("a truncated image") {
    depth_test::write_text(files[0].image, "\x89PNG\r\n\x1a\n");
    CHECK(contains(error_message<DataError>([&] { read_one(files[0], decode); }), "image " + files[0].image + " cannot be decoded"));
  }
  SUBCASE("an all-invalid mask") {
    depth_test::write_grey8_png(files[1].mask, kW, kH, grey8(0));
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }),
                   "depth map " + files[1].depth + " has no valid pixel (every pixel is 0 or masked by " + files[1].mask + ")"));
  }
  SUBCASE("an all-zero depth map, an all-sky ReDWeb map") {
    depth_test::write_grey8_png(files[1].depth, kW, kH, grey8(0));
    files[1].mask.clear();
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }), "has no valid pixel (every pixel is 0)"));
    depth_test::write_grey8_png(files[1].depth, kW, kH, grey8(255));
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], {{kH, kW}, DepthEncoding::redweb, 1.0}); }),
                   "has no valid pixel (every pixel is 255)"));
  }
  SUBCASE("valid pixels lost by resizing") {
    std::vector<uint8_t> one(kW * kH, 0);
    one[0] = 7;
    depth_test::write_grey8_png(files[1].depth, kW, kH, one);
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], {{2, 3}, DepthEncoding::depth, 1.0}); }),
                   "has no valid pixel left after resizing from 4x6 to 2x3"));
  }
  SUBCASE("a colour depth map, and grey saved as RGB") {
    depth_test::write_rgb_png(files[1].depth, kW, kH, depth_test::rgb_pattern(kW, kH, 5));
    CHECK(contains(error_message<DataError>([&] { read_one(files[1], decode); }), "is a colour PNG"));
    depth_test::write_rgb_from_grey_png(files[1].depth, kW, kH, grey8(40));
    CHECK(read_one(files[1], decode).disparity[0] == doctest::Approx(1.0 / 40));
  }
}
