// A SearchSpace that forwards every call to a plugin's object inside the
// exception boundary (plugin_call) and owns that object and its library.
#pragma once

#include "kernel/host/plugin_handle.h"

#include <naskernel/search_space.h>

namespace naskernel {

class GuardedSearchSpace final : public SearchSpace {
 public:
  GuardedSearchSpace(PluginHandle handle, SearchSpace* object) : handle_(std::move(handle)), object_(object) {}
  ~GuardedSearchSpace() override;
  GuardedSearchSpace(const GuardedSearchSpace&) = delete;
  GuardedSearchSpace& operator=(const GuardedSearchSpace&) = delete;

  std::string name() const override;
  const std::vector<Gene>& genes() const override;
  std::string format(const Arch& arch) const override;
  Arch parse(const std::string& text) const override;
  std::string canonical_key(const Arch& arch) const override;
  std::string table_key(const Arch& arch) const override;
  std::string invalid_reason(const Arch& arch) const override;
  // The networks come back wrapped (guarded_networks.h), their library kept loaded.
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& spec) const override;
  std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& spec) const override;
  ModelCost cost(const Arch& arch, const NetworkSpec& spec) const override;
  const std::vector<Gene>& path_genes() const override;
  Path path(const Arch& arch) const override;
  Arch derive(const std::vector<std::vector<double>>& probabilities) const override;
  std::optional<uint64_t> cardinality() const override;
  Arch from_index(uint64_t index) const override;
  Arch random(Rng& rng) const override;
  Arch mutate(const Arch& arch, Rng& rng) const override;
  int distance(const Arch& a, const Arch& b) const override;

 private:
  PluginHandle handle_;
  SearchSpace* object_;
};

}  // namespace naskernel
