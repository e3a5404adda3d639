// The NAO sampler's manifest keys: their schema, defaults and validation.
//
// Kept apart from the sampler so that the key table (what
// `naskernel plugins --keys nao` prints) and the checks that read it are one
// list, and so that tests can read a configuration without a host.
#pragma once

#include <naskernel/config.h>
#include <naskernel/key_spec.h>

#include <vector>

namespace naskernel::nao {

struct NaoSettings {
  // ---- schedule ----
  int warmup_epochs = 5;       // uniform random paths before this epoch; then paths from the pool
  int controller_every = 5;    // epochs between controller updates, the first at the end of warm-up
  int controller_epochs = 100; // passes over the pool per update (reference: 1000)

  // ---- controller training ----
  double trade_off = 0.8;               // weight of the predictor's MSE; 1 - trade_off weighs the decoder's NLL
  double controller_lr = 1e-3;          // Adam
  double controller_weight_decay = 1e-4;// Adam's L2 term (reference: controller_l2_reg)
  double controller_grad_clip = 5.0;    // max gradient norm per step, 0 = off
  int batch_size = 25;                  // pool members per controller step (reference: 100)

  // ---- controller shape ----
  int embedding_size = 16;   // encoder token embedding
  int hidden_size = 32;      // encoder and decoder LSTM state (the decoder starts from the encoder's)
  int mlp_hidden_size = 64;  // predictor MLP width
  int mlp_layers = 2;        // predictor hidden layers
  double dropout = 0.1;      // on token embeddings and predictor hidden layers
  bool attention = true;     // decoder attends over the encoder outputs

  // ---- pool ----
  int seed_pool = 100;     // random architectures in the initial pool (reference: 100)
  int seed_archs = 100;    // best pool members whose latent codes are stepped (reference: 100)
  int new_archs = 50;      // generated architectures added per update, at most (reference: 300)
  int random_archs = 50;   // random architectures added per update (reference: 400)
  double eta = 1.0;        // latent step size of the first round; round r uses r * eta
  int max_eta_rounds = 50; // rounds of growing steps before generation gives up (reference: 50)
};

// Reads and checks every key; a bad value is a ConfigError naming the key,
// where it was written and the rule it breaks.
NaoSettings read_nao_settings(const Config& config);

// The key schema: name, type, default and a one-line help for every key
// read_nao_settings() reads.
std::vector<KeySpec> nao_keys();

}  // namespace naskernel::nao
