#include "df_space.h"

#include "df_arch_string.h"
#include "df_canonical_key.h"
#include "df_cost.h"
#include "df_encoders.h"
#include "df_liveness.h"
#include "df_standalone.h"
#include "df_supernet.h"

#include <cmath>
#include <limits>

namespace naskernel::depth_fusion {

DepthFusionSpace::DepthFusionSpace(const Config& config) : DepthFusionSpace(read_options(config)) {}

DepthFusionSpace::DepthFusionSpace(DepthFusionOptions options)
    : options_(std::move(options)),
      encoding_(options_.version, options_.mode, options_.nodes),
      valid_cells_(encoding_.cell()) {
  for (auto& gene : encoding_.genes()) genes_.push_back({gene.name, gene.choices});
}

DepthFusionSpace::~DepthFusionSpace() = default;

std::vector<KeySpec> DepthFusionSpace::keys() {
  return {
      {"version", "string", "\"v1\"", "\"v1\": fixed bilinear x2 upsampling after each block; \"v2\": searched"},
      {"mode", "string", "\"sync\"", "\"sync\": one cell shared by the 4 fusion blocks; \"non-sync\": 4 cells"},
      {"cell_nodes", "integer", "3", "nodes after the cell's 2 inputs (1..3); the last is the cell output"},
      {"features", "integer", "32", "decoder channels F (MiDaS: 256)"},
      {"encoder_channels", "array", "[16, 32, 64, 128]", "built-in encoder: channels at 1/2, 1/4, 1/8, 1/16"},
      {"encoder_blocks", "integer", "1", "built-in encoder: residual blocks per stage"},
      {"encoder_file", "string", "\"\"", "TorchScript encoder returning 4 maps, fine to coarse (see README)"},
      {"freeze_encoder", "boolean", "false", "with encoder_file: no gradient to the encoder, BN kept in eval"},
      {"output_activation", "string", "\"softplus\"", "\"softplus\" or \"relu\" (MiDaS): keeps disparity >= 0"},
      {"supernet_bn_affine", "boolean", "false", "decoder BN weight and bias in the super-net"},
      {"supernet_bn_track_running_stats", "boolean", "false", "decoder BN running statistics in the super-net"},
      {"standalone_bn_affine", "boolean", "true", "decoder BN weight and bias in stand-alone networks"},
      {"standalone_bn_track_running_stats", "boolean", "true", "decoder BN running statistics stand-alone"},
  };
}

std::string DepthFusionSpace::name() const { return kSpaceName; }

const std::vector<Gene>& DepthFusionSpace::genes() const { return genes_; }

std::string DepthFusionSpace::format(const Arch& arch) const { return format_arch_string(encoding_, arch); }

Arch DepthFusionSpace::parse(const std::string& text) const { return parse_arch_string(encoding_, text); }

std::string DepthFusionSpace::canonical_key(const Arch& arch) const {
  return depth_fusion::canonical_key(encoding_, arch);
}

std::string DepthFusionSpace::invalid_reason(const Arch& arch) const {
  try {
    return depth_fusion::invalid_reason(encoding_, arch);
  } catch (const UserError& e) {
    return e.what();  // malformed: wrong space, gene count or range
  }
}

const ScriptEncoderProbe& DepthFusionSpace::probe(const NetworkSpec& spec) const {
  std::lock_guard<std::mutex> lock(probe_mutex_);
  auto& slot = probes_[{spec.channels, spec.height, spec.width}];
  if (!slot)
    slot = std::make_unique<ScriptEncoderProbe>(
        probe_script_encoder(options_.encoder_file, spec.channels, spec.height, spec.width));
  return *slot;
}

NetworkPlan DepthFusionSpace::plan(const NetworkSpec& spec) const {
  const bool dense = spec.output == OutputKind::dense;
  const bool builtin = options_.encoder_file.empty();
  // Checks the request before a TorchScript encoder is run on it.
  NetworkPlan checked = make_plan(options_, spec.channels, spec.height, spec.width, dense, spec.outputs,
                                  builtin_encoder_shape(options_), true);
  if (builtin) return checked;
  return make_plan(options_, spec.channels, spec.height, spec.width, dense, spec.outputs, probe(spec).shape, false);
}

std::shared_ptr<SuperNet> DepthFusionSpace::make_supernet(const NetworkSpec& spec) const {
  return std::make_shared<DepthFusionSuperNet>(encoding_, options_, plan(spec));
}

std::shared_ptr<StandaloneNet> DepthFusionSpace::make_standalone(const Arch& arch, const NetworkSpec& spec) const {
  return std::make_shared<DepthFusionStandaloneNet>(encoding_, arch, options_, plan(spec));
}

int64_t DepthFusionSpace::script_encoder_parameters(const NetworkSpec& spec) const {
  return options_.freeze_encoder ? 0 : probe(spec).parameters;
}

ModelCost DepthFusionSpace::cost(const Arch& arch, const NetworkSpec& spec) const {
  const NetworkPlan p = plan(spec);
  const CostCount count = count_cost(encoding_, arch, p, options_.standalone_bn.affine,
                                     p.builtin_encoder ? 0 : script_encoder_parameters(spec));
  return {count.params, static_cast<double>(count.multiply_adds) / 1e6};
}

std::optional<uint64_t> DepthFusionSpace::cardinality() const {
  const Count count = count_architectures(encoding_, valid_cells_);
  if (count > std::numeric_limits<uint64_t>::max()) return std::nullopt;
  return static_cast<uint64_t>(count);
}

std::string DepthFusionSpace::exact_cardinality() const {
  return count_text(count_architectures(encoding_, valid_cells_));
}

Arch DepthFusionSpace::from_index(uint64_t index) const { return architecture_at(encoding_, valid_cells_, index); }

Arch DepthFusionSpace::derive(const std::vector<std::vector<double>>& probabilities) const {
  for (size_t g = 0; g < probabilities.size() && g < genes_.size(); ++g)
    if (probabilities[g].size() != genes_[g].choices.size())
      throw std::invalid_argument("derive: gene " + genes_[g].name + " needs " +
                                  std::to_string(genes_[g].choices.size()) + " probabilities, got " +
                                  std::to_string(probabilities[g].size()));
  Arch arch = SearchSpace::derive(probabilities);
  const CellShape& shape = encoding_.cell();
  auto log_p = [](double p) { return std::log(std::max(p, 1e-300)); };
  for (int c = 0; c < encoding_.num_cells(); ++c) {
    if (analyse_cell(shape, encoding_.cell_ops(arch, c)).reaches_output) continue;
    // Shortest path from an input to the output; a none edge costs what
    // turning it into its most probable other op loses, other edges nothing.
    const std::vector<int> ops = encoding_.cell_ops(arch, c);
    std::vector<int> best_op(static_cast<size_t>(shape.num_edges()));
    std::vector<double> edge_cost(static_cast<size_t>(shape.num_edges()), 0.0);
    for (int e = 0; e < shape.num_edges(); ++e) {
      if (ops[static_cast<size_t>(e)] != kNone) continue;
      const auto& row = probabilities[static_cast<size_t>(encoding_.edge_gene(c, e))];
      int best = 1;
      for (int op = 2; op < kNumOps; ++op)
        if (row[static_cast<size_t>(op)] > row[static_cast<size_t>(best)]) best = op;
      best_op[static_cast<size_t>(e)] = best;
      edge_cost[static_cast<size_t>(e)] = log_p(row[kNone]) - log_p(row[static_cast<size_t>(best)]);
    }
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> distance(static_cast<size_t>(shape.num_nodes()), inf);
    std::vector<int> via(static_cast<size_t>(shape.num_nodes()), -1);
    distance[kPreviousInput] = distance[kEncoderInput] = 0;
    for (int e = 0; e < shape.num_edges(); ++e) {  // edges in topological order
      const Edge& edge = shape.edge(e);
      const double d = distance[static_cast<size_t>(edge.from)] + edge_cost[static_cast<size_t>(e)];
      if (d < distance[static_cast<size_t>(edge.to)]) distance[static_cast<size_t>(edge.to)] = d, via[static_cast<size_t>(edge.to)] = e;
    }
    for (int node = shape.output_node(); node > kEncoderInput;) {
      const int e = via[static_cast<size_t>(node)];
      if (ops[static_cast<size_t>(e)] == kNone)
        arch.genes[static_cast<size_t>(encoding_.edge_gene(c, e))] = best_op[static_cast<size_t>(e)];
      node = shape.edge(e).from;
    }
  }
  return arch;
}

}  // namespace naskernel::depth_fusion
