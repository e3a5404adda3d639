// Networks made by a search-space plugin, wrapped so that forward() and the
// other calls into their code run inside the exception boundary
// (plugin_call) like every other plugin call. The plugin's module is the
// wrapper's only child, registered as "net", and its library stays loaded
// while the wrapper lives.
#pragma once

#include "kernel/host/plugin_handle.h"

#include <naskernel/search_space.h>

#include <memory>
#include <string>

namespace naskernel {

class GuardedSuperNet final : public SuperNet {
 public:
  GuardedSuperNet(std::string plugin, std::shared_ptr<SuperNet> net);
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override;

 private:
  std::string plugin_;
  std::shared_ptr<SuperNet> net_;
};

class GuardedStandaloneNet final : public StandaloneNet {
 public:
  GuardedStandaloneNet(std::string plugin, std::shared_ptr<StandaloneNet> net);
  torch::Tensor forward(const torch::Tensor& input) override;
  void set_drop_path(double probability) override;
  torch::Tensor auxiliary() const override;

 private:
  std::string plugin_;
  std::shared_ptr<StandaloneNet> net_;
};

}  // namespace naskernel
