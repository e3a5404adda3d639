// The string form of a depth_fusion architecture.
//
// A cell is written as NB201 writes its cell, one `|op~source|` per edge and
// nodes separated by `+`:
//   |conv_3x3~0|skip_connect~1|+|none~0|conv_1x1~1|skip_connect~2|+|...~3|
// In v2 the block's upsampling follows its cell after `@`
// (`...|@pixel_shuffle`). Sync architectures are one such block; non-sync
// ones are four, from block 1 (coarsest) to block 4, joined by `;`.
#pragma once

#include "df_encoding.h"

#include <naskernel/arch.h>

#include <string>

namespace naskernel::depth_fusion {

std::string format_arch_string(const Encoding& encoding, const Arch& arch);

// Accepts exactly what format_arch_string writes; anything else throws
// ArchParseError naming the 1-based character position. Validity (a path of
// non-none edges in every cell) is not checked here.
Arch parse_arch_string(const Encoding& encoding, const std::string& text);

}  // namespace naskernel::depth_fusion
