// The checkpoint loader (kernel/search/checkpoint.cpp): load_checkpoint into
// a small toy super-net, its SGD optimizer, a sampler and a regularizer.
//
// Input: one mode byte, then
//  * mode odd: a recipe read with FuzzedDataProvider that builds an archive
//    part by part, each part genuine, missing, a tensor, a string, a number
//    or an archive of fuzzed tensors (a super-net or optimizer of other
//    shapes), and a fuzzed kernel-state text. Random bytes rarely make a
//    valid zip, so this is what reaches the loader's own logic.
//  * mode even: a genuine checkpoint cut after N bytes (N from the next
//    four bytes), as a full disk or a copy cut short leaves one.
//  * mode even with NASKERNEL_FUZZ_CHECKPOINT_RAW=1 in the environment: the
//    bytes after the mode byte are the file itself. This fuzzes LibTorch's
//    own archive reader and TorchScript importer, which are not hardened
//    against malformed files (see known_libtorch_crashes/ in this folder),
//    so it is off for CI.
// The toy sampler and regularizer run their load() inside the same
// exception boundary the host gives plugins (plugin_call), and the toy
// super-net sits under a "net" child as GuardedSuperNet holds a plugin's.
//
// Clear errors: UserError (PluginError, from the toy plugins' boundary).
// c10::Error, nlohmann::json exceptions or std::out_of_range leaving
// load_checkpoint are findings. Invariants after a successful load: every
// super-net tensor and every SGD momentum buffer keeps its shape and dtype
// (a checkpoint of another configuration must be refused, not half-loaded).
//
// With NASKERNEL_FUZZ_WRITE_SEEDS=DIR set, writes the seeds to DIR and exits.
#include "fuzz_support.h"

#include "kernel/host/plugin_call.h"
#include "kernel/search/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <torch/torch.h>

#include <memory>

using namespace naskernel;
namespace fs = std::filesystem;

namespace {

struct ToyNetImpl : torch::nn::Module {
  explicit ToyNetImpl(int64_t outputs = 3, int64_t inputs = 4) {
    weight = register_parameter("weight", torch::randn({outputs, inputs}));
    bias = register_parameter("bias", torch::zeros({outputs}));
    steps = register_buffer("steps", torch::zeros({1}, torch::kLong));
  }
  torch::Tensor weight, bias, steps;
};
TORCH_MODULE(ToyNet);

// A super-net as the kernel holds one: the plugin's module is child "net".
class ToySuperNet : public SuperNet {
 public:
  explicit ToySuperNet(int64_t outputs = 3, int64_t inputs = 4)
      : net(register_module("net", ToyNet(outputs, inputs))) {}
  torch::Tensor forward(const torch::Tensor& input, const Path&) override {
    return torch::nn::functional::linear(input, net->weight, net->bias);
  }
  ToyNet net;
};

class ToySampler : public Sampler {
 public:
  void attach(Host&) override {}
  Path training_path(const StepInfo&) override { return Path({0}); }
  std::vector<Arch> propose(int) override { return {}; }
  void save(torch::serialize::OutputArchive& archive) const override { archive.write("logits", logits); }
  void load(torch::serialize::InputArchive& archive) override {
    plugin_call("toy_sampler", "load", [&] {
      torch::Tensor read;
      archive.read("logits", read);
      if (read.sizes() != logits.sizes()) throw std::runtime_error("architecture logits of another shape");
      logits = read;
    });
  }
  torch::Tensor logits = torch::zeros({2, 3});
};

class ToyRegularizer : public Regularizer {
 public:
  void attach(Host&) override {}
  double weight(int, int) const override { return 1.0; }
  torch::Tensor loss(const StepInfo&, const Batch&) override { return torch::zeros({}); }
  void save(torch::serialize::OutputArchive& archive) const override { archive.write("calls", c10::IValue(calls)); }
  void load(torch::serialize::InputArchive& archive) override {
    plugin_call("toy_regularizer", "load", [&] {
      c10::IValue value;
      archive.read("calls", value);
      calls = value.toInt();
    });
  }
  int64_t calls = 7;
};

// The parts a search would pass, with optimizer state (one SGD step taken).
struct Parts {
  explicit Parts(int64_t outputs = 3, int64_t inputs = 4)
      : supernet(outputs, inputs), optimizer(supernet.parameters(), torch::optim::SGDOptions(0.1).momentum(0.9)) {
    supernet.forward(torch::ones({2, inputs}), Path()).sum().backward();
    optimizer.step();
  }
  CheckpointParts view() { return CheckpointParts{supernet, optimizer, sampler, {&regularizer}}; }

