#include "kernel/host/plugin_registry.h"

#include "kernel/host/guarded_regularizer.h"
#include "kernel/host/guarded_sampler.h"
#include "kernel/host/guarded_search_space.h"
#include "kernel/host/guarded_task.h"
#include "kernel/host/manifest.h"
#include "kernel/host/plugin_error.h"
#include "kernel/host/run_options.h"

#include <naskernel/abi.h>
#include <naskernel/build_info.h>
#include <naskernel/suggest.h>

#include <boost/dll/library_info.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <set>

namespace naskernel {
namespace fs = std::filesystem;

namespace {

const std::array<const char*, 4> kKinds = {"search_space", "sampler", "regularizer", "task"};

bool is_plugin_file_name(const std::string& name) {
  const std::string prefix = "libnaskernel_", suffix = ".so";
  return name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// libnaskernel_<kind>_<name>.so -> (kind, name), for messages about files
// whose descriptor could not be read.
std::pair<std::string, std::string> guess_kind_and_name(const fs::path& file) {
  std::string stem = file.filename().string();
  stem = stem.substr(std::strlen("libnaskernel_"), stem.size() - std::strlen("libnaskernel_") - 3);
  for (const char* kind : kKinds) {
    const std::string prefix = std::string(kind) + "_";
    if (stem.rfind(prefix, 0) == 0) return {kind, stem.substr(prefix.size())};
  }
  return {"", stem};
}

bool exports_boost_alias(const fs::path& file, const std::string& symbol) {
  try {
    boost::dll::library_info info(boost::dll::fs::path(file.string()));
    const auto aliases = info.symbols("boostdll");
    return std::find(aliases.begin(), aliases.end(), symbol) != aliases.end();
  } catch (const std::exception&) {
    return false;  // no such section, or not an ELF file we can read: dlopen judged it already
  }
}

std::string text_or_null(const char* text) { return text ? std::string(text) : std::string("(null)"); }

std::string kind_label(const std::string& kind) {
  std::string label = kind;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::string join_paths(const std::vector<fs::path>& dirs) {
  std::string out;
  for (const auto& dir : dirs) out += (out.empty() ? "" : ", ") + dir.string();
  return out.empty() ? "(no folders)" : out;
}

}  // namespace

struct PluginRegistry::Loaded {
  PluginInfo info;
  std::shared_ptr<boost::dll::shared_library> library;
  const naskernel_plugin_descriptor* descriptor = nullptr;
};

PluginRegistry::PluginRegistry(std::vector<fs::path> dirs) : dirs_(std::move(dirs)) {
  const auto start = std::chrono::steady_clock::now();
  std::set<fs::path> seen;  // a folder named twice, or two links to one file, load once
  for (const auto& dir : dirs_) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      spdlog::debug("plugin folder {} does not exist; skipped", dir.string());
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (is_plugin_file_name(entry.path().filename().string()) && entry.is_regular_file(ec))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // deterministic order and messages
    for (const auto& file : files)
      if (seen.insert(fs::weakly_canonical(file, ec)).second) load_file(file);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  spdlog::debug("loaded {} plugin(s), rejected {} file(s) in {:.1f} ms from {}", plugins_.size(), rejected_.size(), ms,
                join_paths(dirs_));
}

PluginRegistry::~PluginRegistry() = default;

void PluginRegistry::load_file(const fs::path& file) {
  auto [guessed_kind, guessed_name] = guess_kind_and_name(file);
  auto reject = [&](const std::string& reason, const std::string& kind, const std::string& name) {
    rejected_.push_back({file, reason, kind, name});
    spdlog::debug("rejected plugin file {}: {}", file.string(), reason);
  };

  auto library = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  // RTLD_NOW: unresolved symbols show up here, not in the middle of a run.
  library->load(boost::dll::fs::path(file.string()),
                boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !library->is_loaded()) {
    // Boost.DLL reports every dlopen failure as EBADF; dlerror() says why.
    const char* why = ::dlerror();
    reject("plugin file " + file.string() + " could not be loaded: " + (why ? std::string(why) : ec.message()),
           guessed_kind, guessed_name);
    return;
  }
  // Never unmap a plugin: an exception thrown by plugin code may still be in
  // flight (its vtable and type info live in the library) when the objects
  // that hold the library are destroyed during unwinding.
  ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!library->has(NASKERNEL_ENTRY_SYMBOL)) {
    reject("plugin file " + file.string() + " has no `" NASKERNEL_ENTRY_SYMBOL
           "` entry point; build it with the NASKERNEL_PLUGIN macro",
           guessed_kind, guessed_name);
    return;
  }
  // SDK ABI 1 exported the entry as a Boost.DLL alias: a pointer variable in
  // the "boostdll" section. Calling it as a function would jump into data, so
  // such a library is refused by its symbol table alone.
  if (exports_boost_alias(file, NASKERNEL_ENTRY_SYMBOL)) {
    reject("plugin file " + file.string() +
               " was built for naskernel SDK ABI 1 (a Boost.DLL alias entry point), but this host has ABI " +
               std::to_string(NASKERNEL_SDK_ABI_VERSION) + "; rebuild it against this SDK",
           guessed_kind, guessed_name);
    return;
  }
  const naskernel_plugin_descriptor* d = nullptr;
  try {
    auto& entry = library->get<const naskernel_plugin_descriptor*()>(NASKERNEL_ENTRY_SYMBOL);
    d = entry();
  } catch (const std::exception& e) {
    reject("plugin file " + file.string() + " failed in its entry point: " + e.what(), guessed_kind, guessed_name);
    return;
  }
  if (!d) {
    reject("plugin file " + file.string() + " returned no descriptor from its entry point", guessed_kind, guessed_name);
    return;
  }
  // The ABI version comes first: a different ABI may lay the rest out differently.
  if (d->sdk_abi_version != NASKERNEL_SDK_ABI_VERSION) {
    reject("plugin file " + file.string() + " was built for naskernel SDK ABI " + std::to_string(d->sdk_abi_version) +
               ", but this host has ABI " + std::to_string(NASKERNEL_SDK_ABI_VERSION),
           guessed_kind, guessed_name);
    return;
  }
  const std::string kind = text_or_null(d->kind), name = text_or_null(d->name);
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
    reject("plugin file " + file.string() + " declares kind `" + kind +
               "`, but this host knows only search_space, sampler, regularizer and task",
           guessed_kind, guessed_name);
    return;
  }
  if (!d->name || !*d->name || !d->version || !d->create || !d->destroy) {
    reject("plugin file " + file.string() + " has an incomplete descriptor (empty name or version, or no create/destroy)",
           kind, d->name ? name : guessed_name);
    return;
  }
  if (text_or_null(d->torch_version) != NASKERNEL_TORCH_VERSION) {
    reject("plugin file " + file.string() + " was built against LibTorch " + text_or_null(d->torch_version) +
               ", but this host uses LibTorch " NASKERNEL_TORCH_VERSION,
           kind, name);
    return;
  }
  if (d->cxx11_abi != NASKERNEL_CXX11_ABI) {
    reject("plugin file " + file.string() + " was built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(d->cxx11_abi) +
               ", but this host uses _GLIBCXX_USE_CXX11_ABI=" + std::to_string(NASKERNEL_CXX11_ABI),
           kind, name);
    return;
  }
  // Only the compiler family and major version decide C++ ABI compatibility.
  if (text_or_null(d->compiler_family) != NASKERNEL_COMPILER_FAMILY || d->compiler_major != NASKERNEL_COMPILER_MAJOR) {
    reject("plugin file " + file.string() + " was built with compiler " + text_or_null(d->compiler) +
               ", but this host was built with " NASKERNEL_COMPILER " (family and major version must match)",
           kind, name);
    return;
  }

