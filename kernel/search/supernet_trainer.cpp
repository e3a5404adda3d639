#include "supernet_trainer.h"

#include "training_step.h"

#include "../host/progress.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <sstream>

namespace naskernel {

SupernetTrainer::SupernetTrainer(const SupernetRecipe& recipe, int total_epochs, SearchHost& host, Sampler& sampler,
                                 std::vector<NamedRegularizer> regularizers, uint64_t seed)
    : recipe_(recipe),
      total_epochs_(total_epochs),
      host_(host),
      sampler_(sampler),
      regularizers_(std::move(regularizers)),
      parameters_(host.supernet().parameters()),
      optimizer_(make_optimizer(recipe, parameters_)),
      averager_(host.collectives()),
      train_stream_(host.task(), Split::search_train, recipe.batch_size, seed, true, host.collectives().rank(),
                    host.collectives().world_size()),
      landmark_stream_(host.task(), Split::search_landmark, recipe.batch_size, seed, true, host.collectives().rank(),
                       host.collectives().world_size(), recipe.landmark_batches) {
  steps_per_epoch_ = recipe.steps_per_epoch > 0 ? recipe.steps_per_epoch : train_stream_.batches_per_pass();
}

std::vector<Regularizer*> SupernetTrainer::regularizers() const {
  std::vector<Regularizer*> out;
  for (const auto& r : regularizers_) out.push_back(r.regularizer.get());
  return out;
}

double SupernetTrainer::lr_at(int64_t step) const {
  return scheduled_lr(recipe_, step, steps_per_epoch_ * total_epochs_);
}

std::string SupernetTrainer::describe(const Path& path) const {
  const SearchSpace& space = host_.space();
  if (space.paths_are_archs()) {  // the path is an architecture: its own string says most
    try {
      return space.format(Arch{space.name(), path.choices});
    } catch (const std::exception&) {
    }
  }
  const auto& genes = space.path_genes();
  std::string text;
  for (size_t g = 0; g < path.choices.size() && g < genes.size(); ++g) {
    const int c = path.choices[g];
    const bool known = c >= 0 && static_cast<size_t>(c) < genes[g].choices.size();
    text += (text.empty() ? "" : " ") + genes[g].name + "=" + (known ? genes[g].choices[c] : std::to_string(c));
  }
  return text;
}

bool SupernetTrainer::run_step(double& loss_sum, std::map<std::string, double>& values) {
  StepInfo info;
  info.epoch = epoch_;
  info.total_epochs = total_epochs_;
  info.step = step_;
  info.step_in_epoch = step_in_epoch_;
  info.steps_per_epoch = steps_per_epoch_;
  info.lr = lr_at(step_);
  set_learning_rate(*optimizer_, info.lr);

  Batch landmark_batch;
  auto landmark = [&]() -> const Batch& {
    if (!landmark_batch.input.defined())
      landmark_batch = landmark_stream_.next(&host_.rng("augment.search_landmark"));
    return landmark_batch;
  };

  if (sampler_.wants_architecture_step(info)) {
    sampler_.architecture_step(info, landmark());
    clear_gradients(parameters_);  // an architecture step never moves super-net weights
  }

  const Path path = sampler_.training_path(info);
  const Batch batch = train_stream_.next(&host_.rng("augment.search_train"));
  torch::Tensor task_loss = host_.path_loss(path, batch);
  torch::Tensor total = task_loss;
  for (const auto& r : regularizers_) {
    const double weight = r.regularizer->weight(epoch_, total_epochs_);
    values["regularizer." + r.name + ".weight"] = weight;
    if (weight == 0) continue;
    torch::Tensor term = r.regularizer->loss(info, landmark());
    values["regularizer." + r.name + ".loss_sum"] += term.item<double>();
    // Steps whose term reaches the weights (a landmark hinge of ordered pairs does not).
    values["regularizer." + r.name + ".active_sum"] += term.requires_grad() ? 1.0 : 0.0;
    total = total + weight * term;
  }

  const double total_value = total.item<double>();
  if (!std::isfinite(total_value)) {
    std::ostringstream message;
    message << "the super-net loss became " << total_value << " at epoch " << epoch_ + 1 << ", step " << step_
            << " (path " << describe(path) << "); lower the learning rate or enable grad_clip";
    throw NonFiniteLoss(message.str());
  }

  double task_value = task_loss.item<double>();
  optimization_step(*optimizer_, parameters_, total, recipe_.grad_clip, [&] {
    const StepAgreement agreed =
        averager_.average(parameters_, host_.stop_requested_here(), task_value, path_signature(path));
    task_value = agreed.task_loss;
    agreed_stop_ = agreed.stop;
  });
  host_.set_agreed_stop(agreed_stop_);

  sampler_.after_step(info, task_value);
  loss_sum += task_value;
  images_ += batch.size() * host_.collectives().world_size();
  ++step_;
  ++step_in_epoch_;
  return true;
}

int64_t SupernetTrainer::path_signature(const Path& path) {
  // FNV-1a over the choices: equal on every rank when the paths are.
  uint64_t hash = 1469598103934665603ull;
  for (const int choice : path.choices) hash = (hash ^ static_cast<uint64_t>(choice + 1)) * 1099511628211ull;
  return static_cast<int64_t>(hash >> 1);
}

bool SupernetTrainer::stop_requested() const {
  return host_.collectives().world_size() > 1 ? agreed_stop_ : host_.cancelled();
}

void SupernetTrainer::average_over_ranks(std::map<std::string, double>& values) {
  Collectives& collectives = host_.collectives();
  if (collectives.world_size() == 1 || values.empty()) return;
  std::vector<double> packed;
  for (const auto& [name, value] : values) packed.push_back(value);
  auto tensor = torch::tensor(packed, torch::kFloat64);
  collectives.all_reduce(tensor, ReduceOp::mean);
  size_t i = 0;
  for (auto& [name, value] : values) value = tensor[static_cast<int64_t>(i++)].item<double>();
}

bool SupernetTrainer::train_until(int end_epoch, const std::function<void(const EpochSummary&)>& on_epoch_end) {
  while (epoch_ < end_epoch) {
    const auto start = std::chrono::steady_clock::now();
    std::map<std::string, double> values;
    Progress progress("epoch " + std::to_string(epoch_ + 1) + "/" + std::to_string(total_epochs_), steps_per_epoch_);
    while (step_in_epoch_ < steps_per_epoch_) {
      if (stop_requested()) return false;
      run_step(epoch_loss_sum_, values);
      std::ostringstream detail;
      detail.precision(4);
      detail << "loss " << epoch_loss_sum_ / static_cast<double>(step_in_epoch_);
      progress.update(step_in_epoch_, detail.str());
    }
    progress.finish();
    sampler_.on_epoch_end(epoch_, total_epochs_);
    average_over_ranks(values);
    average_floating_buffers(host_.collectives(), host_.supernet().buffers());

    EpochSummary summary;
    summary.epoch = epoch_;
    summary.loss = epoch_loss_sum_ / static_cast<double>(steps_per_epoch_);
    summary.lr = lr_at(step_ - 1);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& [name, value] : values) {
      // Loss sums become per-step means; weights are reported as they are.
      const std::string suffix = "_sum";
      if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        summary.values[name.substr(0, name.size() - suffix.size())] = value / static_cast<double>(steps_per_epoch_);
      else
        summary.values[name] = value;
    }
    for (auto& [name, value] : host_.take_records()) summary.values[name] = value;

    ++epoch_;
    step_in_epoch_ = 0;
    epoch_loss_sum_ = 0;
    on_epoch_end(summary);
  }
  return true;
}

nlohmann::json SupernetTrainer::state() const {
  return {{"epoch", epoch_},
          {"step", step_},
          {"step_in_epoch", step_in_epoch_},
          {"images", images_},
          {"epoch_loss_sum", epoch_loss_sum_},
          {"train_stream", train_stream_.state()},
          {"landmark_stream", landmark_stream_.state()}};
}

void SupernetTrainer::restore(const nlohmann::json& state) {
  epoch_ = state.at("epoch").get<int>();
  step_ = state.at("step").get<int64_t>();
  step_in_epoch_ = state.at("step_in_epoch").get<int64_t>();
  images_ = state.at("images").get<int64_t>();
  epoch_loss_sum_ = state.at("epoch_loss_sum").get<double>();
  train_stream_.restore(state.at("train_stream"));
  landmark_stream_.restore(state.at("landmark_stream"));
}

}  // namespace naskernel
