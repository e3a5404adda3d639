// Small helpers shared by the nb101 tests.
#pragma once

#include <naskernel/arch.h>

#include <string>
#include <vector>

#include "nb101_cell.h"

namespace nb101_test {

// A 7-vertex cell from matrix rows written as "0110010" and 5 op indices.
inline naskernel::nb101::Cell cell_from(const std::vector<std::string>& rows, const std::vector<int>& ops) {
  naskernel::nb101::Cell cell;
  cell.vertices = static_cast<int>(rows.size());
  for (int from = 0; from < cell.vertices; ++from)
    for (int to = 0; to < cell.vertices; ++to)
      if (rows[from][to] == '1') cell.set_edge(from, to, true);
  for (size_t v = 0; v < ops.size(); ++v) cell.ops[v + 1] = ops[v];
  return cell;
}

inline naskernel::Arch arch_from(const std::vector<std::string>& rows, const std::vector<int>& ops) {
  return naskernel::nb101::arch_of(cell_from(rows, ops));
}

// The message of the exception `call` throws as E, or "" when it throws nothing.
template <class E, class F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The official spec behind hash 00005c142e6f48ac74fdcf73e3439874, the first
// record of the benchmark (8,555,530 trainable parameters).
inline const std::vector<std::string> kFirstRecordRows = {"0100110", "0010000", "0001001", "0000010",
                                                          "0000010", "0000001", "0000000"};
inline const std::vector<int> kFirstRecordOps = {0, 2, 0, 0, 1};  // conv3x3, maxpool, conv3x3, conv3x3, conv1x1

// The Inception-like cell of the official README: 1x1, 3x3, 3x3 -> 3x3,
// max-pool (2,694,282 trainable parameters in the benchmark).
inline const std::vector<std::string> kInceptionRows = {"0111010", "0000001", "0000001", "0000100",
                                                        "0000001", "0000001", "0000000"};
inline const std::vector<int> kInceptionOps = {1, 0, 0, 0, 2};

}  // namespace nb101_test
