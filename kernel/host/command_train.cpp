// `naskernel train`: ground truth of given architectures, and the hidden
// `standalone-worker` that trains one of them in a child process.
#include "kernel/host/arch_inputs.h"
#include "kernel/host/cli_context.h"
#include "kernel/host/logging.h"
#include "kernel/host/manifest.h"
#include "kernel/host/plugin_registry.h"
#include "kernel/host/run_options.h"
#include "kernel/search/standalone_command.h"
#include "kernel/search/standalone_workers.h"

#include <CLI/CLI.hpp>

#include <optional>


namespace naskernel {

namespace {

struct TrainArguments {
  std::string manifest;
  std::vector<std::string> sets;
  std::vector<std::string> archs;
  std::string archs_file;
};

struct WorkerArguments {
  std::string manifest;
  std::string arch;
  int64_t seed = 0;  // a ground_truth.repeats seed, when --seed is given; else standalone.seed
  std::string output;
  int threads = 1;
};

}  // namespace

void register_train_command(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<TrainArguments>();
  CLI::App* command = app.add_subcommand(
      "train", "Ground truth of given architectures through the manifest's [ground_truth] provider "
               "(stand-alone training, reusing and filling the store; or the table)");
  command->add_option("manifest", args->manifest, "Manifest file (TOML)")->required();
  command->add_option("--set", args->sets, "Override a manifest key: --set key.path=value")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  command->add_option("--arch", args->archs, "An architecture string (repeatable)");
  command->add_option("--archs-file", args->archs_file, "A file with one architecture string per line");
  command->callback([args, &context] {
    setup_logging(context.verbosity());
    std::vector<std::string> archs;
    for (const auto& input : read_arch_inputs(args->archs, args->archs_file)) archs.push_back(input.text);
    if (archs.empty()) throw UsageError("train needs --arch STRING or --archs-file FILE");
    const Manifest manifest = Manifest::load(args->manifest, args->sets);
    manifest.check_top_level(known_manifest_sections());
    apply_run_options(read_run_options(manifest));
    const PluginRegistry registry(PluginRegistry::default_dirs(&manifest));
    context.exit_code = standalone_command(manifest, registry, archs);
  });

  auto worker = std::make_shared<WorkerArguments>();
  CLI::App* hidden = app.add_subcommand("standalone-worker", "Train one architecture (used by worker processes)");
  hidden->group("");  // hidden from --help
  hidden->add_option("manifest", worker->manifest)->required();
  hidden->add_option("--arch", worker->arch)->required();
  CLI::Option* seed = hidden->add_option("--seed", worker->seed);
  hidden->add_option("--output", worker->output)->required();
  hidden->add_option("--threads", worker->threads);
  hidden->callback([worker, seed, &context] {
    setup_logging(context.verbosity());
    const std::optional<int64_t> recipe_seed = seed->count() > 0 ? std::optional<int64_t>(worker->seed) : std::nullopt;
    context.exit_code = standalone_worker_main(worker->manifest, worker->arch, recipe_seed, worker->output,
                                               worker->threads);
  });
}

}  // namespace naskernel
