// Whether freed memory goes back to the kernel between super-net steps.
//
// glibc serves blocks of a few MB and more with fresh mappings and trims
// the heap's free top, so each step's activation maps (16 MB each at the
// paper config) come back as new pages that the kernel faults in and zeroes
// on first touch. A landmark step, which holds three paths' activations,
// spent a quarter of its time there (bench_regularizer_overhead: 27 s of
// system time in 107 s). keep_freed_memory() has glibc keep what it frees
// for reuse: blocks up to its 32 MiB mmap limit come from the heap, and the
// heap is never trimmed, so a process stays at its peak footprint, which a
// training process reaches in its first step anyway.
#pragma once

#include <string>

namespace naskernel {

// Sets glibc's mmap and trim thresholds, unless NASKERNEL_KEEP_FREED_MEMORY
// is "0", GLIBC_TUNABLES already sets malloc tunables (the user's choice
// wins) or the C library is not glibc.
// Call at the start of main, before the first large allocation.
void keep_freed_memory();

// What keep_freed_memory() chose, for logs and benchmark headers.
std::string memory_policy();

}  // namespace naskernel
