// Which images of a folder data set are for training and which for testing:
// a split file, or a seeded random split that depends only on the number of
// images, the fraction and the seed (not on the run's seed, so that ground
// truth stays comparable across runs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::depth {

struct TestSplit {
  std::vector<int64_t> train;  // indices into the sorted image list, ascending
  std::vector<int64_t> test;
};

// round(count * test_fraction) images for testing, the rest for training.
// Throws DataError when either side would be empty.
TestSplit draw_test_split(int64_t count, double test_fraction, uint64_t seed);

// A split file has one `train STEM` or `test STEM` per line (`#` starts a
// comment); STEM is an image's file name without its extension. Images not
// listed are not used. Throws DataError naming the file and line for an
// unknown word, an unknown or repeated stem, and when either side is empty.
TestSplit read_split_file(const std::string& file, const std::vector<std::string>& stems);

}  // namespace naskernel::depth
