// How LibTorch's OpenMP threads wait, for logs and benchmark headers.
// libgomp reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, when it is loaded
// (before main), so naskernel does not change them; bench/under_load.sh
// measures what they do (README, "Threads and shared machines").
#pragma once

#include <string>

namespace naskernel {

// OMP_WAIT_POLICY and GOMP_SPINCOUNT as this process sees them, or
// "libgomp default" when neither is set.
std::string openmp_wait_policy();

}  // namespace naskernel
