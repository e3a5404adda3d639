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
#include <string>
#include <vector>

namespace naskernel {

// What the task feeds the networks and expects back; known without data.
struct InputShape {
  int64_t channels = 3;
  int64_t height = 32;
  int64_t width = 32;
  int64_t outputs = 10;  // classes, or output channels for dense tasks
};

// One position of the encoding and the choices it may take.
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
// defined, each chosen op's output is scaled by its gene's weight.
class SuperNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& input, const Path& path) = 0;
};

// One architecture, built to be trained from scratch.
class StandaloneNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& input) = 0;
};

class SearchSpace {
 public:
  virtual ~SearchSpace() = default;

  virtual std::string name() const = 0;
  virtual const std::vector<Gene>& genes() const = 0;

  // The lingua franca of the space (e.g. NB201's "|op~0|+|op~0|op~1|+...|").
  // parse() must accept everything format() writes and throw ArchParseError
  // naming the character position on anything else.
  virtual std::string format(const Arch& arch) const = 0;
  virtual Arch parse(const std::string& text) const = 0;

  // Equal for architectures that compute the same function (isomorphic
  // cells, edges that cannot reach the output); used to key ground truth.
  virtual std::string canonical_key(const Arch& arch) const = 0;

  virtual std::shared_ptr<SuperNet> make_supernet(const InputShape& shape) const = 0;
  virtual std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const InputShape& shape) const = 0;
  virtual ModelCost cost(const Arch& arch, const InputShape& shape) const = 0;

  // ---- defaults for spaces whose genes are independent ----

  // Number of architectures, or nullopt where the space is not enumerable.
  virtual std::optional<uint64_t> cardinality() const {
    uint64_t n = 1;
    for (const auto& gene : genes()) {
      if (n > UINT64_MAX / gene.choices.size()) return std::nullopt;
      n *= gene.choices.size();
    }
    return n;
  }

  // Mixed-radix decoding, gene 0 most significant; requires cardinality().
  virtual Arch from_index(uint64_t index) const {
    Arch arch{name(), std::vector<int>(genes().size())};
    for (size_t g = genes().size(); g-- > 0;) {
      const uint64_t radix = genes()[g].choices.size();
      arch.genes[g] = static_cast<int>(index % radix);
      index /= radix;
    }
    return arch;
  }

  virtual Arch random(Rng& rng) const {
    Arch arch{name(), {}};
    for (const auto& gene : genes())
      arch.genes.push_back(static_cast<int>(rng.uniform_int(0, static_cast<int64_t>(gene.choices.size()) - 1)));
    return arch;
  }

  // One gene changed to a different choice, gene and choice uniform.
  virtual Arch mutate(const Arch& arch, Rng& rng) const {
    Arch child = arch;
    std::vector<size_t> mutable_genes;
    for (size_t g = 0; g < genes().size(); ++g)
      if (genes()[g].choices.size() > 1) mutable_genes.push_back(g);
    if (mutable_genes.empty()) return child;
    const size_t g = mutable_genes[rng.uniform_int(0, static_cast<int64_t>(mutable_genes.size()) - 1)];
    const int n = static_cast<int>(genes()[g].choices.size());
    const int shift = static_cast<int>(rng.uniform_int(1, n - 1));
    child.genes[g] = (arch.genes[g] + shift) % n;
    return child;
  }

  // Hamming distance over genes.
  virtual int distance(const Arch& a, const Arch& b) const {
    int d = 0;
    for (size_t g = 0; g < a.genes.size() && g < b.genes.size(); ++g) d += a.genes[g] != b.genes[g];
    return d;
  }
};

}  // namespace naskernel
