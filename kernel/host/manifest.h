// A resolved manifest: a TOML file with its includes merged and --set
// overrides applied, remembering where every value was written so that
// errors can name "file:line:col" (or "--set key=value").
//
// Composition rules:
//  * `include = ["base.toml", ...]` at the top level loads those files first
//    (paths relative to the including file), in order; tables merge deeply,
//    later wins, and the including file wins over everything it includes.
//  * --set / apply() values replace what was there, except that a table
//    merges deeply into an existing table.
//  * A plugin section (one with a `plugin` key) whose later layer names a
//    different plugin is replaced, not merged: `--set 'sampler={plugin="gdas"}'`,
//    `--set sampler.plugin=gdas`, a study variant or an including file that
//    swaps the plugin drops the old plugin's keys.
#pragma once

#include <naskernel/config.h>

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace naskernel {

class Manifest {
 public:
  // Parses `file`, resolves its includes and applies `set_overrides`
  // ("key.path=value", value parsed as TOML, else taken as a string).
  static Manifest load(const std::filesystem::path& file, const std::vector<std::string>& set_overrides = {});

  // A copy with `dotted_overrides` applied; each key is a dotted path
  // ("landmarks.count", "regularizers"), `origin` labels the new values.
  Manifest apply(const toml::table& dotted_overrides, const std::string& origin) const;

  // A copy without the top-level key `key` (a study's runs drop [study]).
  Manifest without(const std::string& key) const;

  const toml::table& root() const { return root_; }
  const std::filesystem::path& file() const { return file_; }

  // A kernel section ("run", "supernet", "regularizers[0]") as a Config
  // whose errors name file:line:col; a missing section is an empty Config.
  Config section(const std::string& path) const;

  // The `plugin = "..."` of a plugin section.
  std::string plugin_name(const std::string& path) const;

  // The TOML text handed to a plugin: the section's keys, `__section__`, and
  // `__origin__` (dotted key -> "file:line:col"), as Config::parse expects.
  std::string plugin_config(const std::string& path) const;

  // The resolved manifest as TOML, loadable again with load(). Relative
  // run.plugin_paths are written absolute so the file works from anywhere.
  std::string to_toml() const;

  // Rejects top-level keys not in `known_sections`, with a suggestion.
  void check_top_level(const std::vector<std::string>& known_sections) const;

  // Where the node at `path` was written: "file:line:col", "--set k=v",
  // or "" when unknown. `path` uses dots and [i] like toml::at_path.
  std::string origin(const std::string& path) const;

  // The file whose text set the node at `path` (empty for --set and apply()
  // values); relative paths in a value resolve against its folder.
  std::filesystem::path defining_file(const std::string& path) const;

  // Where a value came from. `label` is set for values that no file holds.
  struct Origin {
    std::filesystem::path file;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string label;
    std::string str() const;
  };

 private:
  friend struct ManifestBuilder;  // assembles manifests while loading includes
  Manifest() = default;

  // Sets `value` at dotted `path`, creating tables on the way.
  void set_value(const std::string& path, const toml::node& value, const Origin& origin, const std::string& what);
  // Deep-merges `other` into this manifest at `prefix` ("" for the root).
  void merge_table(toml::table& into, const std::string& prefix, const toml::table& from,
                   const std::map<std::string, Origin>& from_origins, const std::string& from_prefix);
  void erase_origins_under(const std::string& path);
  // The section at `path`; throws naming its origin when it is not a table.
  const toml::table* section_table(const std::string& path) const;

  toml::table root_;
  std::filesystem::path file_;
  std::map<std::string, Origin> origins_;  // dotted path -> where it was written
};

// The names of the top-level sections the kernel understands.
const std::vector<std::string>& known_manifest_sections();

}  // namespace naskernel
