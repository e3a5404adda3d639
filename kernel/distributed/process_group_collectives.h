// The SDK's Collectives over a torch c10d process group: Gloo for CPU
// tensors, NCCL for CUDA tensors where this LibTorch was built with it.
// Rendezvous is through a TCPStore at MASTER_ADDR:MASTER_PORT (rank 0 serves
// it, unless torchrun's agent already does).
//
// Every collective waits at most `timeout`; a rank that died, threw or
// stalls makes the others throw DistributedError instead of hanging.
#pragma once

#include "kernel/distributed/launch_environment.h"

#include <naskernel/host.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace naskernel {

class DistributedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "gloo", "nccl"; "auto" picks NCCL for a CUDA device and Gloo otherwise.
std::string choose_backend(const std::string& requested, const std::string& device);
bool nccl_available();

class ProcessGroupCollectives : public Collectives {
 public:
  // Joins the group; blocks until every rank has joined or `timeout` passed.
  ProcessGroupCollectives(const LaunchEnvironment& environment, const std::string& backend,
                          std::chrono::seconds timeout);
  ~ProcessGroupCollectives() override;

  int rank() const override { return rank_; }
  int world_size() const override { return world_size_; }
  void all_reduce(torch::Tensor& tensor, ReduceOp op = ReduceOp::sum) override;
  void broadcast(torch::Tensor& tensor, int root = 0) override;
  std::vector<torch::Tensor> all_gather(const torch::Tensor& tensor) override;

  const std::string& backend() const { return backend_; }

 private:
  struct Group;
  std::unique_ptr<Group> group_;
  int rank_;
  int world_size_;
  std::string backend_;
  std::chrono::seconds timeout_;
};

}  // namespace naskernel
