#include "nb101_hash.h"

#include <algorithm>
#include <vector>

#include "nb101_md5.h"

namespace naskernel::nb101 {

// Weisfeiler-Lehman style: each vertex starts from the MD5 of the text of
// the Python tuple (out_degree, in_degree, label), then, once per vertex,
// takes the MD5 of its sorted in-neighbour hashes, '|', its sorted
// out-neighbour hashes, '|', its own hash. The fingerprint is the MD5 of the
// text of the sorted Python list of vertex hashes. Text forms follow
// Python's str() exactly, since the published hashes are of those bytes.
std::string module_hash(const PrunedCell& pruned) {
  const Cell& cell = pruned.cell;
  const int n = cell.vertices;
  std::vector<std::string> hashes(n);
  for (int v = 0; v < n; ++v) {
    const int label = v == 0 ? -1 : v == n - 1 ? -2 : cell.ops[v];
    hashes[v] = md5_hex("(" + std::to_string(cell.out_degree(v)) + ", " + std::to_string(cell.in_degree(v)) + ", " +
                        std::to_string(label) + ")");
  }
  for (int round = 0; round < n; ++round) {
    std::vector<std::string> next(n);
    for (int v = 0; v < n; ++v) {
      std::vector<std::string> in, out;
      for (int w = 0; w < n; ++w) {
        if (cell.edge(w, v)) in.push_back(hashes[w]);
        if (cell.edge(v, w)) out.push_back(hashes[w]);
      }
      std::sort(in.begin(), in.end());
      std::sort(out.begin(), out.end());
      std::string text;
      for (const auto& h : in) text += h;
      text += '|';
      for (const auto& h : out) text += h;
      text += '|';
      text += hashes[v];
      next[v] = md5_hex(text);
    }
    hashes = std::move(next);
  }
  std::sort(hashes.begin(), hashes.end());
  std::string list = "[";
  for (int v = 0; v < n; ++v) list += (v ? ", '" : "'") + hashes[v] + "'";
  list += "]";
  return md5_hex(list);
}

}  // namespace naskernel::nb101
