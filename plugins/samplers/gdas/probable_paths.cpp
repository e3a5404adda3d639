#include "probable_paths.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace naskernel::gdas {

namespace {

double log_of(double p) { return p > 0 ? std::log(p) : -std::numeric_limits<double>::infinity(); }

}  // namespace

ProbablePaths::ProbablePaths(const std::vector<std::vector<double>>& probabilities) {
  Node root{0.0, std::vector<int>(probabilities.size(), 0), 0};
  for (const auto& row : probabilities) {
    if (row.empty()) throw std::invalid_argument("gdas: a gene without choices has no paths");
    std::vector<int> order(row.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return row[a] > row[b]; });
    std::vector<double> logs;
    for (int c : order) logs.push_back(log_of(row[static_cast<size_t>(c)]));
    root.log_probability += logs.front();
    order_.push_back(std::move(order));
    log_sorted_.push_back(std::move(logs));
  }
  frontier_.push(std::move(root));
}

std::optional<std::vector<int>> ProbablePaths::next() {
  if (frontier_.empty()) return std::nullopt;
  Node node = frontier_.top();
  frontier_.pop();
  for (size_t g = node.pivot; g < node.ranks.size(); ++g) {
    const int rank = node.ranks[g];
    if (rank + 1 >= static_cast<int>(order_[g].size())) continue;
    Node child{0.0, node.ranks, g};
    ++child.ranks[g];
    // Summed afresh in gene order: floating-point addition is monotone, so a
    // child never scores above its parent and the order stays exact.
    for (size_t h = 0; h < child.ranks.size(); ++h)
      child.log_probability += log_sorted_[h][static_cast<size_t>(child.ranks[h])];
    frontier_.push(std::move(child));
  }
  std::vector<int> choices(node.ranks.size());
  for (size_t g = 0; g < choices.size(); ++g) choices[g] = order_[g][static_cast<size_t>(node.ranks[g])];
  last_log_probability_ = node.log_probability;
  return choices;
}

}  // namespace naskernel::gdas
