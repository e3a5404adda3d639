// NAO's architecture pool: the architectures the super-net trains on after
// warm-up and the controller learns from, each with its last super-net score.
//
// Members are distinct by canonical key (the caller supplies the key, so
// that the pool needs no search space): two architectures computing the
// same function would be one training path counted twice and one proposal
// spent twice. Insertion order is kept; it fixes sampling and tie-breaking.
#pragma once

#include <naskernel/arch.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

namespace naskernel::nao {

class ArchPool {
 public:
  // Adds `arch` unless a member has the same key; true when added. Its
  // score stays unknown (NaN) until the next set_scores().
  bool add(const Arch& arch, const std::string& key);
  bool contains(const std::string& key) const { return keys_.count(key) > 0; }

  size_t size() const { return archs_.size(); }
  bool empty() const { return archs_.empty(); }
  const std::vector<Arch>& archs() const { return archs_; }
  const std::vector<double>& scores() const { return scores_; }

  // One score per member, in member order (NaN for a diverged path).
  void set_scores(std::vector<double> scores);

  // Member indices ordered best first by score; NaN last; ties keep
  // insertion order.
  std::vector<size_t> ranking(bool higher_is_better) const;

  void clear();

 private:
  std::vector<Arch> archs_;
  std::vector<double> scores_;
  std::unordered_set<std::string> keys_;
};

// True when score a ranks strictly before b; NaN ranks after every number.
inline bool ranks_before(double a, double b, bool higher_is_better) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return higher_is_better ? a > b : a < b;
}

// Predictor targets: scores mapped linearly onto [0, 1] with 1 the best
// (whatever the metric's direction), so that a step up the predictor is
// always a step towards better architectures. Scores that are all equal map
// to 0.5; NaN and infinite scores (a diverged path) map to 0, the worst.
std::vector<double> normalised_targets(const std::vector<double>& scores, bool higher_is_better);

}  // namespace naskernel::nao
