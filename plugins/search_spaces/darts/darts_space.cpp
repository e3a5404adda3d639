#include "darts_space.h"

#include "darts_cost.h"
#include "darts_derive.h"
#include "darts_genotype.h"
#include "darts_genotype_string.h"
#include "darts_layout.h"
#include "darts_ops.h"
#include "darts_standalone.h"
#include "darts_supernet.h"

#include <naskernel/errors.h>

namespace naskernel::darts {
namespace {

void check_spec(const NetworkSpec& spec) {
  if (spec.output != OutputKind::classes)
    throw UserError(std::string("the darts search space builds classifiers only, but the task asks for a ") +
                    output_kind_name(spec.output) + " output");
}

}  // namespace

DartsSpace::DartsSpace(const Config& config) : DartsSpace(read_options(config)) {}

DartsSpace::DartsSpace(DartsOptions options) : options_(std::move(options)) {
  const std::vector<std::string> ops(kOpNames.begin(), kOpNames.end());
  genes_.resize(kNumGenes);
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        std::vector<std::string> inputs;
        for (int from = 0; from < num_inputs(node); ++from) inputs.push_back(std::to_string(from));
        const int ig = input_gene(cell, node, slot);
        const int og = op_gene(cell, node, slot);
        genes_[ig] = {gene_name(ig), inputs};
        genes_[og] = {gene_name(og), ops};
      }
  std::vector<std::string> path_choices = {kNoneName};
  path_choices.insert(path_choices.end(), ops.begin(), ops.end());
  for (int g = 0; g < kNumPathGenes; ++g) path_genes_.push_back({path_gene_name(g), path_choices});
}

std::vector<KeySpec> DartsSpace::keys() {
  return {
      {"network", "string", "\"cifar\"", "stand-alone network: \"cifar\" (NetworkCIFAR) or \"imagenet\" (NetworkImageNet)"},
      {"channels", "integer", "36", "stand-alone initial channels C (default 48 for network = \"imagenet\")"},
      {"layers", "integer", "20", "stand-alone number of cells (default 14 for network = \"imagenet\")"},
      {"auxiliary", "boolean", "true", "stand-alone auxiliary head after cell 2*layers/3 (weight in the recipe)"},
      {"supernet_channels", "integer", "16", "super-net initial channels C"},
      {"supernet_layers", "integer", "8", "super-net number of cells"},
      {"supernet_affine", "boolean", "false", "affine BN in the super-net's cells (DARTS: false)"},
      {"supernet_track_running_stats", "boolean", "false",
       "super-net cell BN keeps running statistics (false: batch statistics, as paths change)"},
  };
}

std::string DartsSpace::name() const { return kSpaceName; }

const std::vector<Gene>& DartsSpace::genes() const { return genes_; }

std::string DartsSpace::format(const Arch& arch) const { return format_genotype(arch); }

Arch DartsSpace::parse(const std::string& text) const { return parse_genotype(text); }

std::string DartsSpace::canonical_key(const Arch& arch) const { return format_genotype(canonical_order(arch)); }

std::string DartsSpace::invalid_reason(const Arch& arch) const { return darts::invalid_reason(arch); }

std::shared_ptr<SuperNet> DartsSpace::make_supernet(const NetworkSpec& spec) const {
  check_spec(spec);
  const Layout layout = make_search_layout(options_, spec.channels, spec.height, spec.width, spec.outputs);
  return std::make_shared<DartsSuperNet>(
      layout, BatchNormOptions{options_.supernet_affine, options_.supernet_track_running_stats});
}

std::shared_ptr<StandaloneNet> DartsSpace::make_standalone(const Arch& arch, const NetworkSpec& spec) const {
  check_spec(spec);
  return std::make_shared<DartsStandaloneNet>(
      arch, make_eval_layout(options_, spec.channels, spec.height, spec.width, spec.outputs));
}

ModelCost DartsSpace::cost(const Arch& arch, const NetworkSpec& spec) const {
  check_spec(spec);
  const CostCount count =
      count_cost(arch, make_eval_layout(options_, spec.channels, spec.height, spec.width, spec.outputs));
  return {count.params, static_cast<double>(count.multiply_adds) / 1e6};
}

const std::vector<Gene>& DartsSpace::path_genes() const { return path_genes_; }

Path DartsSpace::path(const Arch& arch) const {
  const std::string problem = darts::invalid_reason(arch);
  if (!problem.empty()) throw UserError("no super-net path for an invalid darts architecture: " + problem);
  std::vector<int> choices(kNumPathGenes, kPathNone);
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot)
        choices[static_cast<size_t>(path_gene(cell, node, arch.genes[input_gene(cell, node, slot)]))] =
            path_choice(arch.genes[op_gene(cell, node, slot)]);
  return Path(std::move(choices));
}

Arch DartsSpace::derive(const std::vector<std::vector<double>>& probabilities) const {
  return derive_genotype(probabilities);
}

Arch DartsSpace::from_index(uint64_t) const {
  throw std::logic_error("the darts search space is not enumerable (cardinality() is unknown)");
}

Arch DartsSpace::random(Rng& rng) const { return random_genotype(rng); }

Arch DartsSpace::mutate(const Arch& arch, Rng& rng) const { return mutate_genotype(arch, rng); }

int DartsSpace::distance(const Arch& a, const Arch& b) const { return darts::distance(a, b); }

}  // namespace naskernel::darts
