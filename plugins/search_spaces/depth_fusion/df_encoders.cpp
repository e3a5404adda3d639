#include "df_encoders.h"

#include <naskernel/errors.h>

#include <torch/script.h>

#include <optional>

namespace naskernel::depth_fusion {

namespace nn = torch::nn;

namespace {

nn::Sequential conv_bn(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return nn::Sequential(
      nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding((kernel - 1) / 2).bias(false)),
      nn::BatchNorm2d(out));
}

}  // namespace

ResidualBlockImpl::ResidualBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride) {
  nn::Sequential body = conv_bn(in_channels, out_channels, 3, stride);
  body->push_back(nn::ReLU());
  const nn::Sequential second = conv_bn(out_channels, out_channels, 3, 1);
  for (const auto& layer : *second) body->push_back(layer);
  body_ = register_module("body", body);
  if (stride != 1 || in_channels != out_channels)
    shortcut_ = register_module("shortcut", conv_bn(in_channels, out_channels, 1, stride));
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
  return torch::relu(body_->forward(x) + (shortcut_ ? shortcut_->forward(x) : x));
}

ResNetEncoderImpl::ResNetEncoderImpl(const NetworkPlan& plan) {
  const auto& channels = plan.encoder.channels;
  stem_ = conv_bn(plan.input_channels, channels[0], 3, 2);
  stem_->push_back(nn::ReLU());
  register_module("stem", stem_);
  int64_t in = channels[0];
  for (int k = 0; k < 4; ++k) {
    nn::Sequential stage;
    for (int64_t block = 0; block < plan.encoder_blocks; ++block) {
      const int64_t out = channels[static_cast<size_t>(k)];
      stage->push_back(ResidualBlock(in, out, block == 0 && k > 0 ? 2 : 1));
      in = out;
    }
    stages_.push_back(register_module("stage" + std::to_string(k + 1), stage));
  }
}

std::vector<torch::Tensor> ResNetEncoderImpl::forward(const torch::Tensor& x) {
  std::vector<torch::Tensor> features;
  torch::Tensor y = stem_->forward(x);
  for (auto& stage : stages_) {
    y = stage->forward(y);
    features.push_back(y);
  }
  return features;
}

struct ScriptModuleHolder {
  torch::jit::Module module;
};

namespace {

torch::jit::Module load_script(const std::string& file) {
  try {
    return torch::jit::load(file);
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (const size_t newline = reason.find('\n'); newline != std::string::npos) reason.resize(newline);
    throw UserError("encoder_file \"" + file + "\" is not a loadable TorchScript module: " + reason);
  }
}

// The 4 maps a scripted forward returned, or a UserError saying what it returned.
std::vector<torch::Tensor> feature_maps(const torch::IValue& value, const std::string& file) {
  std::vector<torch::IValue> items;
  if (value.isTuple()) items = value.toTupleRef().elements().vec();
  else if (value.isList()) items = value.toListRef().vec();
  else if (value.isTensor()) items = {value};
  else
    throw UserError("encoder_file \"" + file + "\": forward must return a tuple or list of 4 feature maps, got " +
                    value.tagKind());
  if (items.size() != 4)
    throw UserError("encoder_file \"" + file + "\": forward must return 4 feature maps (fine to coarse), got " +
                    std::to_string(items.size()));
  std::vector<torch::Tensor> maps;
  for (size_t k = 0; k < items.size(); ++k) {
    if (!items[k].isTensor() || items[k].toTensor().dim() != 4)
      throw UserError("encoder_file \"" + file + "\": feature map " + std::to_string(k + 1) +
                      " must be a [batch, channels, height, width] tensor, got " +
                      (items[k].isTensor() ? c10::str(items[k].toTensor().sizes()) : items[k].tagKind()));
    maps.push_back(items[k].toTensor());
  }
  return maps;
}

// Checks feature k against 1/2^(s+k) of the input; returns s.
int check_scales(const std::vector<torch::Tensor>& maps, int64_t batch, int64_t height, int64_t width,
                 const std::string& file, int expected_first_scale) {
  auto describe = [&] {
    std::string text;
    for (const auto& m : maps) text += (text.empty() ? "" : ", ") + c10::str(m.sizes());
    return text;
  };
  int first = expected_first_scale;
  if (first == 0) {
    for (int s : {1, 2})
      if (maps[0].size(2) * (int64_t{1} << s) == height && maps[0].size(3) * (int64_t{1} << s) == width) first = s;
  }
  bool ok = first != 0;
  for (int k = 0; ok && k < 4; ++k) {
    const auto& m = maps[static_cast<size_t>(k)];
    ok = m.size(0) == batch && m.size(2) << (first + k) == height && m.size(3) << (first + k) == width;
  }
  if (!ok)
    throw UserError("encoder_file \"" + file + "\": for an input of " + std::to_string(height) + "x" +
                    std::to_string(width) +
                    " the 4 feature maps must be at 1/2..1/16 or 1/4..1/32 of it (fine to coarse, batch " +
                    std::to_string(batch) + "), got " + describe());
  return first;
}

// Mirrors the script module's tree of parameters and buffers into `target`
// (sharing the tensors), so the nn::Module API sees them.
void mirror(nn::Module& target, const torch::jit::Module& source, bool trainable) {
  for (const auto& p : source.named_parameters(false)) target.register_parameter(p.name, p.value, trainable);
  for (const auto& b : source.named_buffers(false)) target.register_buffer(b.name, b.value);
  for (const auto& child : source.named_children()) {
    auto module = std::make_shared<nn::Module>();
    mirror(*module, child.value, trainable);
    target.register_module(child.name, module);
  }
}

}  // namespace

