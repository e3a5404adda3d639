#include "search_splits.h"
#include "subset_selection.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace naskernel::classification;

TEST_CASE("search splits are disjoint, cover the training set and have the configured sizes") {
  const SearchSplits s = draw_search_splits(1000, 0.5, 0.1, 7);
  CHECK(s.search_valid.size() == 100);
  CHECK(s.search_train.size() == 450);
  CHECK(s.search_landmark.size() == 450);
  std::set<int64_t> all;
  for (const auto* split : {&s.search_train, &s.search_landmark, &s.search_valid}) {
    CHECK(std::is_sorted(split->begin(), split->end()));
    all.insert(split->begin(), split->end());
  }
  CHECK(all.size() == 1000);  // no index appears twice
  CHECK(*all.begin() == 0);
  CHECK(*all.rbegin() == 999);
}

TEST_CASE("search splits depend only on the seed") {
  const SearchSplits a = draw_search_splits(500, 0.3, 0.2, 1);
  const SearchSplits b = draw_search_splits(500, 0.3, 0.2, 1);
  const SearchSplits c = draw_search_splits(500, 0.3, 0.2, 2);
  CHECK(a.search_train == b.search_train);
  CHECK(a.search_landmark == b.search_landmark);
  CHECK(a.search_valid == b.search_valid);
  CHECK(a.search_train != c.search_train);
  CHECK(a.search_valid != c.search_valid);
  CHECK(a.search_train.size() == 120);
}

TEST_CASE("search splits refuse a training set too small for three splits") {
  CHECK_THROWS_WITH_AS(draw_search_splits(4, 0.5, 0.1, 0), doctest::Contains("training set of 4 images is too small"),
                       naskernel::DataError);
}

TEST_CASE("balanced subsets are class-balanced, sorted and deterministic by seed") {
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 300; ++i) labels.push_back(i < 200 ? i % 2 : 2);  // 100, 100, 100
  const std::vector<int64_t> a = balanced_subset(labels, 31, 5);
  CHECK(a == balanced_subset(labels, 31, 5));
  CHECK(a != balanced_subset(labels, 31, 6));
  CHECK(std::is_sorted(a.begin(), a.end()));
  CHECK(std::set<int64_t>(a.begin(), a.end()).size() == 31);
  std::map<int64_t, int> per_class;
  for (int64_t i : a) ++per_class[labels[static_cast<size_t>(i)]];
  CHECK(per_class[0] == 11);  // classes take turns in class order
  CHECK(per_class[1] == 10);
  CHECK(per_class[2] == 10);

  // A class that runs out leaves the rest to the others.
  std::vector<int64_t> skewed{0, 1, 1, 1, 1, 1};
  const std::vector<int64_t> b = balanced_subset(skewed, 4, 0);
  CHECK(b.size() == 4);
  CHECK(b.front() == 0);
  CHECK(balanced_subset(skewed, 6, 0) == std::vector<int64_t>{0, 1, 2, 3, 4, 5});
}
