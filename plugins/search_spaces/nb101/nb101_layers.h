// Building blocks of both nb101 networks: NB101's conv-bn-relu, its
// initialisers, the max-pools, and the input check.
#pragma once

#include <torch/torch.h>

#include "nb101_layout.h"
#include "nb101_options.h"

namespace naskernel::nb101 {

torch::nn::BatchNorm2d make_batch_norm(int64_t channels, const BatchNormOptions& options);

// Conv (stride 1, 'same' padding, no bias) -> BN -> ReLU, as the official
// base_ops.conv_bn_relu; the conv kernel starts as TensorFlow's
// variance_scaling_initializer() draws it.
class ConvBnReluImpl : public torch::nn::Module {
 public:
  ConvBnReluImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::BatchNorm2d bn_{nullptr};
};
TORCH_MODULE(ConvBnRelu);

// TensorFlow 1's variance_scaling_initializer() defaults: scale 1, fan-in,
// a normal truncated at two standard deviations, its standard deviation
// corrected for the truncation. fan_in = in_channels * kernel * kernel.
void init_variance_scaling(torch::Tensor& kernel);
// tf.layers.dense defaults: Glorot-uniform weight, zero bias.
void init_dense(torch::nn::Linear& linear);

// The 3x3 max-pool vertex op (stride 1, 'same'): padding never wins a max.
torch::Tensor max_pool3x3(const torch::Tensor& x);
// The 2x2, stride-2 max-pool between stacks; TensorFlow's 'same' padding
// for odd sides is PyTorch's ceil mode.
torch::Tensor downsample(const torch::Tensor& x);
// Global average pooling to [batch, channels].
torch::Tensor global_average_pool(const torch::Tensor& x);

// Throws UserError unless x is [batch, layout.input_channels, H, W].
void check_input(const torch::Tensor& x, const Layout& layout);

}  // namespace naskernel::nb101
