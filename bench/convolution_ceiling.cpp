#include "bench/convolution_ceiling.h"

#include "bench/median_seconds.h"

#include <torch/torch.h>

#include <cstring>
#include <stdexcept>
#include <tuple>

namespace naskernel::bench {
namespace {

thread_local ConvolutionRecorder* t_recorder = nullptr;

std::vector<int64_t> sizes_of(const c10::IValue& value) {
  return value.isIntList() ? value.toIntVector() : std::vector<int64_t>{};
}

// aten::convolution(input, weight, bias, stride, padding, dilation,
// transposed, output_padding, groups): the problem of a plain (not
// transposed) call. Only aten::convolution itself matches, so the kernels it
// calls are not recorded again.
std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  if (!t_recorder || std::strcmp(fn.name(), "aten::convolution") != 0) return nullptr;
  const auto inputs = fn.inputs();
  if (inputs.size() < 9 || !inputs[0].isTensor() || !inputs[1].isTensor()) return nullptr;
  if (inputs[6].isBool() && inputs[6].toBool()) return nullptr;
  const at::Tensor input = inputs[0].toTensor(), weight = inputs[1].toTensor();
  ConvolutionProblem problem;
  problem.input.assign(input.sizes().begin() + 1, input.sizes().end());
  problem.weight = weight.sizes().vec();
  problem.stride = sizes_of(inputs[3]);
  problem.padding = sizes_of(inputs[4]);
  problem.dilation = sizes_of(inputs[5]);
  problem.groups = inputs[8].isInt() ? inputs[8].toInt() : 1;
  problem.input_gradient = input.requires_grad();
  t_recorder->add(std::move(problem));
  return nullptr;
}

// The problem's forward and the backward a step needs (weight gradient, and
// the input's where the step needs it), in `format`.
struct Timed {
  torch::Tensor input, weight, output_gradient;
  const ConvolutionProblem& problem;

  Timed(const ConvolutionProblem& p, int64_t batch, c10::MemoryFormat format) : problem(p) {
    std::vector<int64_t> input_sizes{batch};
    input_sizes.insert(input_sizes.end(), p.input.begin(), p.input.end());
    input = torch::randn(input_sizes).contiguous(format).requires_grad_(p.input_gradient);
    weight = torch::randn(p.weight).contiguous(format).requires_grad_(true);
    output_gradient = torch::randn_like(forward()).contiguous(format);
  }
  torch::Tensor forward() const {
    return at::convolution(input, weight, {}, problem.stride, problem.padding, problem.dilation, false, {0, 0},
                           problem.groups);
  }
  void step() const {
    std::vector<torch::Tensor> wrt{weight};
    if (problem.input_gradient) wrt.push_back(input);
    torch::autograd::grad({forward()}, wrt, {output_gradient});
  }
};


}  // namespace

bool ConvolutionProblem::operator<(const ConvolutionProblem& other) const {
  return std::tie(input, weight, stride, padding, dilation, groups, input_gradient) <
         std::tie(other.input, other.weight, other.stride, other.padding, other.dilation, other.groups,
                  other.input_gradient);
}

double ConvolutionProblem::multiply_adds() const {
  // Output cells x (input channels per group x kernel volume) x output channels.
  double cells = 1;
  for (size_t d = 1; d < input.size(); ++d) {
    const int64_t extent = input[d] + 2 * padding.at(d - 1) - dilation.at(d - 1) * (weight.at(d + 1) - 1) - 1;
    cells *= static_cast<double>(extent / stride.at(d - 1) + 1);
  }
  double per_output = static_cast<double>(weight.at(1));
  for (size_t d = 2; d < weight.size(); ++d) per_output *= static_cast<double>(weight[d]);
  return cells * per_output * static_cast<double>(weight.at(0));
}

ConvolutionRecorder::ConvolutionRecorder() {
  if (t_recorder) throw std::logic_error("ConvolutionRecorder: one recorder per thread at a time");
  t_recorder = this;
  handle_ = at::addThreadLocalCallback(
      at::RecordFunctionCallback(on_start).needsInputs(true).scopes({at::RecordScope::FUNCTION}));
}

ConvolutionRecorder::~ConvolutionRecorder() {
  at::removeCallback(handle_);
  t_recorder = nullptr;
}

Ceiling convolution_ceiling(const std::map<ConvolutionProblem, int64_t>& calls, int64_t paths, int64_t batch,
                            c10::MemoryFormat format, int64_t reps) {
  Ceiling ceiling;
  for (const auto& [problem, count] : calls) {
    const double per_path = static_cast<double>(count) / static_cast<double>(paths);
    const Timed timed(problem, batch, format);
    ceiling.seconds += per_path * median_seconds_per_call([&] { timed.step(); }, 1, reps);
    const double passes = problem.input_gradient ? 3 : 2;  // forward, weight gradient, input gradient
    ceiling.flop += per_path * passes * 2 * problem.multiply_adds() * static_cast<double>(batch);
  }
  return ceiling;
}

}  // namespace naskernel::bench
