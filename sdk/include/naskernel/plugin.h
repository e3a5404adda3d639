// The one macro a plugin author needs:
//
//   class MySampler : public naskernel::Sampler {
//    public:
//     explicit MySampler(const naskernel::Config& config);  // read keys here
//     ...
//   };
//   NASKERNEL_PLUGIN(sampler, "my_sampler", "1.0.0", MySampler)
//
// KIND is one of search_space, sampler, regularizer, task. The constructor
// receives the plugin's manifest section; keys it does not read are
// rejected after construction with a "did you mean" suggestion.
#pragma once

#include <naskernel/abi.h>
#include <naskernel/build_info.h>
#include <naskernel/config.h>
#include <naskernel/regularizer.h>
#include <naskernel/sampler.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <boost/dll/alias.hpp>

#include <cstring>
#include <exception>

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

template <class Interface, class Class>
void* create_plugin(const char* config_toml, char* error, size_t error_size) noexcept {
  try {
    Config config = Config::parse(config_toml ? config_toml : "");
    Interface* object = new Class(config);
    try {
      config.finish();
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

}  // namespace detail
}  // namespace naskernel

#define NASKERNEL_PLUGIN(KIND, NAME, VERSION, CLASS)                                          \
  namespace naskernel_plugin_ {                                                               \
  static void* create(const char* config, char* error, size_t size) {                         \
    return ::naskernel::detail::create_plugin<::naskernel::KIND##_interface, CLASS>(config,   \
                                                                                   error, size); \
  }                                                                                           \
  static void destroy(void* object) { delete static_cast<::naskernel::KIND##_interface*>(object); } \
  static const ::naskernel_plugin_descriptor descriptor = {                                   \
      NASKERNEL_SDK_ABI_VERSION, NASKERNEL_TORCH_VERSION, NASKERNEL_CXX11_ABI,                \
      NASKERNEL_COMPILER,        #KIND,                   NAME,                              \
      VERSION,                   &create,                 &destroy};                         \
  const ::naskernel_plugin_descriptor* entry() { return &descriptor; }                        \
  }                                                                                           \
  BOOST_DLL_ALIAS(naskernel_plugin_::entry, naskernel_plugin_entry)