  ToySuperNet supernet;
  torch::optim::SGD optimizer;
  ToySampler sampler;
  ToyRegularizer regularizer;
};

torch::Tensor random_tensor(FuzzedDataProvider& in) {
  const torch::ScalarType types[] = {torch::kFloat, torch::kDouble, torch::kLong, torch::kByte};
  std::vector<int64_t> shape(in.ConsumeIntegralInRange<size_t>(0, 3));
  for (auto& side : shape) side = in.ConsumeIntegralInRange<int64_t>(0, 6);
  return torch::zeros(shape, types[in.ConsumeIntegralInRange<int>(0, 3)]);
}

// Writes part `key` as the recipe says; `genuine` writes what save_checkpoint would.
template <class Genuine>
void write_part(torch::serialize::OutputArchive& archive, const std::string& key, FuzzedDataProvider& in,
                Genuine&& genuine) {
  switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
      genuine(archive);
      return;
    case 1:
      return;  // missing
    case 2:
      archive.write(key, random_tensor(in));
      return;
    case 3:
      archive.write(key, c10::IValue(in.ConsumeRandomLengthString(64)));
      return;
    case 4:
      archive.write(key, c10::IValue(in.ConsumeIntegral<int64_t>()));
      return;
    default: {
      torch::serialize::OutputArchive sub;
      if (key == "supernet" || key == "optimizer") {
        // A part written by a search of another configuration.
        Parts other(in.ConsumeIntegralInRange<int64_t>(1, 4), in.ConsumeIntegralInRange<int64_t>(1, 5));
        if (key == "supernet")
          other.supernet.save(sub);
        else
          other.optimizer.save(sub);
      } else {
        for (int n = in.ConsumeIntegralInRange<int>(0, 3); n > 0; --n)
          sub.write(in.PickValueInArray({"logits", "calls", "net", "weight"}), random_tensor(in));
      }
      archive.write(key, sub);
    }
  }
}

void write_recipe_checkpoint(const fs::path& file, FuzzedDataProvider& in) {
  Parts genuine;
  torch::serialize::OutputArchive archive;
  write_part(archive, "supernet", in, [&](auto& a) {
    torch::serialize::OutputArchive sub;
    genuine.supernet.save(sub);
    a.write("supernet", sub);
  });
  write_part(archive, "optimizer", in, [&](auto& a) {
    torch::serialize::OutputArchive sub;
    genuine.optimizer.save(sub);
    a.write("optimizer", sub);
  });
  write_part(archive, "sampler", in, [&](auto& a) {
    torch::serialize::OutputArchive sub;
    genuine.sampler.save(sub);
    a.write("sampler", sub);
  });
  write_part(archive, "regularizer0", in, [&](auto& a) {
    torch::serialize::OutputArchive sub;
    genuine.regularizer.save(sub);
    a.write("regularizer0", sub);
  });
  write_part(archive, "torch_generator", in, [&](auto& a) {
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    a.write("torch_generator", generator.get_state());
  });
  const std::string state =
      in.ConsumeBool() ? std::string(R"({"trainer": {"epoch": 1}})") : in.ConsumeRandomLengthString(256);
  write_part(archive, "kernel_state", in, [&](auto& a) { a.write("kernel_state", c10::IValue(state)); });
  archive.save_to(file.string());
}

