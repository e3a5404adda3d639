#include "nao_controller.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace naskernel::nao {

namespace F = torch::nn::functional;

namespace {

torch::Tensor unit_rows(const torch::Tensor& x) { return F::normalize(x, F::NormalizeFuncOptions().p(2).dim(-1)); }

void check_shape(const ControllerShape& s) {
  if (s.first_token.empty() || s.first_token.size() != s.choices.size())
    throw std::invalid_argument("nao controller: a vocabulary of at least one gene is required");
  if (s.embedding_size < 1 || s.hidden_size < 1 || s.mlp_hidden_size < 1 || s.mlp_layers < 0)
    throw std::invalid_argument("nao controller: sizes must be positive");
  if (!(s.dropout >= 0 && s.dropout < 1)) throw std::invalid_argument("nao controller: dropout must be in [0, 1)");
  for (size_t g = 0; g < s.choices.size(); ++g)
    if (s.choices[g] < 1 || s.first_token[g] < 1 || s.first_token[g] + s.choices[g] > s.vocabulary_size)
      throw std::invalid_argument("nao controller: gene " + std::to_string(g) + " lies outside the vocabulary");
}

}  // namespace

NaoControllerImpl::NaoControllerImpl(ControllerShape shape)
    : shape_(std::move(shape)), generator_(at::make_generator<at::CPUGeneratorImpl>(0)) {
  check_shape(shape_);
  const int64_t V = shape_.vocabulary_size, E = shape_.embedding_size, H = shape_.hidden_size;
  const int64_t M = shape_.mlp_hidden_size;

  encoder_embedding_ = register_module("encoder_embedding", torch::nn::Embedding(V, E));
  encoder_lstm_ = register_module("encoder_lstm", torch::nn::LSTM(torch::nn::LSTMOptions(E, H).batch_first(true)));
  for (int64_t i = 0; i < shape_.mlp_layers; ++i)
    mlp_.push_back(register_module("predictor_" + std::to_string(i), torch::nn::Linear(i == 0 ? H : M, M)));
  regressor_ = register_module("predictor_out", torch::nn::Linear(shape_.mlp_layers == 0 ? H : M, 1));
  decoder_embedding_ = register_module("decoder_embedding", torch::nn::Embedding(V, H));
  decoder_lstm_ = register_module("decoder_lstm", torch::nn::LSTM(torch::nn::LSTMOptions(H, H).batch_first(true)));
  if (shape_.attention) {
    attention_in_ = register_module("attention_in", torch::nn::Linear(torch::nn::LinearOptions(H, H).bias(false)));
    attention_out_ =
        register_module("attention_out", torch::nn::Linear(torch::nn::LinearOptions(2 * H, H).bias(false)));
  }
  output_ = register_module("decoder_out", torch::nn::Linear(H, V));

  disallowed_ = torch::ones({length(), V}, torch::kBool);
  for (int64_t g = 0; g < length(); ++g)
    disallowed_[g].slice(0, shape_.first_token[g], shape_.first_token[g] + shape_.choices[g]).fill_(false);
}

void NaoControllerImpl::initialise(uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  torch::NoGradGuard no_grad;
  auto uniform = [&](torch::Tensor t, double bound) { t.uniform_(-bound, bound, generator); };
  // Embedding: N(0, 1); Linear: U(+-1/sqrt(fan_in)) for weight and bias;
  // LSTM: U(+-1/sqrt(hidden)) for everything, as torch.nn does.
  auto linear = [&](torch::nn::Linear& layer) {
    if (!layer) return;
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer->weight.size(1)));
    uniform(layer->weight, bound);
    if (layer->bias.defined()) uniform(layer->bias, bound);
  };
  auto lstm = [&](torch::nn::LSTM& layer) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer->options.hidden_size()));
    for (auto& p : layer->parameters()) uniform(p, bound);
  };
  encoder_embedding_->weight.normal_(0.0, 1.0, generator);
  lstm(encoder_lstm_);
  for (auto& layer : mlp_) linear(layer);
  linear(regressor_);
  decoder_embedding_->weight.normal_(0.0, 1.0, generator);
  lstm(decoder_lstm_);
  linear(attention_in_);
  linear(attention_out_);
  linear(output_);
}

void NaoControllerImpl::seed_dropout(uint64_t seed) {
  std::lock_guard<std::mutex> lock(generator_.mutex());
  generator_.set_current_seed(seed);
}

torch::Tensor NaoControllerImpl::dropout(const torch::Tensor& input) {
  if (!is_training() || shape_.dropout == 0) return input;
  const double keep = 1.0 - shape_.dropout;
  const torch::Tensor mask = torch::empty_like(input).bernoulli_(keep, generator_);
  return input * mask / keep;
}

Encoding NaoControllerImpl::encode(const torch::Tensor& tokens) {
  const torch::Tensor embedded = dropout(encoder_embedding_(tokens));
  const torch::Tensor outputs = unit_rows(std::get<0>(encoder_lstm_(embedded)));
  return {outputs, summarise(outputs)};
}

torch::Tensor NaoControllerImpl::summarise(const torch::Tensor& outputs) { return unit_rows(outputs.mean(1)); }

torch::Tensor NaoControllerImpl::predict(const torch::Tensor& embedding) {
  torch::Tensor x = embedding;
  for (auto& layer : mlp_) x = dropout(torch::relu(layer(x)));
  return torch::sigmoid(regressor_(x)).squeeze(-1);
}

torch::Tensor NaoControllerImpl::attend(const torch::Tensor& query, const torch::Tensor& source) {
  if (!shape_.attention) return query;
  // Luong-style: score each encoder position against the decoder state,
  // mix the encoder outputs by those weights, and combine with the state.
  const torch::Tensor weights = torch::softmax(torch::bmm(attention_in_(query), source.transpose(1, 2)), -1);
  const torch::Tensor mix = torch::bmm(weights, source);
  return torch::tanh(attention_out_(torch::cat({mix, query}, -1)));
}

