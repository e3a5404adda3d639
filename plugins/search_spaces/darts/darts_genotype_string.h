// The string forms of a darts architecture.
//
// format() writes DARTS's own genotype exactly as Python prints the
// namedtuple, pairs in gene order (input_a, then input_b of each node); it
// throws UserError for an invalid architecture, which parse() would refuse:
//
//   Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ...], normal_concat=[2, 3, 4, 5],
//            reduce=[('max_pool_3x3', 0), ...], reduce_concat=[2, 3, 4, 5])
//
// (on one line). parse() reads:
//  * that form, with any whitespace and line breaks, single or double
//    quotes, trailing commas, the four fields in any order, lists or tuples,
//    and `range(2, 6)` for a concat (as DARTS's genotypes.py writes it);
//    pairs are (op, input) as DARTS writes them, or (input, op);
//  * NAS-Bench-301's compact form `(normal, reduce)`, each a list or tuple of
//    8 (input, op) pairs, op as an index into NB301's OPS list (max_pool_3x3,
//    avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3,
//    dil_conv_5x5) or as a quoted name, e.g. `(((0, 3), (1, 3), ...), ((0, 0), ...))`
//    (the representation of NB301's BANANAS code and NASLib's
//    convert_genotype_to_compact).
// Every error is an ArchParseError naming the 1-based character position.
// Architectures whose nodes repeat an input, or whose concat is not nodes
// 2..5, are not in this space and are refused the same way.
#pragma once

#include <naskernel/arch.h>

#include <string>

namespace naskernel::darts {

std::string format_genotype(const Arch& arch);
Arch parse_genotype(const std::string& text);

}  // namespace naskernel::darts
