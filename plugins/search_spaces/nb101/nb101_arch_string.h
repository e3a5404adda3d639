// The string forms of an nb101 architecture.
//
// format() writes the 7x7 adjacency matrix row by row and the ops of
// vertices 1..5, without commas or spaces so that it sits in CSV columns
// and file names:
//
//   matrix=0110010/0001000/0000001/0000100/0000001/0000001/0000000;ops=conv3x3-bn-relu/...
//
// parse() reads that form (with fewer vertices too, and `conv3x3`/`conv1x1`
// as short op names) and the official API's spec as one line of JSON,
//
//   {"matrix": [[0, 1, ...], ...], "ops": ["input", "conv3x3-bn-relu", ..., "output"]}
//
// unpruned and with 2..7 vertices (a smaller cell is padded as
// pad_to_seven() says). Errors are ArchParseError naming the 1-based
// character; a well-formed cell that NB101 does not allow is an error too.
#pragma once

#include <naskernel/arch.h>

#include <string>

#include "nb101_cell.h"

namespace naskernel::nb101 {

std::string format_arch_string(const Arch& arch);
Arch parse_arch_string(const std::string& text);

// The official spec of `arch` as one line of JSON (7x7, unpruned).
std::string format_spec_json(const Arch& arch);

}  // namespace naskernel::nb101
