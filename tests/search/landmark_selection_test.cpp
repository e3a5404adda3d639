#include "kernel/search/landmark_selection.h"

#include "nb201_space.h"

#include <doctest/doctest.h>

#include <set>

using namespace naskernel;
using naskernel::nb201::Nb201Space;

TEST_CASE("diverse selection: every landmark lies farther than d from the root, all distinct") {
  const Nb201Space space;
  for (int d : {1, 2, 3, 4}) {
    LandmarkOptions options;
    options.count = 8;
    options.min_distance = d;
    Rng rng(static_cast<uint64_t>(d));
    const auto landmarks = select_landmarks(space, options, rng);
    REQUIRE(landmarks.size() == 8);
    std::set<std::string> keys;
    for (size_t i = 1; i < landmarks.size(); ++i) CHECK(space.distance(landmarks[i], landmarks[0]) > d);
    for (const auto& l : landmarks) keys.insert(space.canonical_key(l));
    CHECK(keys.size() == landmarks.size());
  }
}

TEST_CASE("diverse selection is reproducible from the seed") {
  const Nb201Space space;
  LandmarkOptions options;
  Rng a(11), b(11), c(12);
  const auto first = select_landmarks(space, options, a);
  CHECK((first == select_landmarks(space, options, b)));
  CHECK((first != select_landmarks(space, options, c)));
}

TEST_CASE("diverse selection refuses a distance that cannot be exceeded, and gives up clearly") {
  const Nb201Space space;
  LandmarkOptions options;
  options.min_distance = 6;  // NB201 has 6 genes
  Rng rng(1);
  CHECK_THROWS_WITH_AS(select_landmarks(space, options, rng), doctest::Contains("min_distance = 6"), UserError);
  options.min_distance = 5;
  options.count = 200;
  options.max_tries = 300;
  CHECK_THROWS_WITH_AS(select_landmarks(space, options, rng), doctest::Contains("after 300 tries"), UserError);
}

TEST_CASE("random and list selection; the evaluation set avoids landmarks") {
  const Nb201Space space;
  LandmarkOptions options;
  options.selection = "random";
  options.count = 20;
  Rng rng(3);
  const auto landmarks = select_landmarks(space, options, rng);
  std::set<std::string> keys;
  for (const auto& l : landmarks) keys.insert(space.canonical_key(l));
  CHECK(keys.size() == 20);
  const auto eval = sample_evaluation_set(space, 200, rng, keys);
  CHECK(eval.size() == 200);
  for (const auto& arch : eval) CHECK(keys.count(space.canonical_key(arch)) == 0);

  options.selection = "list";
  options.archs = {space.format(landmarks[0]), space.format(landmarks[1])};
  const auto listed = select_landmarks(space, options, rng);
  CHECK((listed == std::vector<Arch>{landmarks[0], landmarks[1]}));
  options.archs.push_back(space.format(landmarks[0]));
  CHECK_THROWS_WITH_AS(select_landmarks(space, options, rng), doctest::Contains("duplicates"), UserError);
}
