#include "batch_norm_recalibration.h"

#include <naskernel/errors.h>

#include <string>

namespace naskernel {

namespace {

// Calls f(batch_norm) for each 1-, 2- and 3-d batch norm of `net` that keeps running statistics.
template <typename F>
void for_each_running_batch_norm(torch::nn::Module& net, F&& f) {
  for (const auto& module : net.modules()) {
    if (auto* bn = module->as<torch::nn::BatchNorm1d>(); bn && bn->options.track_running_stats()) f(*bn);
    if (auto* bn = module->as<torch::nn::BatchNorm2d>(); bn && bn->options.track_running_stats()) f(*bn);
    if (auto* bn = module->as<torch::nn::BatchNorm3d>(); bn && bn->options.track_running_stats()) f(*bn);
  }
}

}  // namespace

bool has_running_batch_norm(torch::nn::Module& net) {
  bool found = false;
  for_each_running_batch_norm(net, [&](auto&) { found = true; });
  return found;
}

void check_batch_norm_recalibration(SuperNet& net, const Config& evaluation) {
  const int64_t batches = evaluation.get<int64_t>("bn_recalibration_batches", 0);
  if (batches > 0 && !has_running_batch_norm(net))
    throw ConfigError(evaluation.location("bn_recalibration_batches") + "key `" +
                      evaluation.path("bn_recalibration_batches") + "` = " + std::to_string(batches) +
                      " re-estimates batch-norm running statistics, but this super-net's batch norms keep none; "
                      "let them keep them (NB201, NB101 and depth_fusion: search_space.supernet_bn_track_running_stats "
                      "= true; DARTS: search_space.supernet_track_running_stats = true), or score with batch "
                      "statistics (0)");
}

BatchNormRecalibration::BatchNormRecalibration(SuperNet& net) : net_(net), was_training_(net.is_training()) {
  for_each_running_batch_norm(net, [&](auto& bn) {
    saved_.push_back({&bn.running_mean, &bn.running_var, &bn.num_batches_tracked, &bn.options.momentum(),
                      bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone(),
                      bn.options.momentum()});
  });
}

BatchNormRecalibration::~BatchNormRecalibration() {
  torch::NoGradGuard no_grad;
  for (auto& s : saved_) {
    s.running_mean->copy_(s.mean);
    s.running_var->copy_(s.var);
    s.batches_tracked->copy_(s.tracked);
    *s.momentum = s.momentum_value;
  }
  net_.train(was_training_);
}

void BatchNormRecalibration::recalibrate(const Path& path, const std::vector<Batch>& batches,
                                         const ForwardPass& forward_pass) {
  torch::NoGradGuard no_grad;
  for (auto& s : saved_) {
    s.running_mean->zero_();
    s.running_var->fill_(1);
    s.batches_tracked->zero_();
    *s.momentum = c10::nullopt;  // a cumulative average over the batches, not an exponential one
  }
  net_.train();
  for (const auto& batch : batches) forward_in(forward_pass, net_, batch.input, path);
  net_.eval();
}

}  // namespace naskernel
