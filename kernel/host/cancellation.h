// Graceful stop on SIGINT/SIGTERM: the first signal sets a flag that long
// loops poll (they then write a checkpoint and exit with code 130); a second
// signal ends the process at once.
#pragma once

namespace naskernel {

void install_cancellation_handlers();
bool cancellation_requested();

// For tests and for commands that handle one request and go on.
void reset_cancellation();

}  // namespace naskernel
