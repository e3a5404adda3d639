// Search space plugins: the architecture encoding and the networks.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/errors.h>
#include <naskernel/path.h>
#include <naskernel/rng.h>

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace naskernel {

// What a network produces, as the task asks for it.
enum class OutputKind {
  classes,  // logits [B, outputs]
  dense,    // a map [B, outputs, H, W] at the input's height and width
};

// What the task feeds the networks and expects back; known from the task's
// configuration alone, without data. The space builds the body and the head
// it is asked for, and throws a UserError for an output kind it cannot make.
struct NetworkSpec {
  int64_t channels = 3;
  int64_t height = 32;
  int64_t width = 32;
  OutputKind output = OutputKind::classes;
  int64_t outputs = 10;  // classes, or channels of the dense map
};

inline const char* output_kind_name(OutputKind kind) {
  return kind == OutputKind::classes ? "classes" : "dense";
}

// One position of an encoding and the choices it may take.
struct Gene {
  std::string name;                  // e.g. "1<-0" (edge from node 0 to node 1)
  std::vector<std::string> choices;  // e.g. {"none", "skip_connect", ...}
};

struct ModelCost {
  int64_t params = 0;  // trainable parameters
  double mflops = 0;   // multiply-adds of conv and linear layers, millions per sample
};

// The weight-sharing network containing every architecture of the space.
// forward() runs only the ops that `path` selects. When path.weights is
// defined, each chosen op's output is scaled by its gene's weight, and every
// weight joins the graph (a gene whose op contributes nothing gets a zero
// gradient), so samplers can differentiate through any path.
class SuperNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& input, const Path& path) = 0;
};

// One architecture, built to be trained from scratch.
class StandaloneNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& input) = 0;

  // Training-time extras that some evaluation networks have (DARTS). The
  // stand-alone recipe sets the drop-path probability before each epoch
  // (`standalone.drop_path`), and adds `standalone.auxiliary_weight` times the
  // task loss of auxiliary() to the loss; networks without them ignore both.
  virtual void set_drop_path(double /*probability*/) {}
  // The auxiliary head's output of the last forward in training mode, or an
  // undefined tensor.
  virtual torch::Tensor auxiliary() const { return {}; }
};

// Options: a space reads its [search_space] table. Keys that size or shape
// only the super-net are named `supernet_*` (supernet_channels,
// supernet_bn_affine, ...); the host leaves them out of the ground truth's
// fingerprint, so changing them reuses stored stand-alone results. Every
// other key enters the fingerprint, so a space that names a super-net-only
// key otherwise only costs retraining, never a stale result.
class SearchSpace {
 public:
  virtual ~SearchSpace() = default;

  virtual std::string name() const = 0;
  virtual const std::vector<Gene>& genes() const = 0;

  // The lingua franca of the space (NB201's "|op~0|+|op~0|op~1|+...|", DARTS's
  // "Genotype(...)"). parse() must accept everything format() writes and
  // throw ArchParseError naming the character position on anything else.
  virtual std::string format(const Arch& arch) const = 0;
  virtual Arch parse(const std::string& text) const = 0;

  // Equal for architectures that compute the same function (isomorphic
  // cells, edges that cannot reach the output); keys the ground-truth store.
  virtual std::string canonical_key(const Arch& arch) const = 0;
  // What published tables are keyed by (NB201: the string; NB101: the
  // module hash). Table lookups use it.
  virtual std::string table_key(const Arch& arch) const { return format(arch); }

  // "" when `arch` is a valid architecture of the space, else one sentence
  // saying why not (NB101: more than 9 edges; DARTS: repeated inputs).
  virtual std::string invalid_reason(const Arch& /*arch*/) const { return ""; }
  bool valid(const Arch& arch) const { return invalid_reason(arch).empty(); }

