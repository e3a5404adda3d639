#include "nb201_space.h"

#include "nb201_arch_string.h"
#include "nb201_canonical_key.h"
#include "nb201_cost.h"
#include "nb201_layout.h"
#include "nb201_ops.h"
#include "nb201_standalone.h"
#include "nb201_supernet.h"

namespace naskernel::nb201 {
namespace {

Layout layout_for(int64_t channels, int64_t cells, const NetworkSpec& spec) {
  if (spec.output != OutputKind::classes)
    throw UserError(std::string("the nb201 search space builds classifiers, but the task asks for a ") +
                    output_kind_name(spec.output) + " output");
  return make_layout(channels, cells, spec.channels, spec.height, spec.width, spec.outputs);
}

Layout standalone_layout(const Nb201Options& options, const NetworkSpec& spec) {
  return layout_for(options.channels, options.cells, spec);
}

Layout supernet_layout(const Nb201Options& options, const NetworkSpec& spec) {
  return layout_for(options.supernet_channels.value_or(options.channels),
                    options.supernet_cells.value_or(options.cells), spec);
}

}  // namespace

Nb201Space::Nb201Space(const Config& config) : Nb201Space(read_options(config)) {}

std::vector<KeySpec> Nb201Space::keys() { return option_keys(); }

Nb201Space::Nb201Space(Nb201Options options) : options_(options) {
  const std::vector<std::string> choices(kOpNames.begin(), kOpNames.end());
  for (int e = 0; e < kNumEdges; ++e) genes_.push_back({edge_name(e), choices});
}

std::string Nb201Space::name() const { return kSpaceName; }

const std::vector<Gene>& Nb201Space::genes() const { return genes_; }

std::string Nb201Space::format(const Arch& arch) const { return format_arch_string(arch); }

Arch Nb201Space::parse(const std::string& text) const { return parse_arch_string(text); }

std::string Nb201Space::canonical_key(const Arch& arch) const { return nb201::canonical_key(arch); }

std::shared_ptr<SuperNet> Nb201Space::make_supernet(const NetworkSpec& shape) const {
  return std::make_shared<Nb201SuperNet>(supernet_layout(options_, shape), options_.supernet_bn);
}

std::shared_ptr<StandaloneNet> Nb201Space::make_standalone(const Arch& arch, const NetworkSpec& shape) const {
  return std::make_shared<Nb201StandaloneNet>(arch, standalone_layout(options_, shape), options_.standalone_bn);
}

ModelCost Nb201Space::cost(const Arch& arch, const NetworkSpec& shape) const {
  const CostCount count = count_cost(arch, standalone_layout(options_, shape), options_.standalone_bn.affine);
  return {count.params, static_cast<double>(count.multiply_adds) / 1e6};
}

}  // namespace naskernel::nb201
