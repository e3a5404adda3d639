#include "kernel/distributed/process_group_collectives.h"

#include <naskernel/errors.h>

// The c10d headers compile their Gloo and NCCL parts only with these set
// (LibTorch's CMake package usually sets them already).
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#if defined(NASKERNEL_WITH_NCCL) && !defined(USE_C10D_NCCL)
#define USE_C10D_NCCL
#endif
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef NASKERNEL_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <cstdlib>

namespace naskernel {

// Typed per backend: LibTorch 1.13 derives both from ProcessGroup, later
// versions from Backend, and their collectives have one signature in both.
struct ProcessGroupCollectives::Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#ifdef NASKERNEL_WITH_NCCL
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif
  template <class Call>
  c10::intrusive_ptr<c10d::Work> run(Call&& call) {
#ifdef NASKERNEL_WITH_NCCL
    if (nccl) return call(*nccl);
#endif
    return call(*gloo);
  }
};

bool nccl_available() {
#ifdef NASKERNEL_WITH_NCCL
  return true;
#else
  return false;
#endif
}

std::string choose_backend(const std::string& requested, const std::string& device) {
  const bool cuda = device.rfind("cuda", 0) == 0;
  const std::string backend = requested == "auto" ? (cuda ? "nccl" : "gloo") : requested;
  if (backend != "gloo" && backend != "nccl")
    throw ConfigError("key `run.backend` must be \"auto\", \"gloo\" or \"nccl\", got \"" + requested + "\"");
  if (backend == "nccl" && !nccl_available())
    throw UserError(std::string("run.backend ") + (requested == "auto" ? "\"auto\" chose" : "asks for") +
                    " NCCL, but this naskernel was built against a LibTorch without NCCL; build against a "
                    "CUDA-enabled LibTorch (scripts/gpu-check.sh) or set run.backend = \"gloo\"");
  if (backend == "nccl" && !cuda)
    throw UserError("run.backend = \"nccl\" needs a CUDA device, but run.device = \"" + device + "\"");
  return backend;
}

namespace {

std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"))
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  // Every rank on this machine: loopback works even where the host name
  // does not resolve (containers, CI).
  if (master_addr == "localhost" || master_addr.rfind("127.", 0) == 0)
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

c10d::ReduceOp reduce_op(ReduceOp op) {
  return op == ReduceOp::max ? c10d::ReduceOp::MAX : c10d::ReduceOp::SUM;  // mean: a sum, then divided
}

}  // namespace

ProcessGroupCollectives::ProcessGroupCollectives(const LaunchEnvironment& environment, const std::string& backend,
                                                 std::chrono::seconds timeout)
    : group_(std::make_unique<Group>()),
      rank_(environment.rank),
      world_size_(environment.world_size),
      backend_(backend),
      timeout_(timeout) {
  const std::string where = environment.master_addr + ":" + std::to_string(environment.master_port);
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(environment.master_port);
    options.isServer = environment.rank == 0 && !environment.agent_store;
    options.numWorkers = environment.agent_store ? c10::nullopt : c10::optional<size_t>(environment.world_size);
    options.waitWorkers = !environment.agent_store;
    options.timeout = timeout;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(environment.master_addr, options);
    group_->store = c10::make_intrusive<c10d::PrefixStore>(
        "naskernel/attempt_" + std::to_string(environment.restart_count), tcp);
    if (backend == "gloo") {
      auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
      gloo_options->devices.push_back(gloo_device(environment.master_addr));
      group_->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(group_->store, rank_, world_size_, gloo_options);
    } else {
#ifdef NASKERNEL_WITH_NCCL
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = timeout;
      group_->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(group_->store, rank_, world_size_, nccl_options);
#else
      throw UserError("this naskernel was built without NCCL");
#endif
    }
  } catch (const UserError&) {
    throw;
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(rank_) + " of " + std::to_string(world_size_) +
                           " could not join the " + backend + " process group at " + where + " within " +
                           std::to_string(timeout.count()) + " s (run.timeout_s): " + e.what());
  }
}

ProcessGroupCollectives::~ProcessGroupCollectives() = default;

namespace {

void wait_for(const c10::intrusive_ptr<c10d::Work>& work, const char* call, int rank, std::chrono::seconds timeout) {
  try {
    work->wait(std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (const auto newline = what.find('\n'); newline != std::string::npos) what.resize(newline);
    throw DistributedError("rank " + std::to_string(rank) + ": " + call +
                           " across the ranks failed; another rank has exited or failed, or has not answered for " +
                           std::to_string(timeout.count()) + " s (run.timeout_s): " + what);
  }
}

}  // namespace

namespace {

void require_contiguous(const torch::Tensor& tensor, const char* call) {
  if (!tensor.is_contiguous())
    throw std::invalid_argument(std::string(call) + " needs a contiguous tensor (call .contiguous() first)");
}

}  // namespace

void ProcessGroupCollectives::all_reduce(torch::Tensor& tensor, ReduceOp op) {
  require_contiguous(tensor, "all_reduce");
  std::vector<at::Tensor> tensors{tensor};
  c10d::AllreduceOptions options;
  options.reduceOp = reduce_op(op);
  options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
  wait_for(group_->run([&](auto& group) { return group.allreduce(tensors, options); }), "all_reduce", rank_, timeout_);
  if (op == ReduceOp::mean) tensor.div_(world_size_);
}

void ProcessGroupCollectives::broadcast(torch::Tensor& tensor, int root) {
  require_contiguous(tensor, "broadcast");
  std::vector<at::Tensor> tensors{tensor};
  c10d::BroadcastOptions options;
  options.rootRank = root;
  options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
  wait_for(group_->run([&](auto& group) { return group.broadcast(tensors, options); }), "broadcast", rank_, timeout_);
}

std::vector<torch::Tensor> ProcessGroupCollectives::all_gather(const torch::Tensor& tensor) {
  std::vector<std::vector<at::Tensor>> outputs(1);
  for (int r = 0; r < world_size_; ++r) outputs[0].push_back(torch::empty_like(tensor));
  std::vector<at::Tensor> inputs{tensor.contiguous()};
  c10d::AllgatherOptions options;
  options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
  wait_for(group_->run([&](auto& group) { return group.allgather(outputs, inputs, options); }), "all_gather", rank_,
           timeout_);
  return outputs[0];
}

}  // namespace naskernel
