// NAS-Bench-101's mutation (mutate_spec of the official notebook, which the
// reference search code also uses): each of the 21 edges of the unpruned
// matrix flips with probability rate/7, each of the 5 ops is replaced by a
// different op with probability rate/5, and the draw repeats until the cell
// is valid. Unlike the notebook, a draw that changes no gene is repeated too,
// so a mutation always moves.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/rng.h>

namespace naskernel::nb101 {

// Gives up after `max_attempts` draws and returns `arch` unchanged.
Arch mutate_arch(const Arch& arch, Rng& rng, double rate, int max_attempts);

}  // namespace naskernel::nb101
