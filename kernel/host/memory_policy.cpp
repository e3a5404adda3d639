#include "kernel/host/memory_policy.h"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace naskernel {
namespace {

std::string& chosen_policy() {
  static std::string policy = "C library default";
  return policy;
}

bool user_opts_out() {
  const char* keep = std::getenv("NASKERNEL_KEEP_FREED_MEMORY");
  return keep && std::strcmp(keep, "0") == 0;
}

bool user_sets_malloc_tunables() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables && std::strstr(tunables, "glibc.malloc.") != nullptr;
}

}  // namespace

void keep_freed_memory() {
#if defined(__GLIBC__)
  if (user_opts_out()) {
    chosen_policy() = "C library default (NASKERNEL_KEEP_FREED_MEMORY=0)";
    return;
  }
  if (user_sets_malloc_tunables()) {
    chosen_policy() = "GLIBC_TUNABLES as set";
    return;
  }
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems;
  // a fixed value also stops glibc from moving it.
  constexpr int kMmapThreshold = 32 * 1024 * 1024;
  const bool ok = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, -1) == 1;
  chosen_policy() = ok ? "freed memory kept (glibc mmap threshold 32 MiB, no trim)" : "C library default";
#endif
}

std::string memory_policy() { return chosen_policy(); }

}  // namespace naskernel