void check_loaded(Parts& parts) {
  const Parts fresh;
  const auto before = fresh.supernet.named_parameters(true);
  const auto after = parts.supernet.named_parameters(true);
  for (const auto& item : before) {
    const torch::Tensor* now = after.find(item.key());
    FUZZ_CHECK(now && now->sizes() == item.value().sizes() && now->dtype() == item.value().dtype(),
               "super-net parameter `" + item.key() + "` changed shape or type in a successful load");
  }
  const auto buffers = parts.supernet.named_buffers(true);
  for (const auto& item : fresh.supernet.named_buffers(true)) {
    const torch::Tensor* now = buffers.find(item.key());
    FUZZ_CHECK(now && now->sizes() == item.value().sizes() && now->dtype() == item.value().dtype(),
               "super-net buffer `" + item.key() + "` changed shape or type in a successful load");
  }
  auto& state = parts.optimizer.state();
  for (const auto& group : parts.optimizer.param_groups())
    for (const auto& parameter : group.params()) {
      auto found = state.find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
      if (found == state.end()) continue;
      const auto& momentum = static_cast<torch::optim::SGDParamState&>(*found->second).momentum_buffer();
      FUZZ_CHECK(!momentum.defined() || momentum.sizes() == parameter.sizes(),
                 "an SGD momentum buffer of another shape than its parameter was loaded");
    }
}

// A checkpoint as save_checkpoint writes it.
std::string genuine_checkpoint() {
  const fs::path file = fuzz::scratch_dir() / "genuine.pt";
  Parts parts;
  save_checkpoint(file, parts.view(), nlohmann::json{{"trainer", {{"epoch", 1}, {"step", 10}}}});
  std::ifstream in(file, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  fs::remove(file);
  return bytes;
}

void write_seeds(const fs::path& dir) {
  fs::create_directories(dir);
  const std::string bytes = genuine_checkpoint();
  // For NASKERNEL_FUZZ_CHECKPOINT_RAW=1; without it they are cuts like the next ones.
  fuzz::write_file(dir / "raw_genuine", std::string(1, '\0') + bytes);
  fuzz::write_file(dir / "raw_truncated", std::string(1, '\0') + bytes.substr(0, bytes.size() / 2));
  fuzz::write_file(dir / "cut_at_100", std::string("\0\x64\0\0\0", 5));
  fuzz::write_file(dir / "cut_near_end", std::string("\0\xf0\xff\xff\xff", 5));
  // Recipes: the provider reads choices from the end, strings from the front.
  fuzz::write_file(dir / "recipe_all_genuine", std::string(1, '\1') + std::string(32, '\0'));
  fuzz::write_file(dir / "recipe_mixed",
                   std::string(1, '\1') + "{\"trainer\": 1}" + std::string("\x05\x02\x01\x03\x00\x04\x05\x01", 8));
  fuzz::write_file(dir / "recipe_other_shapes", std::string(1, '\1') + std::string(8, '\x05') + std::string(8, '\x00'));
}

bool raw_mode = false;
std::string genuine;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  torch::set_num_threads(1);
  if (const char* dir = std::getenv("NASKERNEL_FUZZ_WRITE_SEEDS")) {
    write_seeds(dir);
    std::exit(0);
  }
  const char* raw = std::getenv("NASKERNEL_FUZZ_CHECKPOINT_RAW");
  raw_mode = raw && std::string(raw) == "1";
  genuine = genuine_checkpoint();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const fs::path file = fuzz::scratch_dir() / "last.pt";
  if (data[0] & 1) {
    FuzzedDataProvider recipe(data + 1, size - 1);
    write_recipe_checkpoint(file, recipe);
  } else if (raw_mode) {
    fuzz::write_file(file, fuzz::as_text(data + 1, size - 1));
  } else {
    uint32_t cut = 0;
    for (size_t i = 1; i < size && i <= 4; ++i) cut |= uint32_t{data[i]} << (8 * (i - 1));
    fuzz::write_file(file, std::string_view(genuine).substr(0, cut % (genuine.size() + 1)));
  }
  Parts parts;
  if (!fuzz::accepted([&] { (void)load_checkpoint(file, parts.view()); })) return 0;
  check_loaded(parts);
  return 0;
}
