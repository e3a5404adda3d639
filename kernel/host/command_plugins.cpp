// `naskernel plugins`: what the host finds, and why it refuses the rest.
#include "kernel/host/cli_context.h"
#include "kernel/host/exit_codes.h"
#include "kernel/host/plugin_registry.h"

#include <naskernel/suggest.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace naskernel {

namespace {

// The key schema of every plugin named `name` (of any kind), as a table.
void print_keys(const PluginRegistry& registry, const std::string& name, CliContext& context) {
  std::vector<const PluginInfo*> matches;
  std::vector<std::string> names;
  for (const auto& p : registry.plugins()) {
    names.push_back(p.name);
    if (p.name == name) matches.push_back(&p);
  }
  if (matches.empty()) {
    std::cerr << "error: no plugin named `" << name << "`" << did_you_mean(name, names) << "\n";
    context.exit_code = exit_code::user_error;
    return;
  }
  for (const PluginInfo* p : matches) {
    std::cout << p->kind << " " << p->name << " " << p->version << " (" << p->file.string() << ")\n";
    if (p->keys.empty()) {
      std::cout << "  (no keys)\n";
      continue;
    }
    size_t name_width = 3, type_width = 4, default_width = 7;
    for (const auto& k : p->keys) {
      name_width = std::max(name_width, k.name.size());
      type_width = std::max(type_width, k.type.size());
      default_width = std::max(default_width, k.default_value.empty() ? 10 : k.default_value.size());
    }
    auto row = [&](const std::string& key, const std::string& type, const std::string& fallback,
                   const std::string& help) {
      std::cout << "  " << std::left << std::setw(static_cast<int>(name_width)) << key << "  "
                << std::setw(static_cast<int>(type_width)) << type << "  " << std::setw(static_cast<int>(default_width))
                << fallback << "  " << help << "\n";
    };
    row("KEY", "TYPE", "DEFAULT", "HELP");
    for (const auto& k : p->keys) row(k.name, k.type, k.default_value.empty() ? "(required)" : k.default_value, k.help);
  }
  context.exit_code = exit_code::success;
}

void list_plugins(const std::vector<std::string>& extra_dirs, const std::string& keys_of, CliContext& context) {
  setup_logging(context.verbosity());
  auto dirs = PluginRegistry::default_dirs(nullptr);
  for (const auto& dir : extra_dirs) dirs.push_back(std::filesystem::absolute(dir).lexically_normal());
  const PluginRegistry registry(dirs);
  if (!keys_of.empty()) return print_keys(registry, keys_of, context);

  std::vector<PluginInfo> plugins = registry.plugins();
  std::sort(plugins.begin(), plugins.end(),
            [](const PluginInfo& a, const PluginInfo& b) { return std::tie(a.kind, a.name) < std::tie(b.kind, b.name); });
  size_t kind_width = 4, name_width = 4, version_width = 7;
  for (const auto& p : plugins) {
    kind_width = std::max(kind_width, p.kind.size());
    name_width = std::max(name_width, p.name.size());
    version_width = std::max(version_width, p.version.size());
  }
  auto row = [&](const std::string& kind, const std::string& name, const std::string& version, const std::string& abi,
                 const std::string& file) {
    std::cout << std::left << std::setw(static_cast<int>(kind_width)) << kind << "  "
              << std::setw(static_cast<int>(name_width)) << name << "  " << std::setw(static_cast<int>(version_width))
              << version << "  " << std::setw(3) << abi << "  " << file << "\n";
  };
  if (plugins.empty()) {
    std::cout << "no plugins found\n";
  } else {
    row("KIND", "NAME", "VERSION", "ABI", "FILE");
    for (const auto& p : plugins) row(p.kind, p.name, p.version, std::to_string(p.sdk_abi), p.file.string());
  }
  if (!registry.rejected().empty()) {
    std::cout << "\nincompatible plugin files:\n";
    for (const auto& rejected : registry.rejected()) std::cout << "  " << rejected.reason << "\n";
  }
  std::cout << "\nsearched:";
  for (const auto& dir : registry.searched_dirs())
    std::cout << "\n  " << dir.string() << (std::filesystem::is_directory(dir) ? "" : " (missing)");
  std::cout << "\n";
  // Incompatible files are an error worth a non-zero status in scripts.
  context.exit_code = registry.rejected().empty() ? exit_code::success : exit_code::plugin_error;
}

}  // namespace

void register_plugins_command(CLI::App& app, CliContext& context) {
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto keys_of = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("plugins", "List the plugins found and the incompatible plugin files");
  command->add_option("--path", *dirs, "Also search this folder (repeatable)")->type_name("DIR")->allow_extra_args(false);
  command->add_option("--keys", *keys_of, "Print the manifest keys of plugin NAME: type, default, help")
      ->type_name("NAME");
  command->footer(
      "Searched, in order: <exe>/../plugins, <exe>/../lib/naskernel/plugins, $NASKERNEL_PLUGIN_PATH "
      "(colon-separated), then each --path.\nExits with 3 when a plugin file is incompatible.");
  command->callback([dirs, keys_of, &context] { list_plugins(*dirs, *keys_of, context); });
}

}  // namespace naskernel
