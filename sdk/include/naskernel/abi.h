// The plain-C boundary between the host and a plugin library.
//
// A plugin exports one plain `extern "C"` function, `naskernel_plugin_entry`,
// that returns this descriptor (as LLVM pass plugins return their info
// struct). The host reads and checks the descriptor before it calls anything
// else in the library: a plugin built against another SDK ABI, LibTorch, C++
// library ABI or compiler family/major version is refused with a message that
// names both sides, instead of crashing somewhere inside a virtual call.
//
// `sdk_abi_version` stays the first field in every ABI so that any host can
// read it from any plugin.
#pragma once

#include <stddef.h>
#include <stdint.h>

// Bump whenever any interface in sdk/include/naskernel changes layout or
// meaning (sdk/CHANGES.md says what changed).
#define NASKERNEL_SDK_ABI_VERSION 2u
#define NASKERNEL_SDK_VERSION "2.3.0"

#define NASKERNEL_ENTRY_SYMBOL "naskernel_plugin_entry"

extern "C" {

// Creates the plugin object from its configuration (TOML text). On failure
// returns null and writes one sentence into `error` (at most error_size bytes).
typedef void* (*naskernel_create_fn)(const char* config_toml, char* error, size_t error_size);
typedef void (*naskernel_destroy_fn)(void* object);

// One manifest key a plugin reads: `naskernel plugins --keys NAME` prints them.
struct naskernel_key_spec {
  const char* name;           // dotted below the plugin's section, e.g. "tau_max"
  const char* type;           // "integer" | "float" | "string" | "boolean" | "array" | "table"
  const char* default_value;  // as TOML text; "" for a required key
  const char* help;           // one line
};

struct naskernel_plugin_descriptor {
  uint32_t sdk_abi_version;    // NASKERNEL_SDK_ABI_VERSION at build time; always first
  const char* sdk_version;     // NASKERNEL_SDK_VERSION, informative
  const char* torch_version;   // TORCH_VERSION, e.g. "1.13.1"
  int32_t cxx11_abi;           // _GLIBCXX_USE_CXX11_ABI
  const char* compiler_family; // "GNU" | "Clang"
  int32_t compiler_major;      // e.g. 12
  const char* compiler;        // e.g. "GNU 12.2", informative
  const char* kind;            // "search_space" | "sampler" | "regularizer" | "task"
  const char* name;
  const char* version;
  const naskernel_key_spec* keys;
  uint32_t key_count;
  naskernel_create_fn create;  // returns the kind's interface pointer as void*
  naskernel_destroy_fn destroy;
};

typedef const naskernel_plugin_descriptor* (*naskernel_entry_fn)(void);

}  // extern "C"
