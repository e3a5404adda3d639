#include "checkpoint.h"

#include <naskernel/errors.h>

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>

namespace naskernel {

namespace {

at::Generator default_generator() { return at::detail::getDefaultCPUGenerator(); }

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
  {
    torch::serialize::InputArchive sub;
    archive.read("supernet", sub);
    parts.supernet.load(sub);
  }
  {
    torch::serialize::InputArchive sub;
    archive.read("optimizer", sub);
    parts.optimizer.load(sub);
  }
  {
    torch::serialize::InputArchive sub;
    archive.read("sampler", sub);
    parts.sampler.load(sub);
  }
  for (size_t i = 0; i < parts.regularizers.size(); ++i) {
    torch::serialize::InputArchive sub;
    archive.read("regularizer" + std::to_string(i), sub);
    parts.regularizers[i]->load(sub);
  }
  {
    torch::Tensor state;
    archive.read("torch_generator", state);
    auto generator = default_generator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
  }
  c10::IValue text;
  archive.read("kernel_state", text);
  return nlohmann::json::parse(text.toStringRef());
}

}  // namespace naskernel
