#include "nao_settings.h"

#include <naskernel/errors.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

namespace naskernel::nao {

namespace {

// The shortest decimal text that reads back as the same double (0.8, not
// 0.80000000000000004).
std::string number_text(double value) {
  std::string text;
  for (int precision = 6; precision <= 17; ++precision) {
    std::ostringstream out;
    out.precision(precision);
    out << value;
    text = out.str();
    if (std::stod(text) == value) break;
  }
  // TOML needs a decimal point or an exponent to read a float.
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

ConfigError bad_value(const Config& config, const std::string& key, const std::string& rule,
                      const std::string& got) {
  return ConfigError(config.location(key) + "key `" + config.path(key) + "` must be " + rule + ", got " + got);
}

int read_int(const Config& config, const std::string& key, int fallback, int minimum) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value < minimum || value > 1000000000)
    throw bad_value(config, key, "an integer from " + std::to_string(minimum) + " to 1000000000",
                    std::to_string(value));
  return static_cast<int>(value);
}

// A finite number in [minimum, maximum] (or (minimum, maximum] when the
// minimum itself is excluded).
double read_number(const Config& config, const std::string& key, double fallback, double minimum,
                   bool minimum_allowed, double maximum = HUGE_VAL) {
  const double value = config.get<double>(key, fallback);
  const bool above = minimum_allowed ? value >= minimum : value > minimum;
  if (!std::isfinite(value) || !above || value > maximum) {
    std::string rule = "a finite number " + std::string(minimum_allowed ? ">= " : "> ") + number_text(minimum);
    if (std::isfinite(maximum)) rule += " and <= " + number_text(maximum);
    throw bad_value(config, key, rule, number_text(value));
  }
  return value;
}

}  // namespace

NaoSettings read_nao_settings(const Config& config) {
  const NaoSettings d;
  NaoSettings s;
  s.warmup_epochs = read_int(config, "warmup_epochs", d.warmup_epochs, 0);
  s.controller_every = read_int(config, "controller_every", d.controller_every, 1);
  s.controller_epochs = read_int(config, "controller_epochs", d.controller_epochs, 1);

  s.trade_off = read_number(config, "trade_off", d.trade_off, 0.0, true, 1.0);
  s.controller_lr = read_number(config, "controller_lr", d.controller_lr, 0.0, false);
  s.controller_weight_decay = read_number(config, "controller_weight_decay", d.controller_weight_decay, 0.0, true);
  s.controller_grad_clip = read_number(config, "controller_grad_clip", d.controller_grad_clip, 0.0, true);
  s.batch_size = read_int(config, "batch_size", d.batch_size, 1);

  s.embedding_size = read_int(config, "embedding_size", d.embedding_size, 1);
  s.hidden_size = read_int(config, "hidden_size", d.hidden_size, 1);
  s.mlp_hidden_size = read_int(config, "mlp_hidden_size", d.mlp_hidden_size, 1);
  s.mlp_layers = read_int(config, "mlp_layers", d.mlp_layers, 0);
  s.dropout = config.get<double>("dropout", d.dropout);
  if (!(s.dropout >= 0 && s.dropout < 1))
    throw bad_value(config, "dropout", "in [0, 1)", number_text(s.dropout));
  s.attention = config.get<bool>("attention", d.attention);

  s.seed_pool = read_int(config, "seed_pool", d.seed_pool, 2);
  s.seed_archs = read_int(config, "seed_archs", d.seed_archs, 1);
  s.new_archs = read_int(config, "new_archs", d.new_archs, 0);
  s.random_archs = read_int(config, "random_archs", d.random_archs, 0);
  s.eta = read_number(config, "eta", d.eta, 0.0, false);
  s.max_eta_rounds = read_int(config, "max_eta_rounds", d.max_eta_rounds, 1);
  return s;
}

std::vector<KeySpec> nao_keys() {
  const NaoSettings d;
  auto integer = [](int value) { return std::to_string(value); };
  return {
      {"warmup_epochs", "integer", integer(d.warmup_epochs),
       "epochs of uniform random paths; afterwards paths are drawn uniformly from the pool"},
      {"controller_every", "integer", integer(d.controller_every),
       "epochs between controller updates; the first is at the end of warm-up"},
      {"controller_epochs", "integer", integer(d.controller_epochs),
       "controller training passes over the pool per update (paper and reference: 1000)"},
      {"trade_off", "float", number_text(d.trade_off),
       "loss = trade_off * predictor MSE + (1 - trade_off) * decoder NLL, in [0, 1]"},
      {"controller_lr", "float", number_text(d.controller_lr), "Adam learning rate of the controller"},
      {"controller_weight_decay", "float", number_text(d.controller_weight_decay),
       "Adam weight decay (L2) of the controller"},
      {"controller_grad_clip", "float", number_text(d.controller_grad_clip),
       "maximum gradient norm per controller step; 0 turns clipping off"},
      {"batch_size", "integer", integer(d.batch_size), "pool members per controller training step (reference: 100)"},
      {"embedding_size", "integer", integer(d.embedding_size), "encoder token embedding size"},
      {"hidden_size", "integer", integer(d.hidden_size), "encoder and decoder LSTM state size"},
      {"mlp_hidden_size", "integer", integer(d.mlp_hidden_size), "width of the predictor's hidden layers"},
      {"mlp_layers", "integer", integer(d.mlp_layers), "hidden layers of the predictor MLP (0 = linear)"},
      {"dropout", "float", number_text(d.dropout),
       "dropout on token embeddings and predictor hidden layers while training, in [0, 1)"},
      {"attention", "boolean", d.attention ? "true" : "false", "the decoder attends over the encoder outputs"},
      {"seed_pool", "integer", integer(d.seed_pool), "random architectures in the initial pool (reference: 100)"},
      {"seed_archs", "integer", integer(d.seed_archs),
       "best pool members (by super-net score) moved in latent space at each update (reference: 100)"},
      {"new_archs", "integer", integer(d.new_archs),
       "generated architectures added to the pool per update, at most (reference: 300)"},
      {"random_archs", "integer", integer(d.random_archs),
       "random architectures added to the pool per update (reference: 400)"},
      {"eta", "float", number_text(d.eta), "latent step size of the first generation round; round r uses r * eta"},
      {"max_eta_rounds", "integer", integer(d.max_eta_rounds),
       "generation rounds with growing step size before giving up (reference: 50)"},
  };
}

}  // namespace naskernel::nao