  PluginInfo info{kind, name, d->version, d->sdk_abi_version, text_or_null(d->sdk_version), d->torch_version,
                  d->cxx11_abi, d->compiler, file, {}};
  for (uint32_t i = 0; d->keys && i < d->key_count; ++i)
    info.keys.push_back({text_or_null(d->keys[i].name), text_or_null(d->keys[i].type),
                         d->keys[i].default_value ? d->keys[i].default_value : "", text_or_null(d->keys[i].help)});
  for (const auto& other : plugins_)
    if (other.kind == kind && other.name == name)
      throw UserError("two " + kind_label(kind) + " plugins are named `" + name + "`: " + other.file.string() + " and " +
                      file.string() + "; remove one of them or take its folder off the plugin path");
  plugins_.push_back(info);
  loaded_.push_back(std::make_unique<Loaded>(Loaded{info, std::move(library), d}));
}

const PluginInfo* PluginRegistry::find(const std::string& kind, const std::string& name) const {
  for (const auto& info : plugins_)
    if (info.kind == kind && info.name == name) return &info;
  return nullptr;
}

std::pair<void*, const PluginRegistry::Loaded*> PluginRegistry::create(const std::string& kind,
                                                                       const std::string& name,
                                                                       const std::string& config_toml) const {
  const Loaded* found = nullptr;
  for (const auto& loaded : loaded_)
    if (loaded->info.kind == kind && loaded->info.name == name) found = loaded.get();
  if (!found) {
    std::string message = "no " + kind_label(kind) + " plugin named `" + name + "`";
    std::vector<std::string> names;
    for (const auto& info : plugins_)
      if (info.kind == kind) names.push_back(info.name);
    message += did_you_mean(name, names);
    bool refused = false;  // a file with that name exists but is incompatible: a plugin problem
    for (const auto& rejected : rejected_)
      if (rejected.name == name && (rejected.kind.empty() || rejected.kind == kind)) {
        message += "; " + rejected.reason;
        refused = true;
      }
    message += "; searched: " + join_paths(dirs_);
    if (refused) throw PluginError(message);
    throw UserError(message);
  }
  std::array<char, 4096> error{};
  void* object = nullptr;
  try {
    object = found->descriptor->create(config_toml.c_str(), error.data(), error.size());
  } catch (const std::exception& e) {
    throw PluginError("plugin " + name + " failed in create: " + e.what());
  } catch (...) {
    throw PluginError("plugin " + name + " failed in create: unknown exception");
  }
  if (!object)
    throw PluginError("plugin " + name + " failed in create: " +
                      (error[0] ? std::string(error.data()) : std::string("it returned no object and no message")));
  return {object, found};
}

PluginHandle PluginRegistry::handle_of(const std::string& name, const Loaded& loaded) {
  return PluginHandle{name, loaded.library, loaded.descriptor->destroy, text_or_null(loaded.descriptor->sdk_version)};
}

std::shared_ptr<SearchSpace> PluginRegistry::create_search_space(const std::string& name,
                                                                 const std::string& config_toml) const {
  auto [object, loaded] = create("search_space", name, config_toml);
  return std::make_shared<GuardedSearchSpace>(handle_of(name, *loaded), static_cast<SearchSpace*>(object));
}

std::shared_ptr<Sampler> PluginRegistry::create_sampler(const std::string& name, const std::string& config_toml) const {
  auto [object, loaded] = create("sampler", name, config_toml);
  return std::make_shared<GuardedSampler>(handle_of(name, *loaded), static_cast<Sampler*>(object));
}

std::shared_ptr<Regularizer> PluginRegistry::create_regularizer(const std::string& name,
                                                                const std::string& config_toml) const {
  auto [object, loaded] = create("regularizer", name, config_toml);
  return std::make_shared<GuardedRegularizer>(handle_of(name, *loaded), static_cast<Regularizer*>(object));
}

std::shared_ptr<Task> PluginRegistry::create_task(const std::string& name, const std::string& config_toml) const {
  auto [object, loaded] = create("task", name, config_toml);
  return std::make_shared<GuardedTask>(handle_of(name, *loaded), static_cast<Task*>(object));
}

std::vector<fs::path> PluginRegistry::default_dirs(const Manifest* manifest) {
  std::vector<fs::path> dirs;
  boost::dll::fs::error_code ec;
  const fs::path exe_dir = fs::path(boost::dll::program_location(ec).string()).parent_path();
  if (!ec) {
    dirs.push_back((exe_dir / ".." / "plugins").lexically_normal());  // build tree: build/bin/../plugins
    dirs.push_back((exe_dir / NASKERNEL_BIN_TO_PLUGINS).lexically_normal());  // installed tree
    const fs::path conventional = (exe_dir / ".." / "lib" / "naskernel" / "plugins").lexically_normal();
    if (conventional != dirs.back()) dirs.push_back(conventional);
  }
  if (manifest)
    for (const auto& dir : manifest_plugin_paths(*manifest)) dirs.push_back(dir);
  if (const char* env = std::getenv("NASKERNEL_PLUGIN_PATH")) {
    std::string list(env);
    size_t start = 0;
    while (start <= list.size()) {
      const size_t end = std::min(list.find(':', start), list.size());
      if (end > start) dirs.push_back(fs::absolute(list.substr(start, end - start)).lexically_normal());
      start = end + 1;
    }
  }
  return dirs;
}

}  // namespace naskernel
