// A TCP port on 127.0.0.1 that nothing listens on right now, for the
// rendezvous of test ranks (no LibTorch here, so both test binaries use it).
#pragma once

namespace naskernel::test {

int free_port();

}  // namespace naskernel::test
