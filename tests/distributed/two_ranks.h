// Two ranks of a real Gloo process group as two threads of this process,
// rendezvousing on 127.0.0.1 at a free port.
#pragma once

#include <naskernel/host.h>

#include <functional>

namespace naskernel::test {

// Runs body(collectives) on ranks 0 and 1 at once; rethrows the first
// exception either rank threw, after both finished.
void run_on_two_ranks(const std::function<void(Collectives&)>& body, int timeout_s = 30);

}  // namespace naskernel::test
