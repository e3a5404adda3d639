// The plain-C boundary between the host and a plugin library.
//
// A plugin exports exactly one alias, `naskernel_plugin_entry`, pointing at a
// function that returns this descriptor. The host reads and checks every field
// before it calls anything else in the library, so a plugin built against
// another SDK, LibTorch, C++ ABI or compiler is refused with a message naming
// both sides instead of crashing somewhere inside a virtual call.
#pragma once

#include <stddef.h>
#include <stdint.h>

// Bump whenever any interface in sdk/include/naskernel changes layout.
#define NASKERNEL_SDK_ABI_VERSION 1u

#define NASKERNEL_ENTRY_SYMBOL "naskernel_plugin_entry"

extern "C" {

// Creates the plugin object from its configuration (TOML text). On failure
// returns null and writes one sentence into `error` (at most error_size bytes).
typedef void* (*naskernel_create_fn)(const char* config_toml, char* error, size_t error_size);
typedef void (*naskernel_destroy_fn)(void* object);

struct naskernel_plugin_descriptor {
  uint32_t sdk_abi_version;    // NASKERNEL_SDK_ABI_VERSION at build time
  const char* torch_version;   // TORCH_VERSION, e.g. "1.13.1"
  int32_t cxx11_abi;           // _GLIBCXX_USE_CXX11_ABI
  const char* compiler;        // e.g. "GNU 12.2.0"
  const char* kind;            // "search_space" | "sampler" | "regularizer" | "task"
  const char* name;
  const char* version;
  naskernel_create_fn create;  // returns the kind's interface pointer as void*
  naskernel_destroy_fn destroy;
};

typedef const naskernel_plugin_descriptor* (*naskernel_entry_fn)();

}  // extern "C"
