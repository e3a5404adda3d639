#include "kernel/host/guarded_search_space.h"

#include "kernel/host/guarded_networks.h"
#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedSearchSpace::~GuardedSearchSpace() {
  if (object_ && handle_.destroy) handle_.destroy(object_);
}

std::string GuardedSearchSpace::name() const {
  return plugin_call(handle_.name, "name", [&] { return object_->name(); });
}
const std::vector<Gene>& GuardedSearchSpace::genes() const {
  return plugin_call(handle_.name, "genes", [&]() -> const std::vector<Gene>& { return object_->genes(); });
}
std::string GuardedSearchSpace::format(const Arch& arch) const {
  return plugin_call(handle_.name, "format", [&] { return object_->format(arch); });
}
Arch GuardedSearchSpace::parse(const std::string& text) const {
  return plugin_call(handle_.name, "parse", [&] { return object_->parse(text); });
}
std::string GuardedSearchSpace::canonical_key(const Arch& arch) const {
  return plugin_call(handle_.name, "canonical_key", [&] { return object_->canonical_key(arch); });
}
std::string GuardedSearchSpace::table_key(const Arch& arch) const {
  return plugin_call(handle_.name, "table_key", [&] { return object_->table_key(arch); });
}
std::string GuardedSearchSpace::invalid_reason(const Arch& arch) const {
  return plugin_call(handle_.name, "invalid_reason", [&] { return object_->invalid_reason(arch); });
}
std::shared_ptr<SuperNet> GuardedSearchSpace::make_supernet(const NetworkSpec& spec) const {
  auto net = keep_library_alive(plugin_call(handle_.name, "make_supernet", [&] { return object_->make_supernet(spec); }),
                                handle_.library);
  return keep_library_alive(std::shared_ptr<SuperNet>(std::make_shared<GuardedSuperNet>(handle_.name, std::move(net))),
                            handle_.library);
}
std::shared_ptr<StandaloneNet> GuardedSearchSpace::make_standalone(const Arch& arch, const NetworkSpec& spec) const {
  auto net = keep_library_alive(
      plugin_call(handle_.name, "make_standalone", [&] { return object_->make_standalone(arch, spec); }),
      handle_.library);
  return keep_library_alive(
      std::shared_ptr<StandaloneNet>(std::make_shared<GuardedStandaloneNet>(handle_.name, std::move(net))),
      handle_.library);
}
ModelCost GuardedSearchSpace::cost(const Arch& arch, const NetworkSpec& spec) const {
  return plugin_call(handle_.name, "cost", [&] { return object_->cost(arch, spec); });
}
const std::vector<Gene>& GuardedSearchSpace::path_genes() const {
  return plugin_call(handle_.name, "path_genes", [&]() -> const std::vector<Gene>& { return object_->path_genes(); });
}
Path GuardedSearchSpace::path(const Arch& arch) const {
  return plugin_call(handle_.name, "path", [&] { return object_->path(arch); });
}
Arch GuardedSearchSpace::derive(const std::vector<std::vector<double>>& probabilities) const {
  return plugin_call(handle_.name, "derive", [&] { return object_->derive(probabilities); });
}
std::optional<uint64_t> GuardedSearchSpace::cardinality() const {
  return plugin_call(handle_.name, "cardinality", [&] { return object_->cardinality(); });
}
Arch GuardedSearchSpace::from_index(uint64_t index) const {
  return plugin_call(handle_.name, "from_index", [&] { return object_->from_index(index); });
}
Arch GuardedSearchSpace::random(Rng& rng) const {
  return plugin_call(handle_.name, "random", [&] { return object_->random(rng); });
}
Arch GuardedSearchSpace::mutate(const Arch& arch, Rng& rng) const {
  return plugin_call(handle_.name, "mutate", [&] { return object_->mutate(arch, rng); });
}
int GuardedSearchSpace::distance(const Arch& a, const Arch& b) const {
  return plugin_call(handle_.name, "distance", [&] { return object_->distance(a, b); });
}

}  // namespace naskernel
