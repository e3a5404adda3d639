#include "bench/mac_counter.h"

#include <ATen/core/ivalue.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace naskernel::bench {
namespace {

thread_local MacCounter* t_counter = nullptr;

// What the start of an op knows: its multiply-adds per output element, to be
// multiplied by the output's size at the end, or their total where the
// inputs' shapes alone give it.
struct Multiply : at::ObserverContext {
  double per_output = 0;
  double total = 0;
};

std::unique_ptr<at::ObserverContext> per_output(double multiply_adds) {
  auto context = std::make_unique<Multiply>();
  context->per_output = multiply_adds;
  return context;
}

std::unique_ptr<at::ObserverContext> total(double multiply_adds) {
  auto context = std::make_unique<Multiply>();
  context->total = multiply_adds;
  return context;
}

int64_t kernel_volume(const at::Tensor& weight) {
  int64_t volume = 1;
  for (int64_t d = 2; d < weight.dim(); ++d) volume *= weight.size(d);
  return volume;
}

bool tensors(c10::ArrayRef<const c10::IValue> inputs, size_t count) {
  if (inputs.size() < count) return false;
  for (size_t i = 0; i < count; ++i)
    if (!inputs[i].isTensor()) return false;
  return true;
}

// The multiply-adds of a counted op, or null for an op that is not counted.
// aten::convolution(input, weight, bias, stride, padding, dilation,
// transposed, ...); the linear layer's ops: aten::linear(input, weight,
// bias), aten::matmul and the matrix products the C++ frontend's Linear
// calls directly (aten::addmm(bias, input, weight^T), aten::mm, aten::bmm).
std::unique_ptr<at::ObserverContext> multiply_of(const char* name, c10::ArrayRef<const c10::IValue> inputs) {
  const auto is = [name](const char* op) { return std::strcmp(name, op) == 0; };
  if (is("aten::convolution") && tensors(inputs, 2) && inputs.size() >= 7) {
    const at::Tensor weight = inputs[1].toTensor();
    if (!(inputs[6].isBool() && inputs[6].toBool()))
      return per_output(static_cast<double>(weight.size(1) * kernel_volume(weight)));
    // A transposed convolution scatters each input element over weight.size(1) x kernel outputs.
    return total(static_cast<double>(inputs[0].toTensor().numel() * weight.size(1) * kernel_volume(weight)));
  }
  if (is("aten::linear") && tensors(inputs, 2))
    return total(static_cast<double>(inputs[0].toTensor().numel() * inputs[1].toTensor().size(0)));
  if (is("aten::addmm") && tensors(inputs, 3))
    return total(static_cast<double>(inputs[1].toTensor().numel() * inputs[2].toTensor().size(1)));
  if ((is("aten::mm") || is("aten::bmm")) && tensors(inputs, 2)) {
    const at::Tensor right = inputs[1].toTensor();
    return total(static_cast<double>(inputs[0].toTensor().numel() * right.size(right.dim() - 1)));
  }
  if (is("aten::matmul") && tensors(inputs, 2)) {
    const at::Tensor left = inputs[0].toTensor();
    return per_output(static_cast<double>(left.size(left.dim() - 1)));
  }
  return nullptr;
}

// Ops inside a counted op (the kernels a convolution or linear calls) are
// not counted again.
thread_local int t_inside_counted = 0;

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  if (t_inside_counted > 0) return nullptr;
  auto context = multiply_of(fn.name(), fn.inputs());
  if (context) ++t_inside_counted;
  return context;
}

void on_end(const at::RecordFunction& fn, at::ObserverContext* context) {
  if (!context) return;
  --t_inside_counted;
  if (!t_counter) return;
  const auto& multiply = *static_cast<Multiply*>(context);
  t_counter->add(multiply.total);
  const auto& outputs = fn.outputs();
  if (multiply.per_output > 0 && !outputs.empty() && outputs[0].isTensor())
    t_counter->add(multiply.per_output * static_cast<double>(outputs[0].toTensor().numel()));
}

}  // namespace

MacCounter::MacCounter() {
  if (t_counter) throw std::logic_error("MacCounter: one counter per thread at a time");
  t_counter = this;
  handle_ = at::addThreadLocalCallback(at::RecordFunctionCallback(on_start, on_end)
                                           .needsInputs(true)
                                           .needsOutputs(true)
                                           .scopes({at::RecordScope::FUNCTION}));
}

MacCounter::~MacCounter() {
  at::removeCallback(handle_);
  t_counter = nullptr;
}

}  // namespace naskernel::bench