torch::Tensor NaoControllerImpl::restrict(const torch::Tensor& logits, int64_t first) const {
  const torch::Tensor mask = disallowed_.slice(0, first, first + logits.size(1)).unsqueeze(0);
  return logits.masked_fill(mask, -std::numeric_limits<float>::infinity());
}

std::tuple<torch::Tensor, torch::Tensor> NaoControllerImpl::initial_state(const Encoding& encoding) const {
  const torch::Tensor h = encoding.embedding.unsqueeze(0).contiguous();
  return {h, h};
}

torch::Tensor NaoControllerImpl::reconstruction_log_probs(const Encoding& encoding, const torch::Tensor& tokens) {
  const int64_t batch = tokens.size(0);
  const torch::Tensor start = torch::full({batch, 1}, int64_t{0}, torch::kLong);
  const torch::Tensor inputs = torch::cat({start, tokens.slice(1, 0, length() - 1)}, 1);
  const torch::Tensor embedded = dropout(decoder_embedding_(inputs));
  const torch::Tensor states = std::get<0>(decoder_lstm_(embedded, initial_state(encoding)));
  const torch::Tensor logits = output_(attend(states, encoding.outputs));
  return torch::log_softmax(restrict(logits, 0), -1);
}

torch::Tensor NaoControllerImpl::decode(const Encoding& encoding) {
  const int64_t batch = encoding.outputs.size(0);
  torch::Tensor input = torch::full({batch, 1}, int64_t{0}, torch::kLong);
  std::tuple<torch::Tensor, torch::Tensor> state = initial_state(encoding);
  std::vector<torch::Tensor> tokens;
  for (int64_t g = 0; g < length(); ++g) {
    auto [states, next_state] = decoder_lstm_(dropout(decoder_embedding_(input)), state);
    state = next_state;
    const torch::Tensor logits = restrict(output_(attend(states, encoding.outputs)), g);  // [B, 1, V]
    input = logits.squeeze(1).argmax(1, /*keepdim=*/true);
    tokens.push_back(input);
  }
  return torch::cat(tokens, 1);
}

torch::Tensor NaoControllerImpl::predictor_gradient(const Encoding& encoding) {
  torch::AutoGradMode enable(true);
  const torch::Tensor outputs = encoding.outputs.detach().requires_grad_(true);
  const torch::Tensor prediction = predict(summarise(outputs));
  // Each architecture's prediction depends on its own code only, so the
  // gradient of the sum is every architecture's own gradient.
  return torch::autograd::grad({prediction.sum()}, {outputs})[0];
}

Encoding NaoControllerImpl::step(const Encoding& encoding, const torch::Tensor& gradient, double eta) {
  const torch::Tensor outputs = unit_rows(encoding.outputs.detach() + eta * gradient);
  return {outputs, summarise(outputs)};
}

NaoController make_controller(const ControllerShape& shape) {
  // Module constructors draw their default initialisation from torch's
  // global generator; put it back so the kernel's stream is untouched.
  at::Generator global = at::detail::getDefaultCPUGenerator();
  torch::Tensor state;
  {
    std::lock_guard<std::mutex> lock(global.mutex());
    state = global.get_state();
  }
  NaoController controller(shape);
  {
    std::lock_guard<std::mutex> lock(global.mutex());
    global.set_state(state);
  }
  return controller;
}

ControllerLoss train_epoch(NaoController& controller, torch::optim::Optimizer& optimizer,
                           const torch::Tensor& tokens, const torch::Tensor& targets,
                           const std::vector<int64_t>& order, int64_t batch_size, double trade_off,
                           double grad_clip) {
  controller->train();
  const int64_t vocabulary = controller->shape().vocabulary_size;
  const torch::Tensor index = torch::tensor(order, torch::kLong);
  const int64_t n = index.size(0);
  ControllerLoss sum;
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const torch::Tensor rows = index.slice(0, begin, std::min(n, begin + batch_size));
    const torch::Tensor x = tokens.index_select(0, rows);
    const torch::Tensor y = targets.index_select(0, rows);

    optimizer.zero_grad();
    const Encoding encoding = controller->encode(x);
    const torch::Tensor mse = F::mse_loss(controller->predict(encoding.embedding), y);
    const torch::Tensor log_probs = controller->reconstruction_log_probs(encoding, x);
    const torch::Tensor nll = F::nll_loss(log_probs.reshape({-1, vocabulary}), x.reshape(-1));
    const torch::Tensor loss = trade_off * mse + (1.0 - trade_off) * nll;
    loss.backward();
    if (grad_clip > 0) torch::nn::utils::clip_grad_norm_(controller->parameters(), grad_clip);
    optimizer.step();

    const double weight = static_cast<double>(rows.size(0));
    sum.loss += loss.item<double>() * weight;
    sum.mse += mse.item<double>() * weight;
    sum.nll += nll.item<double>() * weight;
  }
  if (n > 0) sum.loss /= n, sum.mse /= n, sum.nll /= n;
  return sum;
}

torch::Tensor predict_tokens(NaoController& controller, const torch::Tensor& tokens) {
  controller->eval();
  torch::NoGradGuard no_grad;
  return controller->predict(controller->encode(tokens).embedding);
}

torch::Tensor reconstruct_tokens(NaoController& controller, const torch::Tensor& tokens) {
  controller->eval();
  torch::NoGradGuard no_grad;
  return controller->decode(controller->encode(tokens));
}

}  // namespace naskernel::nao