  virtual std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& spec) const = 0;
  virtual std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& spec) const = 0;
  virtual ModelCost cost(const Arch& arch, const NetworkSpec& spec) const = 0;

  // ---- paths: defaults for spaces whose super-net decisions are the genes ----

  // The super-net's decisions, one gene each.
  virtual const std::vector<Gene>& path_genes() const { return genes(); }
  // True where every path is an architecture (path_genes() is genes()), so a
  // path's choices can be read as Arch genes.
  bool paths_are_archs() const { return &path_genes() == &genes(); }
  // The path that runs `arch` in the super-net.
  virtual Path path(const Arch& arch) const { return Path(arch.genes); }
  // The architecture that path probabilities (one row per path gene, one
  // value per choice, e.g. softmax of GDAS's logits) stand for. The default
  // takes each gene's most probable choice; spaces whose architectures keep
  // a subset of the super-net (DARTS: two inputs per node) override it.
  virtual Arch derive(const std::vector<std::vector<double>>& probabilities) const {
    if (probabilities.size() != path_genes().size())
      throw std::invalid_argument("derive: expected " + std::to_string(path_genes().size()) + " rows, got " +
                                  std::to_string(probabilities.size()));
    Arch arch{name(), {}};
    for (const auto& row : probabilities) {
      int best = 0;
      for (size_t c = 1; c < row.size(); ++c)
        if (row[c] > row[static_cast<size_t>(best)]) best = static_cast<int>(c);
      arch.genes.push_back(best);
    }
    return arch;
  }

  // ---- defaults for spaces whose genes are independent ----

  // Number of architectures, or nullopt where it is not known exactly (a
  // space with a validity constraint overrides this or returns nullopt).
  virtual std::optional<uint64_t> cardinality() const {
    uint64_t n = 1;
    for (const auto& gene : genes()) {
      if (n > UINT64_MAX / gene.choices.size()) return std::nullopt;
      n *= gene.choices.size();
    }
    return n;
  }

  // Mixed-radix decoding, gene 0 most significant; requires cardinality()
  // and independent genes (every index a valid architecture).
  virtual Arch from_index(uint64_t index) const {
    Arch arch{name(), std::vector<int>(genes().size())};
    for (size_t g = genes().size(); g-- > 0;) {
      const uint64_t radix = genes()[g].choices.size();
      arch.genes[g] = static_cast<int>(index % radix);
      index /= radix;
    }
    return arch;
  }

  // Uniform over valid architectures: each gene uniform, invalid draws
  // rejected and drawn again.
  virtual Arch random(Rng& rng) const {
    for (int attempt = 0; attempt < kMaxRejections; ++attempt) {
      Arch arch{name(), {}};
      for (const auto& gene : genes())
        arch.genes.push_back(static_cast<int>(rng.uniform_int(0, static_cast<int64_t>(gene.choices.size()) - 1)));
      if (valid(arch)) return arch;
    }
    throw std::runtime_error(name() + ": no valid architecture in " + std::to_string(kMaxRejections) + " draws");
  }

  // One gene changed to a different choice, gene and choice uniform; a
  // mutation that gives an invalid architecture is drawn again.
  virtual Arch mutate(const Arch& arch, Rng& rng) const {
    std::vector<size_t> mutable_genes;
    for (size_t g = 0; g < genes().size(); ++g)
      if (genes()[g].choices.size() > 1) mutable_genes.push_back(g);
    if (mutable_genes.empty()) return arch;
    for (int attempt = 0; attempt < kMaxRejections; ++attempt) {
      Arch child = arch;
      const size_t g = mutable_genes[rng.uniform_int(0, static_cast<int64_t>(mutable_genes.size()) - 1)];
      const int n = static_cast<int>(genes()[g].choices.size());
      const int shift = static_cast<int>(rng.uniform_int(1, n - 1));
      child.genes[g] = (arch.genes[g] + shift) % n;
      if (valid(child)) return child;
    }
    return arch;  // no valid neighbour found: the architecture stays
  }

  // Hamming distance over genes.
  virtual int distance(const Arch& a, const Arch& b) const {
    int d = 0;
    for (size_t g = 0; g < a.genes.size() && g < b.genes.size(); ++g) d += a.genes[g] != b.genes[g];
    return d;
  }

 protected:
  static constexpr int kMaxRejections = 100000;
};

}  // namespace naskernel
