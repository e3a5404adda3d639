// The kernel's super-net step, reduced to what the gdas tests need: an
// optional architecture step on a landmark batch, then a weight step on a
// training batch with the sampler's path, SGD on the super-net.
#pragma once

#include "gdas_sampler.h"
#include "toy_gdas_world.h"

#include <functional>
#include <map>
#include <sstream>
#include <string>

namespace gdas_test {

struct ToyRun {
  int total_epochs = 10;
  int64_t steps_per_epoch = 30;
  int64_t batch_size = 16;
  double weight_lr = 0.05;
  // Extra loss on discrete paths added to the weight step (a landmark-like
  // term), or none.
  std::function<torch::Tensor(ToyHost&, const Batch&)> extra_loss;
  // Called after the weight step's backward, before the super-net steps.
  std::function<void(const StepInfo&)> after_backward;
  bool step_supernet = true;
};

inline StepInfo step_info(const ToyRun& run, int64_t step) {
  StepInfo info;
  info.epoch = static_cast<int>(step / run.steps_per_epoch);
  info.total_epochs = run.total_epochs;
  info.step = step;
  info.step_in_epoch = step % run.steps_per_epoch;
  info.steps_per_epoch = run.steps_per_epoch;
  info.lr = run.weight_lr;
  return info;
}

inline void clear_supernet_gradients(ToyHost& host) {
  for (auto& p : host.net().parameters()) p.mutable_grad() = torch::Tensor();
}

// Steps [from, to) of a run, as the kernel's trainer orders them.
inline void train_steps(naskernel::gdas::GdasSampler& sampler, ToyHost& host, torch::optim::SGD& sgd,
                        const ToyData& data, const ToyRun& run, int64_t from, int64_t to) {
  for (int64_t step = from; step < to; ++step) {
    const StepInfo info = step_info(run, step);
    const Batch landmark = data.batch(2 * step + 1, run.batch_size);
    if (sampler.wants_architecture_step(info)) {
      sampler.architecture_step(info, landmark);
      clear_supernet_gradients(host);
    }
    const Path path = sampler.training_path(info);
    torch::Tensor loss = host.path_loss(path, data.batch(2 * step, run.batch_size));
    if (run.extra_loss) loss = loss + run.extra_loss(host, landmark);
    clear_supernet_gradients(host);
    loss.backward();
    if (run.after_backward) run.after_backward(info);
    if (run.step_supernet) sgd.step();
    clear_supernet_gradients(host);
    sampler.after_step(info, loss.item<double>());
    if (info.step_in_epoch + 1 == run.steps_per_epoch) sampler.on_epoch_end(info.epoch, info.total_epochs);
  }
}

inline naskernel::Config sampler_section(const std::string& toml) {
  return naskernel::Config::parse(toml + "\n__section__ = \"sampler\"\n");
}

}  // namespace gdas_test