ScriptEncoderProbe probe_script_encoder(const std::string& file, int64_t channels, int64_t height, int64_t width) {
  torch::jit::Module module = load_script(file);
  module.eval();
  torch::NoGradGuard no_grad;
  torch::IValue out;
  try {
    out = module.forward({torch::zeros({1, channels, height, width})});
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (const size_t newline = reason.find('\n'); newline != std::string::npos) reason.resize(newline);
    throw UserError("encoder_file \"" + file + "\": forward failed on a [1, " + std::to_string(channels) + ", " +
                    std::to_string(height) + ", " + std::to_string(width) + "] input: " + reason);
  }
  const std::vector<torch::Tensor> maps = feature_maps(out, file);
  ScriptEncoderProbe probe;
  probe.shape.first_scale_log2 = check_scales(maps, 1, height, width, file, 0);
  for (size_t k = 0; k < 4; ++k) probe.shape.channels[k] = maps[k].size(1);
  for (const auto& p : module.parameters()) probe.parameters += p.numel();
  return probe;
}

ScriptEncoderImpl::ScriptEncoderImpl(const std::string& file, bool freeze, const NetworkPlan& plan)
    : file_(file), freeze_(freeze), plan_(plan), script_(std::make_unique<ScriptModuleHolder>()) {
  script_->module = load_script(file);
  mirror(*this, script_->module, !freeze);
  train(is_training());
}

ScriptEncoderImpl::~ScriptEncoderImpl() = default;

std::vector<torch::Tensor> ScriptEncoderImpl::forward(const torch::Tensor& x) {
  std::optional<torch::NoGradGuard> no_grad;
  if (freeze_) no_grad.emplace();
  const std::vector<torch::Tensor> maps = feature_maps(script_->module.forward({x}), file_);
  check_scales(maps, x.size(0), x.size(2), x.size(3), file_, plan_.encoder.first_scale_log2);
  for (size_t k = 0; k < 4; ++k)
    if (maps[k].size(1) != plan_.encoder.channels[k])
      throw UserError("encoder_file \"" + file_ + "\": feature map " + std::to_string(k + 1) + " has " +
                      std::to_string(maps[k].size(1)) + " channels, but had " +
                      std::to_string(plan_.encoder.channels[k]) + " when the network was built");
  return maps;
}

void ScriptEncoderImpl::train(bool on) {
  nn::Module::train(on);
  // Modules scripted from Python always carry `training`; one built without
  // it has no mode to set.
  if (script_->module.hasattr("training")) script_->module.train(on && !freeze_);
}

std::shared_ptr<EncoderImpl> make_encoder(const DepthFusionOptions& options, const NetworkPlan& plan) {
  if (plan.builtin_encoder) return std::make_shared<ResNetEncoderImpl>(plan);
  return std::make_shared<ScriptEncoderImpl>(options.encoder_file, options.freeze_encoder, plan);
}

}  // namespace naskernel::depth_fusion
