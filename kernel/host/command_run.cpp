// `naskernel run`: prepare a run directory and hand the manifest to the
// search pipeline (kernel/search/run.h).
#include "kernel/distributed/join_world.h"
#include "kernel/distributed/world.h"
#include "kernel/host/cancellation.h"
#include "kernel/host/cli_context.h"
#include "kernel/host/logging.h"
#include "kernel/host/manifest.h"
#include "kernel/host/plugin_registry.h"
#include "kernel/host/run_directory.h"
#include "kernel/host/run_options.h"
#include "kernel/search/run.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

namespace naskernel {
namespace fs = std::filesystem;

namespace {

struct RunArguments {
  std::string manifest;
  std::vector<std::string> sets;
  std::string out;
  std::string resume;
};

// Through a temporary file and a rename, so a kill never leaves half a file.
void write_text(const fs::path& file, const std::string& text) {
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    if (!out.flush()) throw UserError("cannot write `" + temporary.string() + "`");
  }
  fs::rename(temporary, file);
}

void run(const RunArguments& args, CliContext& context) {
  setup_logging(context.verbosity());
  const bool resume = !args.resume.empty();
  if (!resume && args.manifest.empty()) throw UsageError("run needs a MANIFEST, or --resume RUN_DIR");
  if (resume && !args.sets.empty())
    throw UsageError("--set cannot be combined with --resume; a resumed run keeps RUN_DIR/manifest.resolved.toml");

  fs::path run_dir;
  Manifest manifest = [&] {
    if (!resume) return Manifest::load(args.manifest, args.sets);
    run_dir = args.resume;
    const fs::path resolved = run_dir / "manifest.resolved.toml";
    if (!fs::is_regular_file(resolved))
      throw UserError("cannot resume `" + run_dir.string() + "`: it has no manifest.resolved.toml");
    if (!args.manifest.empty())
      spdlog::warn("resuming {}: using its manifest.resolved.toml, not {}", run_dir.string(), args.manifest);
    return Manifest::load(resolved);
  }();
  manifest.check_top_level(known_manifest_sections());
  const RunOptions options = read_run_options(manifest);
  apply_run_options(options);
  if (!manifest.root().at_path("run.name")) {
    // Pin the default name so a resumed run (loaded from the run directory) keeps it.
    toml::table name;
    name.insert("run.name", options.name);
    manifest = manifest.apply(name, "default run.name (the manifest file's stem)");
  }
  install_cancellation_handlers();
  // Under torchrun or srun: every rank joins, and all must run one manifest.
  join_launched_world(options.backend, options.device, options.timeout_s);
  Collectives& ranks = world();
  mark_logs_with_rank(ranks.rank());
  require_same_on_every_rank(ranks, "resolved manifest", manifest.to_toml());
  const PluginRegistry registry(PluginRegistry::default_dirs(&manifest));

  if (!resume) {
    // Rank 0 alone writes the run directory; the others learn its name.
    if (is_rank_zero()) {
      run_dir = create_run_directory(args.out.empty() ? options.out_dir : fs::path(args.out), options.name);
      write_text(run_dir / "manifest.resolved.toml", manifest.to_toml());
    }
    run_dir = broadcast_text(ranks, run_dir.string());
  }
  if (is_rank_zero()) {
    add_log_file(run_dir / "log.txt");
  } else {
    fs::create_directories(run_dir);  // where the run directory is not on a file system all nodes share
    add_log_file(run_dir / ("log.rank" + std::to_string(ranks.rank()) + ".txt"));
  }
  spdlog::info("{} run {} in {} (seed {}, device {}, {} threads{})", resume ? "resuming" : "starting", options.name,
               run_dir.string(), options.seed, device_for_this_rank(options.device), options.threads,
               ranks.world_size() > 1 ? ", rank " + std::to_string(ranks.rank()) + " of " +
                                            std::to_string(ranks.world_size())
                                      : std::string());
  for (const auto& plugin : registry.plugins())
    spdlog::debug("plugin {} {} {} from {}", plugin.kind, plugin.name, plugin.version, plugin.file.string());
  for (const auto& rejected : registry.rejected()) spdlog::debug("{}", rejected.reason);

  context.exit_code = run_manifest(RunSetup{manifest, registry, run_dir, resume});

  const fs::path results = run_dir / "results.json";
  if (is_rank_zero()) std::cout << (fs::exists(results) ? results : run_dir).string() << "\n";
}

}  // namespace

void register_run_command(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* command = app.add_subcommand("run", "Run a search (or study) described by a manifest");
  command->add_option("manifest", args->manifest, "Manifest file (TOML); optional with --resume");
  command->add_option("--set", args->sets, "Override a manifest key: --set key.path=value (value parsed as TOML)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  command->add_option("--out", args->out, "Folder for run directories (default: run.out_dir, else runs/)");
  command->add_option("--resume", args->resume, "Continue the run in RUN_DIR from its last checkpoint")
      ->type_name("RUN_DIR");
  command->footer("Prints the path of results.json (or of the run directory) on success.");
  command->callback([args, &context] { run(*args, context); });
}

}  // namespace naskernel
