#include "recipes.h"

#include "../ground_truth/fingerprint.h"

#include <naskernel/suggest.h>

#include <algorithm>

namespace naskernel {

namespace {

void require_positive(const Config& c, const std::string& key, double value) {
  if (!(value > 0)) throw ConfigError(c.location(key) + "key `" + c.path(key) + "` must be positive");
}

void require_non_negative(const Config& c, const std::string& key, double value) {
  if (value < 0) throw ConfigError(c.location(key) + "key `" + c.path(key) + "` must not be negative");
}

// Reads the shared training keys over the defaults already in `r`.
void read_training_recipe(const Config& c, TrainingRecipe& r) {
  r.epochs = c.get<int>("epochs", r.epochs);
  r.batch_size = c.get<int64_t>("batch_size", r.batch_size);
  r.steps_per_epoch = c.get<int64_t>("steps_per_epoch", r.steps_per_epoch);
  r.optimizer = c.get<std::string>("optimizer", r.optimizer);
  r.schedule = c.get<std::string>("schedule", r.schedule);
  r.lr = c.get<double>("lr", r.lr);
  r.lr_min = c.get<double>("lr_min", r.lr_min);
  r.momentum = c.get<double>("momentum", r.momentum);
  r.nesterov = c.get<bool>("nesterov", r.nesterov);
  r.weight_decay = c.get<double>("weight_decay", r.weight_decay);
  r.beta1 = c.get<double>("beta1", r.beta1);
  r.beta2 = c.get<double>("beta2", r.beta2);
  r.grad_clip = c.get<double>("grad_clip", r.grad_clip);
}

void require_one_of(const Config& c, const std::string& key, const std::string& value,
                    const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw ConfigError(c.location(key) + "key `" + c.path(key) + "` must be one of " + list + ", got `" + value + "`" +
                    did_you_mean(value, allowed));
}

void check_training_recipe(const Config& c, const TrainingRecipe& r) {
  require_positive(c, "epochs", r.epochs);
  require_positive(c, "batch_size", static_cast<double>(r.batch_size));
  require_non_negative(c, "steps_per_epoch", static_cast<double>(r.steps_per_epoch));
  require_one_of(c, "optimizer", r.optimizer, {"sgd", "adam", "adamw"});
  require_one_of(c, "schedule", r.schedule, {"cosine", "constant"});
  require_positive(c, "lr", r.lr);
  require_non_negative(c, "lr_min", r.lr_min);
  require_non_negative(c, "weight_decay", r.weight_decay);
  if (!(r.beta1 >= 0 && r.beta1 < 1)) throw ConfigError(c.location("beta1") + "key `" + c.path("beta1") + "` must be in [0, 1)");
  if (!(r.beta2 >= 0 && r.beta2 < 1)) throw ConfigError(c.location("beta2") + "key `" + c.path("beta2") + "` must be in [0, 1)");
}

}  // namespace

Split parse_split(const std::string& name, const Config& c, const std::string& key) {
  const std::vector<std::string> names = {"search_train", "search_landmark", "search_valid", "train", "test"};
  for (size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<Split>(i);
  throw ConfigError(c.location(key) + "key `" + c.path(key) + "` must name a split (search_train, search_landmark, search_valid, train, test), got `" + name + "`" + did_you_mean(name, names));
}

SupernetRecipe read_supernet_recipe(const Config& c) {
  SupernetRecipe r;
  read_training_recipe(c, r);
  r.eval_every = c.get<int>("eval_every", r.eval_every);
  r.landmark_batches = c.get<int64_t>("landmark_batches", r.landmark_batches);
  r.forward_pass.precision = read_precision(c, "precision");
  r.forward_pass.layout = read_memory_layout(c, "memory_layout");
  c.finish({});
  check_training_recipe(c, r);
  require_positive(c, "eval_every", r.eval_every);
  require_non_negative(c, "landmark_batches", static_cast<double>(r.landmark_batches));
  return r;
}

StandaloneRecipe read_standalone_recipe(const Config& c) {
  StandaloneRecipe r;
  read_training_recipe(c, r);
  r.drop_path = c.get<double>("drop_path", r.drop_path);
  r.auxiliary_weight = c.get<double>("auxiliary_weight", r.auxiliary_weight);
  const toml::node* seed = c.table().get("seed");
  if (seed && seed->is_string()) {
    const std::string text = c.get<std::string>("seed", "");
    if (text != "run")
      throw ConfigError(c.location("seed") + "key `" + c.path("seed") + "` must be an integer or \"run\", got \"" +
                        text + "\"");
    r.seed_from_run = true;
  } else {
    r.seed = c.get<int64_t>("seed", r.seed);
  }
  r.eval_split = parse_split(c.get<std::string>("eval_split", "test"), c, "eval_split");
  r.workers = c.get<int>("workers", r.workers);
  r.threads_per_worker = c.get<int>("threads_per_worker", r.threads_per_worker);
  c.finish({});
  check_training_recipe(c, r);
  if (!(r.drop_path >= 0 && r.drop_path < 1))
    throw ConfigError(c.location("drop_path") + "key `" + c.path("drop_path") + "` must be in [0, 1)");
  require_non_negative(c, "auxiliary_weight", r.auxiliary_weight);
  require_positive(c, "workers", r.workers);
  require_positive(c, "threads_per_worker", r.threads_per_worker);
  return r;
}

void TrainingRecipe::add_to(Fingerprint& f, const std::string& section) const {
  f.add(section + ".epochs", static_cast<int64_t>(epochs));
  f.add(section + ".batch_size", batch_size);
  f.add(section + ".steps_per_epoch", steps_per_epoch);
  f.add(section + ".lr", lr);
  f.add(section + ".lr_min", lr_min);
  f.add(section + ".weight_decay", weight_decay);
  f.add(section + ".grad_clip", grad_clip);
  // Keys of the other optimizers stay out, so SGD fingerprints are unchanged
  // by keys that cannot matter to them.
  if (optimizer == "sgd") {
    f.add(section + ".momentum", momentum);
    f.add(section + ".nesterov", static_cast<int64_t>(nesterov));
  } else {
    f.add(section + ".optimizer", optimizer);
    f.add(section + ".beta1", beta1);
    f.add(section + ".beta2", beta2);
  }
  if (schedule != "cosine") f.add(section + ".schedule", schedule);
}

void StandaloneRecipe::add_to(Fingerprint& f) const {
  // workers and threads change speed, not results, so they stay out.
  TrainingRecipe::add_to(f, "standalone");
  if (drop_path > 0) f.add("standalone.drop_path", drop_path);
  if (auxiliary_weight > 0) f.add("standalone.auxiliary_weight", auxiliary_weight);
  f.add("standalone.eval_split", split_name(eval_split));
}

EvaluationOptions read_evaluation_options(const Config& c) {
  EvaluationOptions o;
  o.archs = c.get<int>("archs", o.archs);
  o.batch_size = c.get<int64_t>("batch_size", o.batch_size);
  o.batches = c.get<int64_t>("batches", o.batches);
  o.skdt_precision = c.get<double>("skdt_precision", o.skdt_precision);
  o.proposals = c.get<int>("proposals", o.proposals);
  o.seed = c.get<int64_t>("seed", o.seed);
  o.score = c.get<std::string>("score", o.score);
  o.bn_recalibration_batches = c.get<int64_t>("bn_recalibration_batches", o.bn_recalibration_batches);
  c.finish({});
  require_one_of(c, "score", o.score, {"metric", "loss"});
  require_positive(c, "archs", o.archs);
  require_positive(c, "batch_size", static_cast<double>(o.batch_size));
  require_non_negative(c, "batches", static_cast<double>(o.batches));
  require_non_negative(c, "bn_recalibration_batches", static_cast<double>(o.bn_recalibration_batches));
  require_positive(c, "skdt_precision", o.skdt_precision);
  require_positive(c, "proposals", o.proposals);
  return o;
}

LandmarkOptions read_landmark_options(const Config& c) {
  LandmarkOptions o;
  o.count = c.get<int>("count", o.count);
  o.iterations = c.get<int>("iterations", o.iterations);
  o.selection = c.get<std::string>("selection", o.selection);
  o.min_distance = c.get<int>("min_distance", o.min_distance);
  o.min_distance_location = c.location("min_distance");
  o.max_tries = c.get<int>("max_tries", o.max_tries);
  o.archs = c.get_list<std::string>("archs", {});
  c.finish({});
  const std::vector<std::string> selections = {"diverse", "random", "list"};
  if (std::find(selections.begin(), selections.end(), o.selection) == selections.end())
    throw ConfigError(c.location("selection") + "key `" + c.path("selection") + "` must be one of diverse, random, list, got `" + o.selection + "`" + did_you_mean(o.selection, selections));
  require_non_negative(c, "count", o.count);
  require_positive(c, "iterations", o.iterations);
  require_non_negative(c, "min_distance", o.min_distance);
  require_positive(c, "max_tries", o.max_tries);
  if (o.selection == "list" && o.archs.empty())
    throw ConfigError(c.location("selection") + "key `" + c.path("archs") + "` must list the landmark architectures when selection = \"list\"");
  return o;
}

}  // namespace naskernel
