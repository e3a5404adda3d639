#include "checkpoint.h"

#include <naskernel/errors.h>

#include <ATen/CPUGeneratorImpl.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace naskernel {

namespace {

at::Generator default_generator() { return at::detail::getDefaultCPUGenerator(); }

// Restores one part of a checkpoint. What LibTorch and the JSON parser throw
// for a part that is missing, of another type or not JSON (c10::Error,
// torch::jit::ObjectAttributeError, nlohmann::json::exception) becomes one
// UserError naming the file and the part. Plugins' errors arrive as
// PluginError and pass unchanged.
template <class Restore>
void restore_part(const std::filesystem::path& file, const std::string& part, Restore&& restore) {
  const auto refuse = [&](const std::string& reason) {
    const std::string line = reason.substr(0, reason.find('\n'));  // without LibTorch's backtrace
    return UserError("checkpoint " + file.string() + " cannot be restored: part `" + part + "`: " + line +
                     " (is it from a search of another configuration?)");
  };
  try {
    restore();
  } catch (const UserError&) {
    throw;
  } catch (const c10::Error& e) {
    throw refuse(e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw refuse(e.what());
  }
}

std::string shape_text(const torch::Tensor& t) {
  return t.defined() ? c10::str(t.sizes()) + " " + std::string(t.dtype().name()) : std::string("undefined");
}

// InputArchive::read replaces a tensor by the stored one whatever its shape,
// so a super-net of another configuration would load and fail later, in
// forward(). Every tensor must keep its shape and type.
void check_same_tensors(const std::filesystem::path& file, const std::map<std::string, std::string>& before,
                        const torch::nn::Module& module) {
  const auto check = [&](const std::string& name, const torch::Tensor& now) {
    const auto it = before.find(name);
    if (it != before.end() && it->second != shape_text(now))
      throw UserError("checkpoint " + file.string() + " cannot be restored: super-net tensor `" + name + "` is " +
                      shape_text(now) + " there but " + it->second +
                      " in this super-net (is it from a search of another configuration?)");
  };
  for (const auto& item : module.named_parameters(true)) check(item.key(), item.value());
  for (const auto& item : module.named_buffers(true)) check(item.key(), item.value());
}

std::map<std::string, std::string> tensor_shapes(const torch::nn::Module& module) {
  std::map<std::string, std::string> shapes;
  for (const auto& item : module.named_parameters(true)) shapes[item.key()] = shape_text(item.value());
  for (const auto& item : module.named_buffers(true)) shapes[item.key()] = shape_text(item.value());
  return shapes;
}

// The optimizers of training_step.cpp keep per-parameter tensors of the
// parameter's shape, which load() also takes whatever their shape; the
// first step() would fail on a checkpoint of another configuration.
void check_optimizer_state(const std::filesystem::path& file, torch::optim::Optimizer& optimizer) {
  auto& state = optimizer.state();
  for (const auto& group : optimizer.param_groups())
    for (const auto& parameter : group.params()) {
      const auto found = state.find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
      if (found == state.end()) continue;
      std::vector<torch::Tensor> tensors;
      if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(found->second.get()))
        tensors = {sgd->momentum_buffer()};
      else if (const auto* adam = dynamic_cast<const torch::optim::AdamParamState*>(found->second.get()))
        tensors = {adam->exp_avg(), adam->exp_avg_sq(), adam->max_exp_avg_sq()};
      else if (const auto* adamw = dynamic_cast<const torch::optim::AdamWParamState*>(found->second.get()))
        tensors = {adamw->exp_avg(), adamw->exp_avg_sq(), adamw->max_exp_avg_sq()};
      for (const auto& tensor : tensors)
        if (tensor.defined() && tensor.sizes() != parameter.sizes())
          throw UserError("checkpoint " + file.string() + " cannot be restored: part `optimizer`: it holds state " +
                          shape_text(tensor) + " for a parameter " + shape_text(parameter) +
                          " (is it from a search of another configuration?)");
    }
}

}  // namespace

void save_checkpoint(const std::filesystem::path& file, const CheckpointParts& parts, const nlohmann::json& kernel_state) {
  torch::serialize::OutputArchive archive;
  {
    torch::serialize::OutputArchive sub;
    parts.supernet.save(sub);
    archive.write("supernet", sub);
  }
  {
    torch::serialize::OutputArchive sub;
    parts.optimizer.save(sub);
    archive.write("optimizer", sub);
  }
  {
    torch::serialize::OutputArchive sub;
    parts.sampler.save(sub);
    archive.write("sampler", sub);
  }
  for (size_t i = 0; i < parts.regularizers.size(); ++i) {
    torch::serialize::OutputArchive sub;
    parts.regularizers[i]->save(sub);
    archive.write("regularizer" + std::to_string(i), sub);
  }
  {
    auto generator = default_generator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    archive.write("torch_generator", generator.get_state());
  }
  archive.write("kernel_state", c10::IValue(kernel_state.dump()));

  const auto temporary = std::filesystem::path(file.string() + ".tmp");
  archive.save_to(temporary.string());
  std::filesystem::rename(temporary, file);
}

nlohmann::json load_checkpoint(const std::filesystem::path& file, const CheckpointParts& parts) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(file.string());
  } catch (const std::exception& e) {
    throw UserError("cannot read checkpoint " + file.string() + ": " + e.what());
  }
  restore_part(file, "supernet", [&] {
    const auto shapes = tensor_shapes(parts.supernet);
    torch::serialize::InputArchive sub;
    archive.read("supernet", sub);
    parts.supernet.load(sub);
    check_same_tensors(file, shapes, parts.supernet);
  });
  restore_part(file, "optimizer", [&] {
    torch::serialize::InputArchive sub;
    archive.read("optimizer", sub);
    parts.optimizer.load(sub);
    check_optimizer_state(file, parts.optimizer);
  });
  restore_part(file, "sampler", [&] {
    torch::serialize::InputArchive sub;
    archive.read("sampler", sub);
    parts.sampler.load(sub);
  });
  for (size_t i = 0; i < parts.regularizers.size(); ++i) {
    restore_part(file, "regularizer" + std::to_string(i), [&] {
      torch::serialize::InputArchive sub;
      archive.read("regularizer" + std::to_string(i), sub);
      parts.regularizers[i]->load(sub);
    });
  }
  restore_part(file, "torch_generator", [&] {
    torch::Tensor state;
    archive.read("torch_generator", state);
    auto generator = default_generator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
  });
  nlohmann::json kernel_state;
  restore_part(file, "kernel_state", [&] {
    c10::IValue text;
    archive.read("kernel_state", text);
    kernel_state = nlohmann::json::parse(text.toStringRef());
  });
  return kernel_state;
}

}  // namespace naskernel
