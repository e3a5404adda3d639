#include "df_canonical_key.h"

#include "df_liveness.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace naskernel::depth_fusion {
namespace {

constexpr int kLeafPrevious = -1;
constexpr int kLeafEncoder = -2;  // equal to kLeafPrevious when the inputs are merged

// `pools` average poolings applied to `base` (a leaf or an instance).
struct Term {
  int pools = 0;
  int base = kLeafPrevious;
  bool operator<(const Term& o) const { return pools != o.pools ? pools < o.pools : base < o.base; }
  bool operator==(const Term& o) const { return pools == o.pools && base == o.base; }
};
using Sum = std::vector<Term>;  // a multiset, kept sorted

struct Instance {
  int op = kConv3x3;
  int target = 0;     // the node whose sum it joins
  int multiplicity = 1;
  Sum inputs;
  int depth = 0;
  std::string shape;  // structure with instances unnamed, for ordering
};

struct ExpressionGraph {
  std::vector<Instance> instances;
  Sum output;
};

void add_term(Sum& sum, Term term) { sum.insert(std::upper_bound(sum.begin(), sum.end(), term), term); }

ExpressionGraph build_graph(const CellShape& shape, const std::vector<int>& ops, bool merged_inputs) {
  ExpressionGraph graph;
  std::vector<Sum> node(static_cast<size_t>(shape.num_nodes()));
  node[kPreviousInput] = {Term{0, kLeafPrevious}};
  node[kEncoderInput] = {Term{0, merged_inputs ? kLeafPrevious : kLeafEncoder}};
  for (int e = 0; e < shape.num_edges(); ++e) {  // by target node, so sources are complete
    const int op = ops[static_cast<size_t>(e)];
    const Sum source = node[static_cast<size_t>(shape.edge(e).from)];
    Sum& target = node[static_cast<size_t>(shape.edge(e).to)];
    if (op == kNone || source.empty()) continue;
    if (op == kSkipConnect || op == kAvgPool3x3) {
      for (Term term : source) add_term(target, {term.pools + (op == kAvgPool3x3), term.base});
      continue;
    }
    auto twin = std::find_if(graph.instances.begin(), graph.instances.end(), [&](const Instance& i) {
      return i.op == op && i.target == shape.edge(e).to && i.inputs == source;
    });
    if (twin != graph.instances.end()) {
      ++twin->multiplicity;
      continue;
    }
    graph.instances.push_back({op, shape.edge(e).to, 1, source, 0, ""});
    add_term(target, {0, static_cast<int>(graph.instances.size()) - 1});
  }
  graph.output = node[static_cast<size_t>(shape.output_node())];
  return graph;
}

std::string leaf_name(int base) { return base == kLeafPrevious ? "p" : "e"; }

std::string term_text(const Term& term, const std::string& base) {
  return term.pools == 0 ? base : "pool" + std::to_string(term.pools) + "(" + base + ")";
}

std::string sum_text(std::vector<std::string> parts) {
  if (parts.empty()) return "0";
  std::sort(parts.begin(), parts.end());
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? "+" : "") + parts[i];
  return text;
}

std::string instance_head(const Instance& instance) {
  return (instance.multiplicity > 1 ? std::to_string(instance.multiplicity) + "*" : std::string()) +
         kOpNames[static_cast<size_t>(instance.op)];
}

// Inputs precede users by construction, so one forward sweep suffices.
void describe_shapes(ExpressionGraph& graph, bool merged_inputs) {
  for (auto& instance : graph.instances) {
    std::vector<std::string> parts;
    for (const Term& term : instance.inputs) {
      if (term.base < 0) {
        parts.push_back(term_text(term, merged_inputs ? "x" : leaf_name(term.base)));
      } else {
        const Instance& input = graph.instances[static_cast<size_t>(term.base)];
        parts.push_back(term_text(term, input.shape));
        instance.depth = std::max(instance.depth, input.depth);
      }
    }
    instance.depth += 1;
    instance.shape = instance_head(instance) + "(" + sum_text(parts) + ")";
  }
}

