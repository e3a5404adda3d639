// Paths (one choice per gene) in order of decreasing joint probability,
// when each gene is an independent categorical variable. GDAS's proposals
// after the derived architecture are drawn from this order.
//
// Best-first search over per-gene ranks: every gene's choices are sorted by
// probability; a node is a vector of ranks, its log-probability the sum of
// the ranked choices' log-probabilities. Each node has one parent (lower its
// last non-zero rank by one), so the search visits every path once, and a
// child is never more probable than its parent, so a max-heap yields paths
// best first. Memory grows by at most one node per gene per path returned.
#pragma once

#include <cstddef>
#include <optional>
#include <queue>
#include <vector>

namespace naskernel::gdas {

class ProbablePaths {
 public:
  // probabilities[g][c]: probability of choice c of gene g (rows need not be
  // normalised; zeros are allowed and come last).
  explicit ProbablePaths(const std::vector<std::vector<double>>& probabilities);

  // The next most probable path (choice indices), or nullopt once every
  // path has been returned. Ties go to the lexicographically smaller ranks.
  std::optional<std::vector<int>> next();

  // log of the joint probability of the path last returned by next().
  double last_log_probability() const { return last_log_probability_; }

 private:
  struct Node {
    double log_probability;
    std::vector<int> ranks;
    size_t pivot;  // children raise the rank of genes >= pivot only
  };
  struct LessProbable {
    bool operator()(const Node& a, const Node& b) const {
      if (a.log_probability != b.log_probability) return a.log_probability < b.log_probability;
      return a.ranks > b.ranks;
    }
  };

  std::vector<std::vector<int>> order_;          // per gene: choices by decreasing probability
  std::vector<std::vector<double>> log_sorted_;  // per gene: log-probabilities in that order
  std::priority_queue<Node, std::vector<Node>, LessProbable> frontier_;
  double last_log_probability_ = 0;
};

}  // namespace naskernel::gdas
