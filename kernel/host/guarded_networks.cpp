#include "kernel/host/guarded_networks.h"

#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedSuperNet::GuardedSuperNet(std::string plugin, std::shared_ptr<SuperNet> net)
    : plugin_(std::move(plugin)), net_(register_module("net", std::move(net))) {}

torch::Tensor GuardedSuperNet::forward(const torch::Tensor& input, const Path& path) {
  return plugin_call(plugin_, "forward", [&] { return net_->forward(input, path); });
}

GuardedStandaloneNet::GuardedStandaloneNet(std::string plugin, std::shared_ptr<StandaloneNet> net)
    : plugin_(std::move(plugin)), net_(register_module("net", std::move(net))) {}

torch::Tensor GuardedStandaloneNet::forward(const torch::Tensor& input) {
  return plugin_call(plugin_, "forward", [&] { return net_->forward(input); });
}
void GuardedStandaloneNet::set_drop_path(double probability) {
  plugin_call(plugin_, "set_drop_path", [&] { net_->set_drop_path(probability); });
}
torch::Tensor GuardedStandaloneNet::auxiliary() const {
  return plugin_call(plugin_, "auxiliary", [&] { return net_->auxiliary(); });
}

}  // namespace naskernel
