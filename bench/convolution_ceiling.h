// The convolution ceiling of a training step: the distinct convolutions a
// super-net's paths run (recorded from the shapes LibTorch sees, as
// MacCounter counts them), each timed alone, forward and backward, at the
// step's batch. However well everything around them is fused, a step cannot
// run its convolutions faster than these kernels do alone, so their rate
// bounds the step's fraction of the peak from above; the step's time beyond
// their time is everything else (batch norm, ReLU, pooling, sums,
// optimizer, per-operator overhead).
#pragma once

#include <ATen/record_function.h>
#include <c10/core/MemoryFormat.h>

#include <cstdint>
#include <map>
#include <vector>

namespace naskernel::bench {

// One convolution as a step runs it, without its batch: per-image input
// sizes (C, H, W), weight sizes, stride, padding, dilation, groups, and
// whether the step needs the input's gradient (not for the stem's image).
struct ConvolutionProblem {
  std::vector<int64_t> input, weight, stride, padding, dilation;
  int64_t groups = 1;
  bool input_gradient = true;

  bool operator<(const ConvolutionProblem& other) const;
  // Multiply-adds per image of the forward.
  double multiply_adds() const;
};

// Records the convolutions (aten::convolution, not transposed) that run on
// this thread while it lives, with how often each ran. One recorder per
// thread at a time.
class ConvolutionRecorder {
 public:
  ConvolutionRecorder();
  ~ConvolutionRecorder();
  ConvolutionRecorder(const ConvolutionRecorder&) = delete;
  ConvolutionRecorder& operator=(const ConvolutionRecorder&) = delete;

  const std::map<ConvolutionProblem, int64_t>& calls() const { return calls_; }
  void add(ConvolutionProblem problem) { ++calls_[std::move(problem)]; }  // for the observer

 private:
  at::CallbackHandle handle_;
  std::map<ConvolutionProblem, int64_t> calls_;
};

struct Ceiling {
  double seconds = 0;  // per step: the recorded calls' isolated times, weighted by calls per path
  double flop = 0;     // per step: forward + the gradients the step needs (2 x multiply-adds each)
  double gflops() const { return seconds > 0 ? flop / seconds / 1e9 : 0; }
};

// The ceiling of a step at `batch` whose paths run calls / paths of each
// problem, each problem's forward + backward timed alone in `format`
// (median of `reps` after a warm-up; fp32, random data, on the current
// threads).
Ceiling convolution_ceiling(const std::map<ConvolutionProblem, int64_t>& calls, int64_t paths, int64_t batch,
                            c10::MemoryFormat format, int64_t reps);

}  // namespace naskernel::bench