std::vector<int> reachable_from_output(const ExpressionGraph& graph) {
  std::vector<bool> seen(graph.instances.size(), false);
  std::vector<int> stack;
  for (const Term& term : graph.output)
    if (term.base >= 0) stack.push_back(term.base);
  while (!stack.empty()) {
    const int id = stack.back();
    stack.pop_back();
    if (seen[static_cast<size_t>(id)]) continue;
    seen[static_cast<size_t>(id)] = true;
    for (const Term& term : graph.instances[static_cast<size_t>(id)].inputs)
      if (term.base >= 0) stack.push_back(term.base);
  }
  std::vector<int> ids;
  for (size_t id = 0; id < seen.size(); ++id)
    if (seen[id]) ids.push_back(static_cast<int>(id));
  return ids;
}

// The graph written with instance `order[k]` named by capital letter k.
std::string serialise(const ExpressionGraph& graph, const std::vector<int>& order, bool merged_inputs) {
  std::vector<std::string> label(graph.instances.size(), "?");
  for (size_t k = 0; k < order.size(); ++k) label[static_cast<size_t>(order[k])] = std::string(1, static_cast<char>('A' + k));
  auto sum = [&](const Sum& terms) {
    std::vector<std::string> parts;
    for (const Term& term : terms)
      parts.push_back(term_text(term, term.base < 0 ? (merged_inputs ? "x" : leaf_name(term.base))
                                                    : label[static_cast<size_t>(term.base)]));
    return sum_text(parts);
  };
  std::string text;
  for (int id : order) {
    const Instance& instance = graph.instances[static_cast<size_t>(id)];
    text += label[static_cast<size_t>(id)] + "=" + instance_head(instance) + "(" + sum(instance.inputs) + ") ";
  }
  return text + "out=" + sum(graph.output);
}

}  // namespace

std::string cell_canonical_key(const CellShape& shape, const std::vector<int>& ops, bool merged_inputs) {
  ExpressionGraph graph = build_graph(shape, ops, merged_inputs);
  describe_shapes(graph, merged_inputs);

  // An isomorphism-invariant order by (depth, structure); only structurally
  // identical instances remain to be told apart, by trying their orders.
  std::vector<int> order = reachable_from_output(graph);
  auto rank = [&](int a, int b) {
    const Instance& x = graph.instances[static_cast<size_t>(a)];
    const Instance& y = graph.instances[static_cast<size_t>(b)];
    return x.depth != y.depth ? x.depth < y.depth : x.shape < y.shape;
  };
  std::sort(order.begin(), order.end(), rank);
  std::vector<std::pair<size_t, size_t>> ties;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    while (end < order.size() && !rank(order[begin], order[end])) ++end;
    if (end - begin > 1) ties.emplace_back(begin, end);
    begin = end;
  }
  std::string best = serialise(graph, order, merged_inputs);
  if (ties.empty()) return best;
  for (auto [begin, end] : ties) std::sort(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end));
  while (true) {  // odometer over the per-run permutations
    best = std::min(best, serialise(graph, order, merged_inputs));
    size_t run = 0;
    for (; run < ties.size(); ++run) {
      auto [begin, end] = ties[run];
      if (std::next_permutation(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end))) break;
    }
    if (run == ties.size()) break;
  }
  return best;
}

std::string canonical_key(const Encoding& encoding, const Arch& arch) {
  const NetworkLiveness live = analyse_network(encoding, arch);
  auto upsampling = [&](int cell) {
    return encoding.searches_upsampling() ? std::string("@") + kUpsamplingNames[static_cast<size_t>(encoding.upsampling(arch, cell))]
                                          : std::string();
  };
  if (encoding.mode() == Mode::sync)
    return cell_canonical_key(encoding.cell(), encoding.cell_ops(arch, 0), false) + upsampling(0);
  std::string key;
  for (int b = 0; b < kNumBlocks; ++b) {
    if (b > 0) key += ";";
    key += live.live_blocks[static_cast<size_t>(b)]
               ? cell_canonical_key(encoding.cell(), encoding.cell_ops(arch, b), b == 0) + upsampling(b)
               : std::string("-");
  }
  return key;
}

}  // namespace naskernel::depth_fusion
