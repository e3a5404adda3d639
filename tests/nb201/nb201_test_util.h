// Small helpers shared by the nb201 tests.
#pragma once

#include "nb201_ops.h"

#include <naskernel/arch.h>

#include <string>
#include <vector>

namespace nb201_test {

inline naskernel::Arch arch_of(std::vector<int> genes) { return {naskernel::nb201::kSpaceName, std::move(genes)}; }

// Mixed-radix decoding of 0..15624, gene 0 most significant (as from_index).
inline naskernel::Arch arch_at(int index) {
  naskernel::Arch arch = arch_of(std::vector<int>(6));
  for (int g = 5; g >= 0; --g) {
    arch.genes[g] = index % 5;
    index /= 5;
  }
  return arch;
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

}  // namespace nb201_test
