#include "kernel/host/cancellation.h"

#include <atomic>
#include <csignal>

#include <unistd.h>

namespace naskernel {

namespace {

std::atomic<bool> requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_cancel_signal(int signal_number) {
  if (requested.exchange(true)) {
    // Second request: give up on the graceful stop.
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  static const char message[] =
      "\nnaskernel: stopping after the current step and writing a checkpoint (signal again to abort now)\n";
  // write() is async-signal-safe; the result does not matter here.
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
}

}  // namespace

void install_cancellation_handlers() {
  struct sigaction action {};
  action.sa_handler = on_cancel_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool cancellation_requested() { return requested.load(std::memory_order_relaxed); }

void reset_cancellation() { requested.store(false); }

}  // namespace naskernel
