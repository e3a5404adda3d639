#include "kernel/host/memory_policy.h"

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>

namespace {

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Allocates, touches and frees three 16 MiB blocks (three activation maps
// of the paper config); returns the page faults that took.
long faults_of_three_maps() {
  constexpr size_t kBytes = size_t{16} << 20;
  const long before = minor_faults();
  void* blocks[3];
  volatile unsigned char sink = 0;
  for (void*& block : blocks) {
    block = std::malloc(kBytes);
    REQUIRE(block != nullptr);
    std::memset(block, 1, kBytes);
    sink = sink + static_cast<unsigned char*>(block)[kBytes - 1];
  }
  for (void* block : blocks) std::free(block);
  return minor_faults() - before;
}

}  // namespace

TEST_CASE("keep_freed_memory: freed maps are reused without new page faults") {
  naskernel::keep_freed_memory();
  const std::string policy = naskernel::memory_policy();
  CAPTURE(policy);
#if defined(__GLIBC__)
  if (policy.find("freed memory kept") != 0) return;  // the user chose otherwise (GLIBC_TUNABLES, opt-out)
  faults_of_three_maps();  // the first touch faults the pages in once
  // 12288 pages each time under glibc's defaults, which unmap or trim them.
  CHECK(faults_of_three_maps() < 1000);
#endif
}
