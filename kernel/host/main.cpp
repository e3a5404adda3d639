// `naskernel`: the command-line host. Each subcommand lives in its own
// command_*.cpp; this file wires them up and maps errors to exit codes.
#include "kernel/host/cli_context.h"
#include "kernel/host/exit_codes.h"
#include "kernel/host/logging.h"
#include "kernel/host/memory_policy.h"
#include "kernel/host/plugin_error.h"
#include "kernel/host/thread_policy.h"

#include <naskernel/abi.h>
#include <naskernel/build_info.h>

#include "kernel/ground_truth/groundtruth_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

std::string version_text() {
  return std::string("naskernel ") + NASKERNEL_VERSION + "\n" +
         "SDK ABI " + std::to_string(NASKERNEL_SDK_ABI_VERSION) + "\n" +
         "LibTorch " NASKERNEL_TORCH_VERSION "\n" +
         "compiler " NASKERNEL_COMPILER ", _GLIBCXX_USE_CXX11_ABI=" + std::to_string(NASKERNEL_CXX11_ABI) + "\n" +
         "OpenMP wait policy " + naskernel::openmp_wait_policy();
}

int report(const char* what, int code) {
  std::cerr << "error: " << what << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace naskernel;
  keep_freed_memory();  // before LibTorch's first large allocation
  setup_logging(Verbosity::normal);

  CLI::App app{"naskernel: weight-sharing neural architecture search with landmark regularization.\n"
               "Composes a search from plugins named in a TOML manifest."};
  app.footer(exit_code::help_footer());
  app.set_version_flag("--version", version_text(), "Print version, SDK ABI, LibTorch version and compiler");
  app.require_subcommand(1);
  app.fallthrough();  // -v/-q may follow the subcommand

  CliContext context;
  auto* verbose = app.add_flag("-v,--verbose", context.verbose, "Debug messages on the console");
  app.add_flag("-q,--quiet", context.quiet, "Only warnings and errors on the console")->excludes(verbose);

  register_run_command(app, context);
  register_validate_command(app, context);
  register_plugins_command(app, context);
  register_inspect_command(app, context);
  register_train_command(app, context);
  register_groundtruth_command(app, context.exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, version or the usage error
    return code == 0 ? exit_code::success : exit_code::usage;
  } catch (const UsageError& e) {
    return report(e.what(), exit_code::usage);
  } catch (const PluginError& e) {
    return report(e.what(), exit_code::plugin_error);
  } catch (const UserError& e) {
    return report(e.what(), exit_code::user_error);
  } catch (const std::exception& e) {
    return report(e.what(), exit_code::run_failed);
  } catch (...) {
    return report("unknown exception", exit_code::run_failed);
  }
  return context.exit_code;
}
