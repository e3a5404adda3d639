// `naskernel validate`: every check a run would make before training.
#include "kernel/host/cli_context.h"
#include "kernel/host/manifest.h"
#include "kernel/host/manifest_plugins.h"
#include "kernel/host/plugin_registry.h"
#include "kernel/host/run_options.h"
#include "kernel/search/run.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace naskernel {

namespace {

struct ValidateArguments {
  std::string manifest;
  std::vector<std::string> sets;
};

void validate(const ValidateArguments& args, CliContext& context) {
  setup_logging(context.verbosity());
  const Manifest manifest = Manifest::load(args.manifest, args.sets);
  manifest.check_top_level(known_manifest_sections());
  read_run_options(manifest);
  const PluginRegistry registry(PluginRegistry::default_dirs(&manifest));
  validate_manifest(manifest, registry);

  std::string used;
  for (const auto& section : plugin_sections(manifest)) {
    const std::string name = manifest.plugin_name(section.path);
    const PluginInfo* info = registry.find(section.kind, name);
    used += (used.empty() ? "" : ", ") + section.kind + " " + name + (info ? " " + info->version : "");
  }
  std::cout << "manifest OK: " << (used.empty() ? "no plugins" : used) << "\n";
}

}  // namespace

void register_validate_command(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<ValidateArguments>();
  CLI::App* command =
      app.add_subcommand("validate", "Check a manifest: sections, keys, types, plugins and their configuration");
  command->add_option("manifest", args->manifest, "Manifest file (TOML)")->required();
  command->add_option("--set", args->sets, "Override a manifest key: --set key.path=value (value parsed as TOML)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  command->callback([args, &context] { validate(*args, context); });
}

}  // namespace naskernel
