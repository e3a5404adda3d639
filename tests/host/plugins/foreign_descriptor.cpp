// Test plugin: a hand-written descriptor that differs from the host in one
// field (chosen by the FOREIGN_* definitions), as a plugin built against
// another SDK, LibTorch or compiler would. Nothing here may ever be called.
#include <naskernel/abi.h>
#include <naskernel/build_info.h>

#include <cstdlib>

#ifndef FOREIGN_ABI
#define FOREIGN_ABI NASKERNEL_SDK_ABI_VERSION
#endif
#ifndef FOREIGN_TORCH
#define FOREIGN_TORCH NASKERNEL_TORCH_VERSION
#endif
#ifndef FOREIGN_COMPILER_MAJOR
#define FOREIGN_COMPILER_MAJOR NASKERNEL_COMPILER_MAJOR
#endif
#ifndef FOREIGN_COMPILER
#define FOREIGN_COMPILER NASKERNEL_COMPILER
#endif
#ifndef FOREIGN_NAME
#define FOREIGN_NAME "foreign"
#endif

namespace {

void* create(const char*, char*, size_t) { std::abort(); }  // the host must refuse before this
void destroy(void*) { std::abort(); }

const naskernel_plugin_descriptor descriptor = {
    FOREIGN_ABI,  NASKERNEL_SDK_VERSION, FOREIGN_TORCH, NASKERNEL_CXX11_ABI, NASKERNEL_COMPILER_FAMILY,
    FOREIGN_COMPILER_MAJOR, FOREIGN_COMPILER, "sampler", FOREIGN_NAME, "0.0.1", nullptr, 0, &create, &destroy};

}  // namespace

extern "C" __attribute__((visibility("default"))) const naskernel_plugin_descriptor* naskernel_plugin_entry(void) {
  return &descriptor;
}
