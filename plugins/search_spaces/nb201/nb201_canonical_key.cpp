#include "nb201_canonical_key.h"

#include "nb201_ops.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace naskernel::nb201 {
namespace {

constexpr int kCellInput = -1;

// One parameterised (or pooling) op applied to the sum of `inputs`.
struct Instance {
  int op = kNone;
  std::vector<int> inputs;  // kCellInput or instance indices, sorted
  int depth = 0;
  std::string shape;        // structure with instances unnamed, for ordering
};

struct ExpressionGraph {
  std::vector<Instance> instances;
  std::vector<int> output;  // the multiset summed at node 3
};

ExpressionGraph build_graph(const Arch& arch) {
  ExpressionGraph graph;
  std::vector<std::vector<int>> node_sum(kNumNodes);
  node_sum[0] = {kCellInput};
  for (int to = 1; to < kNumNodes; ++to) {
    for (int from = 0; from < to; ++from) {
      const int op = arch.genes[edge_index(to, from)];
      const std::vector<int>& source = node_sum[from];
      if (op == kNone || source.empty()) continue;  // adds nothing
      if (op == kSkipConnect) {
        node_sum[to].insert(node_sum[to].end(), source.begin(), source.end());
        continue;
      }
      Instance instance;
      instance.op = op;
      instance.inputs = source;
      std::sort(instance.inputs.begin(), instance.inputs.end());
      graph.instances.push_back(std::move(instance));
      node_sum[to].push_back(static_cast<int>(graph.instances.size()) - 1);
    }
  }
  graph.output = node_sum[kNumNodes - 1];
  return graph;
}

// Depth and unnamed structure of every instance; inputs precede users by
// construction, so one forward sweep suffices.
void describe_shapes(ExpressionGraph& graph) {
  for (auto& instance : graph.instances) {
    std::vector<std::string> parts;
    for (int input : instance.inputs) {
      if (input == kCellInput) {
        parts.push_back("x");
      } else {
        parts.push_back(graph.instances[input].shape);
        instance.depth = std::max(instance.depth, graph.instances[input].depth);
      }
    }
    instance.depth += 1;
    std::sort(parts.begin(), parts.end());
    instance.shape = std::string(kOpNames[instance.op]) + "(";
    for (size_t i = 0; i < parts.size(); ++i) instance.shape += (i ? "+" : "") + parts[i];
    instance.shape += ")";
  }
}

std::vector<int> reachable_from_output(const ExpressionGraph& graph) {
  std::vector<bool> seen(graph.instances.size(), false);
  std::vector<int> stack;
  for (int id : graph.output)
    if (id != kCellInput) stack.push_back(id);
  while (!stack.empty()) {
    const int id = stack.back();
    stack.pop_back();
    if (seen[id]) continue;
    seen[id] = true;
    for (int input : graph.instances[id].inputs)
      if (input != kCellInput) stack.push_back(input);
  }
  std::vector<int> ids;
  for (size_t id = 0; id < seen.size(); ++id)
    if (seen[id]) ids.push_back(static_cast<int>(id));
  return ids;
}

// The graph written with instance `order[k]` named by letter k.
std::string serialise(const ExpressionGraph& graph, const std::vector<int>& order) {
  std::vector<char> label(graph.instances.size(), '?');
  for (size_t k = 0; k < order.size(); ++k) label[order[k]] = static_cast<char>('a' + k);
  auto sum = [&](const std::vector<int>& terms) {
    std::string names;
    for (int term : terms) names += term == kCellInput ? 'x' : label[term];
    std::sort(names.begin(), names.end());
    std::string text;
    for (size_t i = 0; i < names.size(); ++i) text += (i ? "+" : "") + std::string(1, names[i]);
    return text;
  };
  std::string text;
  for (size_t k = 0; k < order.size(); ++k) {
    const Instance& instance = graph.instances[order[k]];
    text += std::string(1, label[order[k]]) + "=" + kOpNames[instance.op] + "(" + sum(instance.inputs) + ") ";
  }
  return text + "out=" + (graph.output.empty() ? std::string("0") : sum(graph.output));
}

}  // namespace

std::string canonical_key(const Arch& arch) {
  check_arch(arch);
  ExpressionGraph graph = build_graph(arch);
  describe_shapes(graph);

  // Order by (depth, structure): an isomorphism-invariant order, so only
  // structurally identical instances remain to be disambiguated.
  std::vector<int> order = reachable_from_output(graph);
  auto rank = [&](int a, int b) {
    const Instance& x = graph.instances[a];
    const Instance& y = graph.instances[b];
    return x.depth != y.depth ? x.depth < y.depth : x.shape < y.shape;
  };
  std::sort(order.begin(), order.end(), rank);

  // Runs of equal rank; every permutation inside the runs is tried (at most
  // 3! * 2! labelings with six edges).
  std::vector<std::pair<size_t, size_t>> ties;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    while (end < order.size() && !rank(order[begin], order[end])) ++end;
    if (end - begin > 1) ties.emplace_back(begin, end);
    begin = end;
  }
  std::string best = serialise(graph, order);
  if (ties.empty()) return best;
  for (auto [begin, end] : ties) std::sort(order.begin() + begin, order.begin() + end);
  while (true) {
    best = std::min(best, serialise(graph, order));
    // Odometer over the per-run permutations.
    size_t run = 0;
    for (; run < ties.size(); ++run) {
      auto [begin, end] = ties[run];
      if (std::next_permutation(order.begin() + begin, order.begin() + end)) break;
    }
    if (run == ties.size()) break;
  }
  return best;
}

}  // namespace naskernel::nb201
