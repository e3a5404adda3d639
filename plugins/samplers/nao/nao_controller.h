// NAO's controller (Luo et al., "Neural Architecture Optimization",
// NeurIPS 2018): an encoder that maps an architecture to a continuous code,
// a predictor that maps the code to a score, and a decoder that maps the
// code back to the architecture.
//
//  * encoder: token embedding (ArchVocabulary, one token per gene choice),
//    dropout, a one-layer LSTM over the genes; each output row is
//    L2-normalised. The outputs [B, L, H] are the latent code; their mean,
//    normalised again, is the architecture embedding [B, H].
//  * predictor: an MLP (ReLU, dropout) on the embedding with a sigmoid
//    output: the super-net score scaled to [0, 1] (normalised_targets).
//  * decoder: an LSTM started from (embedding, embedding) that reads the
//    previous token (the start token first) and, optionally, attends over
//    the encoder outputs; position g may only emit gene g's tokens, so every
//    decoded sequence is a well-formed architecture of the space.
//
// Generation moves the latent code up the predictor's gradient,
// outputs' = normalise(outputs + eta * d prediction / d outputs), and decodes
// greedily from it.
//
// The controller always lives on the CPU: it is tiny, and CPU arithmetic
// keeps a run bitwise reproducible whatever device trains the super-net.
// Its randomness (initialisation, dropout) comes from a private generator
// that the sampler seeds from host RNG streams, never from torch's global
// generator.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace naskernel::nao {

struct ControllerShape {
  int64_t vocabulary_size = 1;        // ArchVocabulary::size()
  std::vector<int64_t> first_token;   // per position: the first token of its gene
  std::vector<int64_t> choices;       // per position: the gene's number of choices
  int64_t embedding_size = 32;
  int64_t hidden_size = 64;
  int64_t mlp_hidden_size = 64;
  int64_t mlp_layers = 2;
  double dropout = 0.1;
  bool attention = true;
};

// The encoder's view of a batch of architectures.
struct Encoding {
  torch::Tensor outputs;    // [B, L, H], rows of unit norm: the latent code
  torch::Tensor embedding;  // [B, H], unit norm: normalise(mean over L of outputs)
};

class NaoControllerImpl : public torch::nn::Module {
 public:
  explicit NaoControllerImpl(ControllerShape shape);

  const ControllerShape& shape() const { return shape_; }
  int64_t length() const { return static_cast<int64_t>(shape_.first_token.size()); }

  // tokens: int64 [B, L].
  Encoding encode(const torch::Tensor& tokens);
  // The predicted, scaled score of each embedding: [B] in (0, 1).
  torch::Tensor predict(const torch::Tensor& embedding);
  // Teacher-forced decoder log-probabilities of `tokens` given their
  // encoding: [B, L, V], -inf outside each position's gene.
  torch::Tensor reconstruction_log_probs(const Encoding& encoding, const torch::Tensor& tokens);
  // Greedy decoding: int64 [B, L], each position within its gene.
  torch::Tensor decode(const Encoding& encoding);

  // d(predict(embedding)) / d(outputs) for each architecture: [B, L, H].
  // Touches no parameter gradient.
  torch::Tensor predictor_gradient(const Encoding& encoding);
  // The code moved by eta times `gradient`, renormalised, and its embedding.
  static Encoding step(const Encoding& encoding, const torch::Tensor& gradient, double eta);
  static torch::Tensor summarise(const torch::Tensor& outputs);

  // Draws every parameter as PyTorch's default initialisation does, from a
  // generator seeded with `seed`.
  void initialise(uint64_t seed);
  // Seeds the dropout generator (the sampler does it before each update).
  void seed_dropout(uint64_t seed);

 private:
  torch::Tensor dropout(const torch::Tensor& input);
  torch::Tensor attend(const torch::Tensor& query, const torch::Tensor& source);
  // Logits [B, T, V] for positions first..first+T-1 with other genes' tokens at -inf.
  torch::Tensor restrict(const torch::Tensor& logits, int64_t first) const;
  std::tuple<torch::Tensor, torch::Tensor> initial_state(const Encoding& encoding) const;

  ControllerShape shape_;
  torch::nn::Embedding encoder_embedding_{nullptr};
  torch::nn::LSTM encoder_lstm_{nullptr};
  std::vector<torch::nn::Linear> mlp_;
  torch::nn::Linear regressor_{nullptr};
  torch::nn::Embedding decoder_embedding_{nullptr};
  torch::nn::LSTM decoder_lstm_{nullptr};
  torch::nn::Linear attention_in_{nullptr};
  torch::nn::Linear attention_out_{nullptr};
  torch::nn::Linear output_{nullptr};
  torch::Tensor disallowed_;  // bool [L, V]: true where a position may not emit a token
  at::Generator generator_;
};
TORCH_MODULE(NaoController);

// Builds a controller without drawing from torch's global generator (the
// kernel checkpoints that one); call initialise() before training.
NaoController make_controller(const ControllerShape& shape);

struct ControllerLoss {
  double loss = 0;  // trade_off * mse + (1 - trade_off) * nll
  double mse = 0;   // predictor, on scaled scores
  double nll = 0;   // decoder, mean per token
};

// One pass over the training pairs in `order`, in mini-batches of
// `batch_size`: tokens int64 [N, L], targets float [N] in [0, 1]. Returns
// the per-example means over the pass. Leaves the controller in training mode.
ControllerLoss train_epoch(NaoController& controller, torch::optim::Optimizer& optimizer,
                           const torch::Tensor& tokens, const torch::Tensor& targets,
                           const std::vector<int64_t>& order, int64_t batch_size, double trade_off,
                           double grad_clip);

// Without dropout or gradients: the predicted scaled scores [N] and the
// greedy reconstructions [N, L] of `tokens`.
torch::Tensor predict_tokens(NaoController& controller, const torch::Tensor& tokens);
torch::Tensor reconstruct_tokens(NaoController& controller, const torch::Tensor& tokens);

}  // namespace naskernel::nao
