// The kernel's manifest sections, read into plain structs. Each read_* call
// checks types and rejects unknown keys (Config::finish).
#pragma once

#include "forward_pass.h"

#include <naskernel/config.h>
#include <naskernel/task.h>

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel {

class Fingerprint;

// What super-net and stand-alone training share: the optimizer, its
// learning-rate schedule and gradient clipping (see training_step.h).
struct TrainingRecipe {
  int epochs = 0;
  int64_t batch_size = 0;
  int64_t steps_per_epoch = 0;  // 0: one pass over the training split
  std::string optimizer = "sgd";  // "sgd" (momentum, nesterov) | "adam" | "adamw"
  std::string schedule = "cosine";  // "cosine" (lr -> lr_min per step) | "constant"
  double lr = 0, lr_min = 0, momentum = 0.9, weight_decay = 5e-4;
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999;  // adam, adamw
  double grad_clip = 0;               // max gradient norm; <= 0 disables

  void add_to(Fingerprint& fingerprint, const std::string& section) const;
};

// [supernet]: weight-sharing training.
struct SupernetRecipe : TrainingRecipe {
  SupernetRecipe() { epochs = 50, batch_size = 64, lr = 0.025, lr_min = 0.001, grad_clip = 5.0; }
  int eval_every = 10;     // epochs between ranking evaluations (the last epoch always)
  // 0: each step's landmark batch is the next of a stream over the whole
  // search_landmark split; k > 0: the same first k batches, in turn.
  int64_t landmark_batches = 0;
  ForwardPass forward_pass;  // precision and memory layout of the super-net's forward passes (forward_pass.h)
};
SupernetRecipe read_supernet_recipe(const Config& section);

// [standalone]: training one architecture from scratch (ground truth).
struct StandaloneRecipe : TrainingRecipe {
  StandaloneRecipe() { epochs = 10, batch_size = 128, lr = 0.1, lr_min = 0.0, nesterov = true; }
  double drop_path = 0;         // final drop-path probability, raised linearly per epoch (DARTS)
  double auxiliary_weight = 0;  // weight of an auxiliary head's loss (DARTS: 0.4)
  int64_t seed = 0;
  // seed = "run": the first recipe seed is run.seed x ground_truth.repeats,
  // so each study seed trains its own ground truth (GroundTruthProvider).
  bool seed_from_run = false;
  Split eval_split = Split::test;  // split whose primary metric is the ground truth
  int workers = 1;                 // parallel worker processes
  int threads_per_worker = 1;      // intra-op threads in each worker

  void add_to(Fingerprint& fingerprint) const;  // everything that changes the result
};
StandaloneRecipe read_standalone_recipe(const Config& section);

// [evaluation]: ranking the super-net against ground truth.
struct EvaluationOptions {
  int archs = 200;               // M, drawn uniformly, landmarks excluded
  int64_t batch_size = 256;
  int64_t batches = 10;          // fixed search_valid batches per score (0: whole split)
  double skdt_precision = 0.1;   // ground-truth bin width for sparse Kendall tau
  int proposals = 10;            // top-k proposed by the sampler at the end
  int64_t seed = 0;              // draws the evaluation set: fixed across run seeds by default,
                                 // so runs share it and its ground truth
  std::string score = "metric";  // what ranks super-net paths: the task's primary metric, or
                                 // "loss": its loss (what the landmark regularizer compares)
  // 0: score in training mode (each evaluation batch's own BN statistics);
  // k: re-estimate BN running statistics per path on k search_train
  // batches, then score in evaluation mode (needs BN that keeps them).
  int64_t bn_recalibration_batches = 0;
};
EvaluationOptions read_evaluation_options(const Config& section);

// [landmarks]
struct LandmarkOptions {
  int count = 10;                  // K per iteration
  int iterations = 3;              // T
  std::string selection = "diverse";
  int min_distance = 3;            // d for diverse selection
  std::string min_distance_location;  // "file:line:col: " where it was set, for errors
  int max_tries = 10000;           // mutations before diverse selection gives up
  std::vector<std::string> archs;  // for selection = "list"
};
LandmarkOptions read_landmark_options(const Config& section);

Split parse_split(const std::string& name, const Config& section, const std::string& key);

}  // namespace naskernel
