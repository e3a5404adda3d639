// The one macro a plugin author needs:
//
//   class MySampler : public naskernel::Sampler {
//    public:
//     explicit MySampler(const naskernel::Config& config);  // read keys here
//     static std::vector<naskernel::KeySpec> keys();       // and list them here
//     ...
//   };
//   NASKERNEL_PLUGIN(sampler, "my_sampler", "1.0.0", MySampler)
//
// KIND is one of search_space, sampler, regularizer, task. The constructor
// receives the plugin's manifest section; keys it does not read are rejected
// after construction with a "did you mean" suggestion. keys() is the key
// schema that `naskernel plugins --keys NAME` prints; a key the constructor
// reads that keys() does not list is refused, so the schema stays true.
#pragma once

#include <naskernel/abi.h>
#include <naskernel/build_info.h>
#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/regularizer.h>
#include <naskernel/sampler.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace naskernel {

using search_space_interface = SearchSpace;
using sampler_interface = Sampler;
using regularizer_interface = Regularizer;
using task_interface = Task;

namespace detail {

inline void write_error(char* error, size_t size, const std::string& message) {
  if (!error || size == 0) return;
  std::strncpy(error, message.c_str(), size - 1);
  error[size - 1] = '\0';
}

// The first key read by the plugin that its schema does not list, or "".
inline std::string undeclared_key(const Config& config, const std::vector<KeySpec>& schema) {
  for (const auto& used : config.used_keys()) {
    bool declared = false;
    for (const auto& spec : schema)
      if (used == spec.name || used.rfind(spec.name + ".", 0) == 0) declared = true;  // a table covers its keys
    if (!declared) return used;
  }
  return "";
}

template <class Interface, class Class>
void* create_plugin(const char* config_toml, char* error, size_t error_size) noexcept {
  try {
    Config config = Config::parse(config_toml ? config_toml : "");
    Interface* object = new Class(config);
    try {
      config.finish();
      const std::string missing = undeclared_key(config, Class::keys());
      if (!missing.empty())
        throw std::logic_error("the plugin reads key `" + config.path(missing) +
                               "` that its key schema (keys()) does not list");
    } catch (...) {
      delete object;
      throw;
    }
    return static_cast<void*>(object);
  } catch (const std::exception& e) {
    write_error(error, error_size, e.what());
  } catch (...) {
    write_error(error, error_size, "unknown exception");
  }
  return nullptr;
}

template <class Interface>
void destroy_plugin(void* object) noexcept {
  delete static_cast<Interface*>(object);
}

template <class Interface, class Class>
const naskernel_plugin_descriptor* plugin_descriptor(const char* kind, const char* name, const char* version) {
  static const std::vector<KeySpec> schema = Class::keys();
  static const std::vector<naskernel_key_spec> specs = [] {
    std::vector<naskernel_key_spec> out;
    for (const auto& k : schema)
      out.push_back({k.name.c_str(), k.type.c_str(), k.default_value.c_str(), k.help.c_str()});
    return out;
  }();
  static const naskernel_plugin_descriptor descriptor = {
      NASKERNEL_SDK_ABI_VERSION, NASKERNEL_SDK_VERSION,   NASKERNEL_TORCH_VERSION,
      NASKERNEL_CXX11_ABI,       NASKERNEL_COMPILER_FAMILY, NASKERNEL_COMPILER_MAJOR,
      NASKERNEL_COMPILER,        kind,                    name,
      version,                   specs.data(),            static_cast<uint32_t>(specs.size()),
      &create_plugin<Interface, Class>, &destroy_plugin<Interface>};
  return &descriptor;
}

}  // namespace detail
}  // namespace naskernel

#define NASKERNEL_PLUGIN(KIND, NAME, VERSION, CLASS)                                              \
  extern "C" __attribute__((visibility("default"))) const naskernel_plugin_descriptor*            \
  naskernel_plugin_entry(void) {                                                                 \
    return ::naskernel::detail::plugin_descriptor<::naskernel::KIND##_interface, CLASS>(#KIND, NAME, \
                                                                                     VERSION);   \
  }
