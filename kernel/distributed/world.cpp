#include "kernel/distributed/world.h"

#include <naskernel/errors.h>

#include <torch/cuda.h>

#include <cstring>
#include <sstream>

namespace naskernel {

namespace {

struct World {
  Collectives single_process;
  std::unique_ptr<Collectives> group;
  int local_rank = 0;
};

World& the_world() {
  static World world;
  return world;
}

}  // namespace

Collectives& world() {
  World& w = the_world();
  return w.group ? *w.group : w.single_process;
}

int world_local_rank() { return the_world().local_rank; }

void set_world(std::unique_ptr<Collectives> collectives, int local_rank) {
  the_world().group = std::move(collectives);
  the_world().local_rank = local_rank;
}

void reset_world() { set_world(nullptr, 0); }

std::string device_for_this_rank(const std::string& device) {
  if (device != "cuda" || world().world_size() == 1) return device;
  // One GPU per rank: the local rank's, or the only one a task sees (srun
  // --gpus-per-task gives each task its own CUDA_VISIBLE_DEVICES).
  const int count = static_cast<int>(torch::cuda::device_count());
  const int local = world_local_rank();
  if (count == 1) return "cuda:0";
  if (local < count) return "cuda:" + std::to_string(local);
  throw UserError("rank " + std::to_string(world().rank()) + " has local rank " + std::to_string(local) + " but sees " +
                  std::to_string(count) + " CUDA device(s); start at most one process per GPU on each node, or "
                  "name the device (run.device = \"cuda:N\")");
}

bool broadcast_flag(Collectives& collectives, bool value) {
  if (collectives.world_size() == 1) return value;
  auto flag = torch::tensor({value ? 1.0 : 0.0}, torch::kFloat64);
  collectives.broadcast(flag, 0);
  return flag.item<double>() != 0;
}

bool any_rank(Collectives& collectives, bool value) {
  if (collectives.world_size() == 1) return value;
  auto flag = torch::tensor({value ? 1.0 : 0.0}, torch::kFloat64);
  collectives.all_reduce(flag, ReduceOp::max);
  return flag.item<double>() != 0;
}

namespace {

torch::Tensor bytes_of(const std::string& text, int64_t size) {
  auto bytes = torch::zeros({size}, torch::kUInt8);
  std::memcpy(bytes.data_ptr<uint8_t>(), text.data(), text.size());
  return bytes;
}

std::string text_of(const torch::Tensor& bytes, int64_t size) {
  return std::string(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()), static_cast<size_t>(size));
}

}  // namespace

std::string broadcast_text(Collectives& collectives, const std::string& text) {
  if (collectives.world_size() == 1) return text;
  auto size = torch::tensor({static_cast<int64_t>(text.size())}, torch::kInt64);
  collectives.broadcast(size, 0);
  const int64_t n = size.item<int64_t>();
  auto bytes = collectives.rank() == 0 ? bytes_of(text, n) : torch::zeros({n}, torch::kUInt8);
  if (n > 0) collectives.broadcast(bytes, 0);
  return text_of(bytes, n);
}

std::vector<std::string> all_gather_text(Collectives& collectives, const std::string& text) {
  if (collectives.world_size() == 1) return {text};
  const auto sizes = collectives.all_gather(torch::tensor({static_cast<int64_t>(text.size())}, torch::kInt64));
  int64_t longest = 1;
  for (const auto& s : sizes) longest = std::max(longest, s.item<int64_t>());
  const auto gathered = collectives.all_gather(bytes_of(text, longest));
  std::vector<std::string> out;
  for (size_t r = 0; r < gathered.size(); ++r) out.push_back(text_of(gathered[r], sizes[r].item<int64_t>()));
  return out;
}

void require_same_on_every_rank(Collectives& collectives, const std::string& what, const std::string& text) {
  const auto texts = all_gather_text(collectives, text);
  for (size_t r = 1; r < texts.size(); ++r) {
    if (texts[r] == texts[0]) continue;
    std::istringstream a(texts[0]), b(texts[r]);
    std::string line_a, line_b;
    int line = 0;
    while (true) {
      ++line;
      const bool more_a = static_cast<bool>(std::getline(a, line_a));
      const bool more_b = static_cast<bool>(std::getline(b, line_b));
      if (!more_a) line_a = "(end)";
      if (!more_b) line_b = "(end)";
      if (line_a != line_b || (!more_a && !more_b)) break;
    }
    throw UserError("the ranks were given different " + what + "s: rank " + std::to_string(r) + "'s differs from rank 0's at line " +
                    std::to_string(line) + " (`" + line_b + "` against `" + line_a +
                    "`); start every rank with the same manifest and --set options");
  }
}

}  // namespace naskernel
