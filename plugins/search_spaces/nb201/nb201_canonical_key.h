// A key shared by exactly the nb201 architectures that compute the same
// function family.
//
// The cell is rewritten as an expression graph over "op instances": each edge
// with a weighted/pooling op (nor_conv_1x1, nor_conv_3x3, avg_pool_3x3) is one
// instance applied to the sum at its source node; `skip_connect` forwards that
// sum unchanged; `none` and edges whose source node is always zero add
// nothing. Node sums are multisets (addition is commutative and associative),
// so swapping nodes 1 and 2, chains of skips and dead edges all disappear.
// Instances stay distinct even when structurally equal, because two convs
// have two weight sets while one conv reached by two paths shares one.
//
// The key serialises the instances reachable from node 3 under a canonical
// labelling, e.g. "a=nor_conv_3x3(x) b=avg_pool_3x3(a+x) out=a+b" ("x" is the
// cell input, "out=0" the all-zero cell). Labels are ordered by depth and
// structure; ties are broken by taking the smallest serialisation.
//
// Caveat, as in NB201's own deduplication: a conv edge fed by an all-zero
// node still outputs its BatchNorm bias in an affine stand-alone net; like
// NB201 we treat it as contributing nothing.
#pragma once

#include <naskernel/arch.h>

#include <string>

namespace naskernel::nb201 {

std::string canonical_key(const Arch& arch);

}  // namespace naskernel::nb201
