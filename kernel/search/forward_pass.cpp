#include "forward_pass.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <ATen/autocast_mode.h>

#include <fstream>
#include <sstream>

namespace naskernel {

namespace {

// Autocast to bfloat16 for the device's type while alive; restores the
// previous state and drops autocast's weight-cast cache at the outermost exit.
class BfloatAutocast {
 public:
  explicit BfloatAutocast(const torch::Device& device) : cuda_(device.is_cuda()) {
    if (cuda_) {
      was_enabled_ = at::autocast::is_enabled(), was_dtype_ = at::autocast::get_autocast_gpu_dtype();
      at::autocast::set_enabled(true), at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    } else {
      was_enabled_ = at::autocast::is_cpu_enabled(), was_dtype_ = at::autocast::get_autocast_cpu_dtype();
      at::autocast::set_cpu_enabled(true), at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    }
    at::autocast::increment_nesting();
  }
  ~BfloatAutocast() {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (cuda_)
      at::autocast::set_enabled(was_enabled_), at::autocast::set_autocast_gpu_dtype(was_dtype_);
    else
      at::autocast::set_cpu_enabled(was_enabled_), at::autocast::set_autocast_cpu_dtype(was_dtype_);
  }
  BfloatAutocast(const BfloatAutocast&) = delete;
  BfloatAutocast& operator=(const BfloatAutocast&) = delete;

 private:
  bool cuda_;
  bool was_enabled_ = false;
  at::ScalarType was_dtype_ = at::kFloat;
};

}  // namespace

Precision read_precision(const Config& section, const std::string& key) {
  const std::string name = section.get<std::string>(key, "fp32");
  if (name == "fp32") return Precision::fp32;
  if (name == "bf16") return Precision::bf16;
  throw ConfigError(section.location(key) + "key `" + section.path(key) + "` must be one of fp32, bf16, got `" + name +
                    "`" + did_you_mean(name, {"fp32", "bf16"}));
}

MemoryLayout read_memory_layout(const Config& section, const std::string& key) {
  const std::string name = section.get<std::string>(key, "auto");
  if (name == "auto") return MemoryLayout::automatic;
  if (name == "contiguous") return MemoryLayout::contiguous;
  if (name == "channels_last") return MemoryLayout::channels_last;
  throw ConfigError(section.location(key) + "key `" + section.path(key) +
                    "` must be one of auto, contiguous, channels_last, got `" + name + "`" +
                    did_you_mean(name, {"auto", "contiguous", "channels_last"}));
}

torch::Tensor in_layout(MemoryLayout layout, const torch::Tensor& input) {
  if (input.dim() != 4) return input;
  const bool channels_last =
      layout == MemoryLayout::channels_last || (layout == MemoryLayout::automatic && input.device().is_cpu());
  return input.contiguous(channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
}

torch::Tensor forward_in(const ForwardPass& pass, SuperNet& net, const torch::Tensor& input, const Path& path) {
  const torch::Tensor laid_out = in_layout(pass.layout, input);
  if (pass.precision == Precision::fp32) return net.forward(laid_out, path);
  torch::Tensor output;
  {
    BfloatAutocast autocast(input.device());
    output = net.forward(laid_out, path);
  }
  return output.to(torch::kFloat);
}

bool cpu_has_native_bf16() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream flags(line);
    for (std::string flag; flags >> flag;)
      if (flag == "avx512_bf16" || flag == "amx_bf16") return true;
    return false;
  }
  return false;
}

}  // namespace naskernel
