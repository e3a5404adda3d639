// The manifest loader: a main file that may include a second one, then
// --set overrides, then a study-style apply().
//
// Input: MAIN <sep> INCLUDED <sep> SETS, with <sep> = "\n-----\n". MAIN is
// written as main.toml, INCLUDED as base.toml beside it (MAIN includes it
// with `include = ["base.toml"]`, or not; either may include the other, a
// cycle), and each line of SETS is one --set. When SETS also parses as a
// TOML table it is applied as dotted overrides, as a study variant is.
//
// Clear errors: UserError (ConfigError). Invariants on a loaded manifest:
// to_toml() reloads with load() into a manifest that prints the same;
// every plugin_config() is TOML that the SDK's Config::parse reads.
#include "fuzz_support.h"

#include "kernel/host/manifest.h"

#include <naskernel/config.h>

#include <optional>
#include <sstream>

using namespace naskernel;
namespace fs = std::filesystem;

namespace {

// to_toml() without its two comment lines, which name the source file.
std::string body(const std::string& resolved) {
  size_t start = 0;
  for (int line = 0; line < 2 && start != std::string::npos; ++line) {
    start = resolved.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  return start == std::string::npos ? std::string() : resolved.substr(start);
}

void check_sections(const Manifest& manifest) {
  for (auto&& [key, node] : manifest.root()) {
    const std::string name(key.str());
    (void)manifest.origin(name);
    (void)manifest.defining_file(name);
    fuzz::accepted([&] { (void)manifest.section(name); });
    fuzz::accepted([&] { (void)manifest.plugin_name(name); });
    std::string config;
    if (!fuzz::accepted([&] { config = manifest.plugin_config(name); })) continue;
    // What a plugin receives must read back; a parse error here is the host's bug.
    try {
      (void)toml::parse(config);
    } catch (const toml::parse_error& e) {
      fuzz::invariant_broken("plugin_config(\"" + name + "\") is not TOML (" + std::string(e.description()) + "):\n" +
                             config);
    }
    (void)Config::parse(config);
  }
  fuzz::accepted([&] { manifest.check_top_level(known_manifest_sections()); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> parts = fuzz::split(fuzz::as_text(data, size), "\n-----\n", 3);
  const fs::path dir = fuzz::scratch_dir() / "manifest";
  fuzz::reset_dir(dir);
  fuzz::write_file(dir / "main.toml", parts[0]);
  fuzz::write_file(dir / "base.toml", parts[1]);
  std::vector<std::string> sets;
  std::istringstream lines(parts[2]);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) sets.push_back(line);

  std::optional<Manifest> manifest;
  if (!fuzz::accepted([&] { manifest = Manifest::load(dir / "main.toml", sets); })) return 0;
  check_sections(*manifest);

  // The resolved manifest is what a run directory keeps and `--resume` reloads.
  const std::string resolved = manifest->to_toml();
  fuzz::write_file(dir / "resolved.toml", resolved);
  std::optional<Manifest> reloaded;
  if (const auto refused = fuzz::refusal([&] { reloaded = Manifest::load(dir / "resolved.toml"); }))
    fuzz::invariant_broken("to_toml() does not load again (" + *refused + "):\n" + resolved);
  FUZZ_CHECK(body(reloaded->to_toml()) == body(resolved),
             "to_toml() of the reloaded manifest differs:\n" + resolved + "\n-- reloaded --\n" + reloaded->to_toml());

  // Study variants arrive as a table of dotted keys.
  toml::table overrides;
  try {
    overrides = toml::parse(parts[2]);
  } catch (const toml::parse_error&) {
    return 0;
  }
  std::optional<Manifest> variant;
  if (fuzz::accepted([&] { variant = manifest->apply(overrides, "variant"); })) {
    check_sections(*variant);
    (void)variant->to_toml();
  }
  return 0;
}
