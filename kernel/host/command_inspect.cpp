// `naskernel inspect`: parse architecture strings with the manifest's search
// space and print their canonical key and cost, without loading any data.
#include "kernel/host/arch_inputs.h"
#include "kernel/host/cli_context.h"
#include "kernel/host/manifest.h"
#include "kernel/host/plugin_registry.h"

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace naskernel {

namespace {

struct InspectArguments {
  std::string manifest;
  std::vector<std::string> sets;
  std::vector<std::string> archs;
  std::string archs_file;
  bool count = false;
};

void inspect(const InspectArguments& args, CliContext& context) {
  setup_logging(context.verbosity());
  if (!args.count && args.archs.empty() == args.archs_file.empty())
    throw UsageError("inspect needs either --arch STRING (repeatable), --archs-file FILE or --count");
  const Manifest manifest = Manifest::load(args.manifest, args.sets);
  manifest.check_top_level(known_manifest_sections());
  const std::vector<ArchInput> inputs = read_arch_inputs(args.archs, args.archs_file);

  const PluginRegistry registry(PluginRegistry::default_dirs(&manifest));
  const auto task = registry.create_task(manifest.plugin_name("task"), manifest.plugin_config("task"));
  const auto space =
      registry.create_search_space(manifest.plugin_name("search_space"), manifest.plugin_config("search_space"));
  const NetworkSpec spec = task->network();
  if (args.count) {
    const auto n = space->cardinality();
    std::cout << space->name() << "\t" << (n ? std::to_string(*n) : std::string("unknown")) << "\n";
    if (inputs.empty()) return;
  }

  std::cout << "arch\tcanonical_key\ttable_key\tparams\tmflops\n";
  for (const auto& input : inputs) {
    Arch arch;
    try {
      arch = space->parse(input.text);
    } catch (const ArchParseError& e) {
      throw ArchParseError(input.where + ": " + e.what());
    }
    if (const std::string why = space->invalid_reason(arch); !why.empty())
      throw ArchParseError(input.where + ": " + space->format(arch) + " is not a valid architecture: " + why);
    const ModelCost cost = space->cost(arch, spec);
    char mflops[32];
    std::snprintf(mflops, sizeof mflops, "%.4f", cost.mflops);
    std::cout << space->format(arch) << "\t" << space->canonical_key(arch) << "\t" << space->table_key(arch) << "\t"
              << cost.params << "\t" << mflops << "\n";
  }
}

}  // namespace

void register_inspect_command(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<InspectArguments>();
  CLI::App* command = app.add_subcommand(
      "inspect", "Print canonical key, table key, parameters and MFLOPs of architectures (TSV); never loads data");
  command->add_option("manifest", args->manifest, "Manifest file naming the task and search space")->required();
  command->add_option("--set", args->sets, "Override a manifest key: --set key.path=value")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  command->add_option("--arch", args->archs, "An architecture string (repeatable)")
      ->type_name("STRING")
      ->allow_extra_args(false);
  command->add_option("--archs-file", args->archs_file, "A file with one architecture per line ('#' comments)")
      ->type_name("FILE");
  command->add_flag("--count", args->count, "Print the number of architectures of the space (or `unknown`)");
  command->callback([args, &context] { inspect(*args, context); });
}

}  // namespace naskernel
