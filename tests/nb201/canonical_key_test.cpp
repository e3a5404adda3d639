#include "nb201_canonical_key.h"
#include "nb201_ops.h"
#include "nb201_test_util.h"

#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <map>
#include <set>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

namespace {

// The cell evaluated on a scalar input with one fixed nonlinear function per
// op type (each zero at zero, so an all-zero node stays zero). Architectures
// with equal keys must agree here; weight sharing is invisible to it, so
// it only checks that keys never merge different computations.
double evaluate_cell(const Arch& arch, double x) {
  auto apply = [](int op, double v) {
    switch (op) {
      case kSkipConnect: return v;
      case kNorConv1x1: return std::sin(1.7 * v) + 0.3 * v * v;
      case kNorConv3x3: return std::tanh(v - 0.4) + std::tanh(0.4) + 0.1 * v * v * v;
      case kAvgPool3x3: return 0.6 * v + 0.2 * v * v * v;
    }
    return 0.0;
  };
  double node[4] = {x, 0, 0, 0};
  for (int e = 0; e < kNumEdges; ++e)
    if (arch.genes[e] != kNone) node[kEdges[e].to] += apply(arch.genes[e], node[kEdges[e].from]);
  return node[3];
}

// Nodes 1 and 2 exchanged; an isomorphism when edge 2<-1 is `none`.
Arch swap_nodes_1_and_2(const Arch& arch) {
  const auto& g = arch.genes;
  return arch_of({g[1], g[0], g[2], g[3], g[5], g[4]});
}

}  // namespace

TEST_CASE("canonical keys are printable and readable") {
  const std::string key = canonical_key(arch_of({3, 3, 4, 1, 3, 1}));
  // Two convs read x; the one feeding the pool and the second conv gets the
  // smaller label.
  CHECK(key == "a=nor_conv_3x3(x) b=nor_conv_3x3(x) c=avg_pool_3x3(a) d=nor_conv_3x3(a) out=b+c+d+x");
  for (char c : key) CHECK(std::isprint(static_cast<unsigned char>(c)));
  CHECK(canonical_key(arch_of({0, 0, 0, 0, 0, 0})) == "out=0");
  CHECK(canonical_key(arch_of({0, 0, 0, 1, 0, 0})) == "out=x");
}

TEST_CASE("swapping nodes 1 and 2 gives the same key when edge 2<-1 is none") {
  CHECK(canonical_key(arch_of({3, 4, 0, 1, 2, 3})) == canonical_key(arch_of({4, 3, 0, 1, 3, 2})));
  for (int i = 0; i < 15625; ++i) {
    const Arch arch = arch_at(i);
    if (arch.genes[edge_index(2, 1)] == kNone) REQUIRE(canonical_key(arch) == canonical_key(swap_nodes_1_and_2(arch)));
  }
}

TEST_CASE("edges that cannot reach the output do not change the key") {
  for (int op_a = 0; op_a < kNumOps; ++op_a)
    for (int op_b = 0; op_b < kNumOps; ++op_b) {
      // Node 1 receives nothing, so 2<-1 and 3<-1 read zeros.
      CHECK(canonical_key(arch_of({0, 3, op_a, 2, op_b, 4})) == canonical_key(arch_of({0, 3, 0, 2, 0, 4})));
      // Node 2 feeds nothing (3<-2 is none), so 2<-0 and 2<-1 are dead.
      CHECK(canonical_key(arch_of({3, op_a, op_b, 2, 4, 0})) == canonical_key(arch_of({3, 0, 0, 2, 4, 0})));
    }
  // Nothing reaches node 3: one key for the constant-zero cell.
  CHECK(canonical_key(arch_of({3, 3, 3, 0, 0, 0})) == "out=0");
  CHECK(canonical_key(arch_of({0, 0, 3, 0, 3, 3})) == "out=0");
}

TEST_CASE("skip connections are sums, not ops") {
  // 3 = skip(2), 2 = skip(1), 1 = conv(x)  ==  3 = conv(x) directly.
  CHECK(canonical_key(arch_of({3, 0, 1, 0, 0, 1})) == canonical_key(arch_of({0, 0, 0, 3, 0, 0})));
  // conv(x) + pool(x) summed at node 2 and forwarded, or summed at node 3:
  // one function, although NB201's string rule tells them apart.
  CHECK(canonical_key(arch_of({3, 4, 1, 0, 0, 1})) == canonical_key(arch_of({3, 0, 0, 4, 1, 0})));
  CHECK(canonical_key(arch_of({3, 0, 0, 4, 1, 0})) == "a=avg_pool_3x3(x) b=nor_conv_3x3(x) out=a+b");
  // conv(x + x) via two skips differs from conv(x).
  CHECK(canonical_key(arch_of({1, 1, 1, 0, 0, 3})) != canonical_key(arch_of({1, 1, 0, 0, 0, 3})));
}

TEST_CASE("different computations get different keys") {
  CHECK(canonical_key(arch_of({0, 0, 0, 2, 0, 0})) != canonical_key(arch_of({0, 0, 0, 3, 0, 0})));
  CHECK(canonical_key(arch_of({0, 0, 0, 1, 0, 0})) != canonical_key(arch_of({0, 0, 0, 0, 0, 0})));
  // One conv reached by two skip paths (one weight set, doubled) versus two
  // parallel convs (two weight sets): NB201's own string dedup merges these.
  const Arch shared = arch_of({3, 0, 1, 0, 1, 1});
  const Arch parallel = arch_of({3, 3, 0, 0, 1, 1});
  CHECK(canonical_key(shared) == "a=nor_conv_3x3(x) out=a+a");
  CHECK(canonical_key(parallel) == "a=nor_conv_3x3(x) b=nor_conv_3x3(x) out=a+b");
  // The order of two ops along a path matters.
  CHECK(canonical_key(arch_of({3, 0, 0, 0, 4, 0})) != canonical_key(arch_of({4, 0, 0, 0, 3, 0})));
}

TEST_CASE("architectures with equal keys compute the same cell function") {
  std::map<std::string, Arch> representative;
  const double inputs[] = {0.37, -1.21, 2.3};
  for (int i = 0; i < 15625; ++i) {
    const Arch arch = arch_at(i);
    auto [it, inserted] = representative.emplace(canonical_key(arch), arch);
    if (inserted) continue;
    for (double x : inputs) {
      const double a = evaluate_cell(arch, x);
      const double b = evaluate_cell(it->second, x);
      REQUIRE(std::abs(a - b) <= 1e-9 * (1 + std::abs(a)));
    }
  }
  // NB201's paper counts 6,466 unique cells with its own string rule, which
  // keeps no-op terms and nested skip sums apart and merges shared with
  // parallel convs; summing skips and pruning dead edges merges further.
  CHECK(representative.size() == 5425);
}
