#include "kernel/host/thread_policy.h"

#include <cstdlib>

namespace naskernel {

std::string openmp_wait_policy() {
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  const char* spin_count = std::getenv("GOMP_SPINCOUNT");
  if (!policy && !spin_count) return "libgomp default";
  std::string text = policy ? policy : "";
  if (spin_count) text += std::string(text.empty() ? "" : ", ") + "GOMP_SPINCOUNT=" + spin_count;
  return text;
}

}  // namespace naskernel
