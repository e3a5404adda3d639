// Loads a built plugin library as the host does and returns its descriptor:
// the plain C entry point of SDK ABI 2. Shared by the plugin-entry tests of
// every plugin folder. The library stays loaded for the process's lifetime.
#pragma once

#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <dlfcn.h>

namespace naskernel_test {

inline const naskernel_plugin_descriptor* load_plugin_descriptor(const char* path) {
  void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(library != nullptr, dlerror());
  auto entry = reinterpret_cast<naskernel_entry_fn>(dlsym(library, NASKERNEL_ENTRY_SYMBOL));
  const bool has_entry = entry != nullptr;
  REQUIRE_MESSAGE(has_entry, "no " NASKERNEL_ENTRY_SYMBOL " in " << path);
  const naskernel_plugin_descriptor* descriptor = entry();
  REQUIRE(descriptor != nullptr);
  REQUIRE(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  return descriptor;
}

}  // namespace naskernel_test
