// NB201's architecture string, read and written exactly, e.g.
//   |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|
// Node j (1..3) lists its j incoming edges "op~input" in input order; nodes
// are separated by '+'.
#pragma once

#include <naskernel/arch.h>

#include <string>

namespace naskernel::nb201 {

std::string format_arch_string(const Arch& arch);

// Throws ArchParseError naming the 1-based character position and what was
// expected there.
Arch parse_arch_string(const std::string& text);

}  // namespace naskernel::nb201
