#include "test_split.h"

#include "shuffle.h"

#include <naskernel/errors.h>
#include <naskernel/rng.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

namespace naskernel::depth {

TestSplit draw_test_split(int64_t count, double test_fraction, uint64_t seed) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), int64_t{0});
  Rng rng(Rng::derive(seed, "depth.test_split"));
  shuffle(order, rng);
  const int64_t test = std::llround(static_cast<double>(count) * test_fraction);
  if (test <= 0 || test >= count)
    throw DataError("the data set of " + std::to_string(count) + " images is too small for `test_fraction` " +
                    std::to_string(test_fraction) + ": it would leave " + std::to_string(count - test) +
                    " training and " + std::to_string(test) + " test images; each side needs at least one");
  TestSplit split;
  split.test.assign(order.begin(), order.begin() + test);
  split.train.assign(order.begin() + test, order.end());
  std::sort(split.test.begin(), split.test.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

TestSplit read_split_file(const std::string& file, const std::vector<std::string>& stems) {
  std::ifstream in(file);
  if (!in) throw DataError("split file " + file + " cannot be opened");
  std::map<std::string, int64_t> index;
  for (size_t i = 0; i < stems.size(); ++i) index[stems[i]] = static_cast<int64_t>(i);
  std::map<std::string, int64_t> seen_at;  // stem -> line
  TestSplit split;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    const std::string where = "split file " + file + " line " + std::to_string(number) + ": ";
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string side, stem, extra;
    if (!(words >> side)) continue;
    if (!(words >> stem) || (words >> extra))
      throw DataError(where + "expected `train STEM` or `test STEM`, got \"" + line + "\"");
    if (side != "train" && side != "test")
      throw DataError(where + "the first word must be `train` or `test`, got `" + side + "`");
    auto it = index.find(stem);
    if (it == index.end()) throw DataError(where + "no image has the stem `" + stem + "`");
    if (auto seen = seen_at.find(stem); seen != seen_at.end())
      throw DataError(where + "`" + stem + "` is listed again (first on line " + std::to_string(seen->second) + ")");
    seen_at[stem] = number;
    (side == "train" ? split.train : split.test).push_back(it->second);
  }
  if (split.train.empty() || split.test.empty())
    throw DataError("split file " + file + " lists " + std::to_string(split.train.size()) + " training and " +
                    std::to_string(split.test.size()) + " test images; each side needs at least one");
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace naskernel::depth
