#include "nb101_space.h"

#include "nb101_arch_string.h"
#include "nb101_cell.h"
#include "nb101_cost.h"
#include "nb101_derive.h"
#include "nb101_hash.h"
#include "nb101_mutation.h"
#include "nb101_pruning.h"
#include "nb101_standalone.h"
#include "nb101_supernet.h"

namespace naskernel::nb101 {
namespace {

void check_classes(const NetworkSpec& spec) {
  if (spec.output != OutputKind::classes)
    throw UserError(std::string("the nb101 networks end in a linear classifier and cannot produce a ") +
                    output_kind_name(spec.output) + " output; use a classification task");
}

// The pruned cell of a valid architecture; UserError naming why otherwise.
PrunedCell pruned_of(const Arch& arch, const std::string& reason) {
  if (!reason.empty()) throw UserError("not a valid nb101 architecture: " + reason);
  return *prune(cell_of(arch));
}

}  // namespace

Nb101Space::Nb101Space(const Config& config) : Nb101Space(read_options(config)) {}

Nb101Space::Nb101Space(Nb101Options options) : options_(options) {
  for (int g = 0; g < kNumEdgeGenes; ++g) genes_.push_back({gene_name(g), {"0", "1"}});
  const std::vector<std::string> ops(kOpNames.begin(), kOpNames.end());
  for (int v = 1; v <= kNumInterior; ++v) genes_.push_back({gene_name(op_gene(v)), ops});
}

std::vector<KeySpec> Nb101Space::keys() {
  return {
      {"stem_channels", "integer", "128", "stand-alone network: stem width, also the first stack's (NB101: 128)"},
      {"stacks", "integer", "3", "stacks of cells, joined by a 2x2 max-pool that doubles the channels"},
      {"cells_per_stack", "integer", "3", "cells per stack, in both networks"},
      {"supernet_stem_channels", "integer", "64", "super-net stem width (Yu et al.'s init_channels)"},
      {"supernet_channels", "integer", "128", "super-net first stack's width (the reference: twice the stem)"},
      {"supernet_bn_affine", "boolean", "true", "super-net BN has a scale and an offset"},
      {"supernet_bn_track_running_stats", "boolean", "false",
       "super-net BN keeps running statistics (false: batch statistics always)"},
      {"bn_momentum", "float", "0.003", "BN running-average momentum, PyTorch's convention (NB101: 1 - 0.997)"},
      {"mutation_rate", "float", "1.0", "NB101 mutation: edges flip with p = rate/7, ops change with p = rate/5"},
  };
}

std::string Nb101Space::name() const { return kSpaceName; }

const std::vector<Gene>& Nb101Space::genes() const { return genes_; }

std::string Nb101Space::format(const Arch& arch) const { return format_arch_string(arch); }

Arch Nb101Space::parse(const std::string& text) const { return parse_arch_string(text); }

std::string Nb101Space::canonical_key(const Arch& arch) const {
  return module_hash(pruned_of(arch, invalid_reason(arch)));
}

std::string Nb101Space::table_key(const Arch& arch) const { return canonical_key(arch); }

std::string Nb101Space::invalid_reason(const Arch& arch) const {
  const std::string malformed = malformed_reason(arch);
  return malformed.empty() ? nb101::invalid_reason(cell_of(arch)) : malformed;
}

Layout Nb101Space::standalone_layout(const NetworkSpec& spec) const {
  return make_layout(options_.stem_channels, options_.stem_channels, options_.stacks, options_.cells_per_stack,
                     spec.channels, spec.height, spec.width, spec.outputs);
}

Layout Nb101Space::supernet_layout(const NetworkSpec& spec) const {
  return make_layout(options_.supernet_stem_channels, options_.supernet_channels, options_.stacks,
                     options_.cells_per_stack, spec.channels, spec.height, spec.width, spec.outputs);
}

std::shared_ptr<SuperNet> Nb101Space::make_supernet(const NetworkSpec& spec) const {
  check_classes(spec);
  return std::make_shared<Nb101SuperNet>(supernet_layout(spec), options_.supernet_bn);
}

std::shared_ptr<StandaloneNet> Nb101Space::make_standalone(const Arch& arch, const NetworkSpec& spec) const {
  check_classes(spec);
  return std::make_shared<Nb101StandaloneNet>(pruned_of(arch, invalid_reason(arch)), standalone_layout(spec),
                                              options_.standalone_bn);
}

ModelCost Nb101Space::cost(const Arch& arch, const NetworkSpec& spec) const {
  check_classes(spec);
  const CostCount count = count_cost(pruned_of(arch, invalid_reason(arch)), standalone_layout(spec));
  return {count.params, static_cast<double>(count.multiply_adds) / 1e6};
}

Arch Nb101Space::derive(const std::vector<std::vector<double>>& probabilities) const {
  return derive_arch(probabilities);
}

Arch Nb101Space::from_index(uint64_t) const {
  throw std::logic_error("nb101 is not enumerated: from_index() is unavailable (cardinality() is unknown)");
}

Arch Nb101Space::mutate(const Arch& arch, Rng& rng) const {
  return mutate_arch(arch, rng, options_.mutation_rate, kMaxRejections);
}

}  // namespace naskernel::nb101
