// The encoders: 4 feature maps, fine to coarse.
//
// * ResNetEncoder, the default: a small ResNet trained jointly with the
//   decoder (no pretrained weights exist here). Conv3x3 stride 2 + BN + ReLU
//   to 1/2, then 4 stages of `encoder_blocks` basic residual blocks; stages
//   2..4 halve the size in their first block. Features at 1/2..1/16.
// * ScriptEncoder: a TorchScript module from `encoder_file` whose forward
//   takes a [B, C, H, W] float tensor and returns a tuple or list of 4
//   tensors [B, C_k, H/2^(s+k), W/2^(s+k)], k = 0..3, fine to coarse, with
//   s = 1 or 2 (e.g. a ResNeXt's layer1..layer4: s = 2). Its parameters and
//   buffers are registered in this module (same names below `encoder.`),
//   so optimizers, .to(device), state dicts and checkpoints see them. With
//   `freeze_encoder` its parameters take no gradient and it stays in eval
//   mode (its BN statistics are kept).
#pragma once

#include "df_options.h"
#include "df_plan.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace naskernel::depth_fusion {

class EncoderImpl : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(const torch::Tensor& x) = 0;
};

class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Sequential body_{nullptr};
  torch::nn::Sequential shortcut_{nullptr};  // empty holder: identity
};
TORCH_MODULE(ResidualBlock);

class ResNetEncoderImpl : public EncoderImpl {
 public:
  explicit ResNetEncoderImpl(const NetworkPlan& plan);
  std::vector<torch::Tensor> forward(const torch::Tensor& x) override;

 private:
  torch::nn::Sequential stem_{nullptr};
  std::vector<torch::nn::Sequential> stages_;
};

// What a TorchScript encoder delivers at one input size.
struct ScriptEncoderProbe {
  EncoderShape shape;
  int64_t parameters = 0;  // all of them, trainable or not
};

struct ScriptModuleHolder;  // keeps <torch/script.h> out of this header

class ScriptEncoderImpl : public EncoderImpl {
 public:
  // `file` is loaded afresh (each network starts from the file's weights).
  ScriptEncoderImpl(const std::string& file, bool freeze, const NetworkPlan& plan);
  ~ScriptEncoderImpl() override;
  std::vector<torch::Tensor> forward(const torch::Tensor& x) override;
  void train(bool on = true) override;

 private:
  std::string file_;
  bool freeze_;
  NetworkPlan plan_;
  std::unique_ptr<ScriptModuleHolder> script_;
};

// Loads `file` and runs it once on zeros of [1, channels, height, width] to
// learn its feature shapes; throws UserError naming the file and what is
// wrong (unreadable, not TorchScript, not 4 feature maps, wrong sizes).
ScriptEncoderProbe probe_script_encoder(const std::string& file, int64_t channels, int64_t height, int64_t width);

// The encoder `options` ask for, built for `plan`.
std::shared_ptr<EncoderImpl> make_encoder(const DepthFusionOptions& options, const NetworkPlan& plan);

}  // namespace naskernel::depth_fusion
