// The arithmetic precision of the super-net's forward passes
// (`[supernet] precision`): fp32, or bf16 through LibTorch's autocast, which
// runs convolutions and matrix products in bfloat16 (oneDNN's AVX512-BF16
// kernels on CPUs that have them), the operations it lists as needing fp32
// in fp32, and the rest (batch norm, ReLU, pooling, sums) in the type of
// their inputs, so mostly in bfloat16 too. Parameters,
// gradients, the optimizer and the losses stay fp32: the output is cast back
// before any loss or metric sees it. Stand-alone training (ground truth) is
// always fp32.
#pragma once

#include <naskernel/config.h>
#include <naskernel/search_space.h>

#include <string>

namespace naskernel {

enum class Precision { fp32, bf16 };

// Reads `key` of `section` ("fp32" when absent); a ConfigError names the key otherwise.
Precision read_precision(const Config& section, const std::string& key);

// net.forward(input, path) in `precision`, the output in fp32.
torch::Tensor forward_in(Precision precision, SuperNet& net, const torch::Tensor& input, const Path& path);

// Whether this CPU has native bfloat16 arithmetic (AVX512-BF16 or AMX-BF16);
// without it oneDNN emulates bf16 and is slower than fp32.
bool cpu_has_native_bf16();

}  // namespace naskernel
