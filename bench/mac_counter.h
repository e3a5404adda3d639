// Counts the multiply-adds of the convolutions and linear layers (matrix
// products) that run on
// this thread while a MacCounter lives, from the shapes LibTorch sees. It is
// ModelCost::mflops's definition measured on the network that actually runs,
// so the benchmarks can rate a super-net path that cost() does not describe
// (a super-net sized apart from the stand-alone networks). One counter per
// thread at a time.
#pragma once

#include <ATen/record_function.h>

namespace naskernel::bench {

class MacCounter {
 public:
  MacCounter();
  ~MacCounter();
  MacCounter(const MacCounter&) = delete;
  MacCounter& operator=(const MacCounter&) = delete;

  double multiply_adds() const { return multiply_adds_; }
  void add(double multiply_adds) { multiply_adds_ += multiply_adds; }  // for the observer

 private:
  at::CallbackHandle handle_;
  double multiply_adds_ = 0;
};

}  // namespace naskernel::bench
