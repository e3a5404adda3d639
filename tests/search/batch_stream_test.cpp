#include "kernel/search/batch_stream.h"

#include "classification_task.h"

#include <doctest/doctest.h>

using namespace naskernel;
using naskernel::classification::ClassificationTask;

namespace {

std::unique_ptr<ClassificationTask> synthetic_task() {
  toml::table table{{"dataset", "synthetic"}, {"classes", 4}, {"channels", 1}, {"image_size", 8},
                    {"train_size", 200},      {"test_size", 40}};
  auto task = std::make_unique<ClassificationTask>(Config(table, "task"));
  task->load(5);
  return task;
}

}  // namespace

TEST_CASE("a batch stream covers each pass once, reshuffles per pass, and resumes exactly") {
  auto owned = synthetic_task();
  const Task& task = *owned;
  BatchStream stream(task, Split::search_train, 16, 42);
  const int64_t n = task.size(Split::search_train);
  CHECK(stream.batches_per_pass() == n / 16);

  std::vector<torch::Tensor> first_pass;
  for (int64_t i = 0; i < stream.batches_per_pass(); ++i) first_pass.push_back(stream.next(nullptr).input);
  const auto state = stream.state();
  const auto next_a = stream.next(nullptr).input;
  const auto next_b = stream.next(nullptr).input;
  CHECK_FALSE(torch::equal(next_a, first_pass[0]));  // a new permutation

  BatchStream resumed(task, Split::search_train, 16, 42);
  resumed.restore(state);
  CHECK(torch::equal(resumed.next(nullptr).input, next_a));
  CHECK(torch::equal(resumed.next(nullptr).input, next_b));

  BatchStream again(task, Split::search_train, 16, 42);
  CHECK(torch::equal(again.next(nullptr).input, first_pass[0]));
  BatchStream other_seed(task, Split::search_train, 16, 43);
  CHECK_FALSE(torch::equal(other_seed.next(nullptr).input, first_pass[0]));
}

TEST_CASE("a split smaller than the batch still gives one batch") {
  auto owned = synthetic_task();
  const Task& task = *owned;
  BatchStream stream(task, Split::search_valid, 1000, 1);
  CHECK(stream.batches_per_pass() == 1);
  CHECK(stream.next(nullptr).size() == task.size(Split::search_valid));
}

TEST_CASE("the shards of a global batch are its equal parts, in rank order") {
  auto owned = synthetic_task();
  const Task& task = *owned;
  BatchStream whole(task, Split::search_train, 16, 42);
  BatchStream first(task, Split::search_train, 16, 42, true, 0, 2);
  BatchStream second(task, Split::search_train, 16, 42, true, 1, 2);
  CHECK(first.batches_per_pass() == whole.batches_per_pass());
  for (int step = 0; step < 3; ++step) {
    const auto global = whole.next(nullptr).input;
    const auto a = first.next(nullptr).input;
    const auto b = second.next(nullptr).input;
    REQUIRE(a.size(0) == 8);
    CHECK(torch::equal(torch::cat({a, b}), global));
  }
  CHECK_THROWS_WITH_AS(BatchStream(task, Split::search_train, 15, 42, true, 0, 2),
                       doctest::Contains("must divide evenly over the 2 ranks"), UserError);
}

TEST_CASE("fixed batches: the first k batches of the first pass, in turn, and resumable") {
  auto owned = synthetic_task();
  const Task& task = *owned;
  BatchStream streaming(task, Split::search_train, 16, 42);
  BatchStream fixed(task, Split::search_train, 16, 42, true, 0, 1, 2);
  CHECK(fixed.batches_per_pass() == 2);
  const auto first = streaming.next(nullptr).input, second = streaming.next(nullptr).input;
  const auto third = streaming.next(nullptr).input;
  CHECK(torch::equal(fixed.next(nullptr).input, first));
  CHECK(torch::equal(fixed.next(nullptr).input, second));
  const auto state = fixed.state();
  const auto again = fixed.next(nullptr).input;
  CHECK(torch::equal(again, first));  // back to the first batch, not the stream's third
  CHECK_FALSE(torch::equal(again, third));
  CHECK(torch::equal(fixed.next(nullptr).input, second));
  BatchStream resumed(task, Split::search_train, 16, 42, true, 0, 1, 2);
  resumed.restore(state);
  CHECK(torch::equal(resumed.next(nullptr).input, first));

  // More fixed batches than the split holds: the whole split, in the same order every pass.
  BatchStream all(task, Split::search_train, 16, 42, true, 0, 1, 1000);
  CHECK(all.batches_per_pass() == task.size(Split::search_train) / 16);
  const auto start = all.next(nullptr).input;
  for (int64_t i = 1; i < all.batches_per_pass(); ++i) all.next(nullptr);
  CHECK(torch::equal(all.next(nullptr).input, start));
}
