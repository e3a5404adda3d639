#include "kernel/distributed/world.h"

#include "two_ranks.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <mutex>

using namespace naskernel;
using naskernel::test::run_on_two_ranks;

TEST_CASE("collectives over Gloo: all-reduce (sum, mean, max), broadcast and all-gather") {
  std::mutex mutex;
  std::vector<std::vector<double>> seen(2);
  run_on_two_ranks([&](Collectives& c) {
    const double r = c.rank();
    auto sum = torch::tensor({1.0 + r, 10.0 * r}, torch::kFloat64);
    c.all_reduce(sum, ReduceOp::sum);
    auto mean = torch::tensor({1.0 + r}, torch::kFloat64);
    c.all_reduce(mean, ReduceOp::mean);
    auto max = torch::tensor({r == 0 ? 5.0 : 3.0}, torch::kFloat64);
    c.all_reduce(max, ReduceOp::max);
    auto root = torch::tensor({r == 0 ? 42.0 : -1.0}, torch::kFloat64);
    c.broadcast(root, 0);
    const auto gathered = c.all_gather(torch::tensor({100.0 + r}, torch::kFloat64));
    std::lock_guard<std::mutex> lock(mutex);
    seen[c.rank()] = {sum[0].item<double>(), sum[1].item<double>(), mean.item<double>(), max.item<double>(),
                      root.item<double>(), gathered.at(0).item<double>(), gathered.at(1).item<double>()};
  });
  for (const auto& values : seen) CHECK(values == std::vector<double>{3, 10, 1.5, 5, 42, 100, 101});
}

TEST_CASE("texts and flags travel between ranks") {
  std::mutex mutex;
  std::vector<std::string> broadcasts(2);
  std::vector<std::vector<std::string>> gathers(2);
  std::vector<int> flags(2), anys(2);
  run_on_two_ranks([&](Collectives& c) {
    const std::string mine = c.rank() == 0 ? "rank zero's longer text" : "one";
    auto b = broadcast_text(c, mine);
    auto g = all_gather_text(c, mine);
    const bool flag = broadcast_flag(c, c.rank() == 0);
    const bool any = any_rank(c, c.rank() == 1);
    const bool none = any_rank(c, false);
    std::lock_guard<std::mutex> lock(mutex);
    broadcasts[c.rank()] = b;
    gathers[c.rank()] = g;
    flags[c.rank()] = flag;
    anys[c.rank()] = any && !none;
  });
  for (int r = 0; r < 2; ++r) {
    CHECK(broadcasts[r] == "rank zero's longer text");
    CHECK(gathers[r] == std::vector<std::string>{"rank zero's longer text", "one"});
    CHECK(flags[r] == 1);
    CHECK(anys[r] == 1);
  }
}

TEST_CASE("different manifests on the ranks are refused on every rank, naming the line") {
  std::mutex mutex;
  std::vector<std::string> errors(2);
  run_on_two_ranks([&](Collectives& c) {
    const std::string manifest = std::string("[run]\nseed = 1\n[supernet]\nlr = ") + (c.rank() == 0 ? "0.1" : "0.2") + "\n";
    try {
      require_same_on_every_rank(c, "resolved manifest", manifest);
    } catch (const UserError& e) {
      std::lock_guard<std::mutex> lock(mutex);
      errors[c.rank()] = e.what();
    }
    require_same_on_every_rank(c, "resolved manifest", "[run]\nseed = 1\n");  // the same: no error
  });
  for (const auto& error : errors) {
    CHECK(error.find("rank 1's differs from rank 0's at line 4") != std::string::npos);
    CHECK(error.find("`lr = 0.2` against `lr = 0.1`") != std::string::npos);
  }
}

TEST_CASE("a rank that leaves makes the other's collective fail with a clear error, not hang") {
  std::mutex mutex;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(run_on_two_ranks(
                        [&](Collectives& c) {
                          if (c.rank() == 1) throw std::runtime_error("rank 1 failed");
                          auto t = torch::ones({4});
                          c.all_reduce(t);
                        },
                        3),
                    doctest::Contains("failed"));
  // Rank 0 waits at most run.timeout_s (3 s here), then reports.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}
