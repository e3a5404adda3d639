// How the super-net's forward passes run (`[supernet] precision` and
// `memory_layout`).
//
// Precision: fp32, or bf16 through LibTorch's autocast, which runs
// convolutions and matrix products in bfloat16 (oneDNN's AVX512-BF16
// kernels on CPUs that have them), the operations it lists as needing fp32
// in fp32, and the rest (batch norm, ReLU, pooling, sums) in the type of
// their inputs, so mostly in bfloat16 too. Parameters, gradients, the
// optimizer and the losses stay fp32: the output is cast back before any
// loss or metric sees it.
//
// Memory layout: the order in which an image batch's values lie in memory.
// Convolutions propagate their input's layout, so converting the input once
// lays out every activation of the pass the same way; the weights stay as
// they are. Channels-last (NHWC) is the layout oneDNN's CPU kernels work in,
// so they skip the reorders NCHW costs them at every convolution. The
// arithmetic is the same, summed in another order: results agree up to float
// reordering.
//
// Stand-alone training (ground truth) is always fp32 and NCHW.
#pragma once

#include <naskernel/config.h>
#include <naskernel/search_space.h>

#include <string>

namespace naskernel {

enum class Precision { fp32, bf16 };

// automatic: channels-last on a CPU (evaluation measured 1.46x faster there;
// the training step's gain depends on the machine, README "Speed"),
// contiguous NCHW on other devices.
enum class MemoryLayout { automatic, contiguous, channels_last };

struct ForwardPass {
  Precision precision = Precision::fp32;
  MemoryLayout layout = MemoryLayout::automatic;
};

// Reads `key` of `section` ("fp32" when absent); a ConfigError names the key otherwise.
Precision read_precision(const Config& section, const std::string& key);

// Reads `key` of `section` ("auto", "contiguous" or "channels_last"; "auto"
// when absent); a ConfigError names the key otherwise.
MemoryLayout read_memory_layout(const Config& section, const std::string& key);

// `input` laid out as `layout` asks on its device (a 4-D image batch; other
// inputs as they are).
torch::Tensor in_layout(MemoryLayout layout, const torch::Tensor& input);

// net.forward(input, path) as `pass` says, the output in fp32.
torch::Tensor forward_in(const ForwardPass& pass, SuperNet& net, const torch::Tensor& input, const Path& path);

// Whether this CPU has native bfloat16 arithmetic (AVX512-BF16 or AMX-BF16);
// without it oneDNN emulates bf16 and is slower than fp32.
bool cpu_has_native_bf16();

}  // namespace naskernel
