// Finds, checks and loads plugin libraries (Boost.DLL), and creates plugin
// objects wrapped in guarded proxies.
//
// Only files named libnaskernel_*.so in the given folders are opened. Each
// library's descriptor is checked field by field against this host (SDK ABI,
// LibTorch version, C++11 ABI flag, compiler family and major version,
// kind) before anything else in
// it is called; incompatible files are kept in rejected() with the reason.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct naskernel_plugin_descriptor;

namespace boost::dll {
class shared_library;
}

namespace naskernel {

class Manifest;
class SearchSpace;
class Sampler;
class Regularizer;
class Task;
struct PluginHandle;

// One key of a plugin's schema, copied out of its descriptor.
struct PluginKey {
  std::string name, type, default_value, help;
};

struct PluginInfo {
  std::string kind;  // "search_space" | "sampler" | "regularizer" | "task"
  std::string name;
  std::string version;
  unsigned sdk_abi = 0;
  std::string sdk_version;
  std::string torch_version;
  int cxx11_abi = 0;
  std::string compiler;
  std::filesystem::path file;
  std::vector<PluginKey> keys;
};

struct RejectedPlugin {
  std::filesystem::path file;
  std::string reason;  // one sentence naming both sides of a mismatch
  std::string kind;    // from the descriptor, or guessed from the file name
  std::string name;
};

class PluginRegistry {
 public:
  // Loads every libnaskernel_*.so in `dirs` (missing folders are skipped).
  // Throws UserError when two files hold plugins of the same kind and name.
  explicit PluginRegistry(std::vector<std::filesystem::path> dirs);
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // The host's own plugin folders (<exe>/../plugins in a build tree,
  // <exe>/../lib/naskernel/plugins installed), then the manifest's
  // run.plugin_paths (when `manifest` is given), then NASKERNEL_PLUGIN_PATH.
  static std::vector<std::filesystem::path> default_dirs(const Manifest* manifest);

  const std::vector<PluginInfo>& plugins() const { return plugins_; }
  const std::vector<RejectedPlugin>& rejected() const { return rejected_; }
  const std::vector<std::filesystem::path>& searched_dirs() const { return dirs_; }
  // The plugin of `kind` named `name`, or null.
  const PluginInfo* find(const std::string& kind, const std::string& name) const;

  // Each creates the plugin from its configuration (TOML text, see
  // Manifest::plugin_config). Unknown names throw UserError with a
  // suggestion; a failing create throws PluginError.
  std::shared_ptr<SearchSpace> create_search_space(const std::string& name, const std::string& config_toml) const;
  std::shared_ptr<Sampler> create_sampler(const std::string& name, const std::string& config_toml) const;
  std::shared_ptr<Regularizer> create_regularizer(const std::string& name, const std::string& config_toml) const;
  std::shared_ptr<Task> create_task(const std::string& name, const std::string& config_toml) const;

 private:
  struct Loaded;
  void load_file(const std::filesystem::path& file);
  // Calls the plugin's create; returns its raw object and the library handle.
  std::pair<void*, const Loaded*> create(const std::string& kind, const std::string& name,
                                         const std::string& config_toml) const;
  // What a guarded proxy of an object made by `loaded` holds.
  static PluginHandle handle_of(const std::string& name, const Loaded& loaded);

  std::vector<std::filesystem::path> dirs_;
  std::vector<PluginInfo> plugins_;
  std::vector<RejectedPlugin> rejected_;
  std::vector<std::unique_ptr<Loaded>> loaded_;
};

}  // namespace naskernel
