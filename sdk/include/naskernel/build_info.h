// Facts about the toolchain a translation unit is compiled with. The plugin
// macro stamps them into the descriptor; the host compares them with its own.
#pragma once

#include <torch/version.h>

#include <string>

#define NASKERNEL_STRINGIFY_(x) #x
#define NASKERNEL_STRINGIFY(x) NASKERNEL_STRINGIFY_(x)

#if defined(__clang__)
#define NASKERNEL_COMPILER_FAMILY "Clang"
#define NASKERNEL_COMPILER_MAJOR __clang_major__
#define NASKERNEL_COMPILER \
  "Clang " NASKERNEL_STRINGIFY(__clang_major__) "." NASKERNEL_STRINGIFY(__clang_minor__)
#elif defined(__GNUC__)
#define NASKERNEL_COMPILER_FAMILY "GNU"
#define NASKERNEL_COMPILER_MAJOR __GNUC__
#define NASKERNEL_COMPILER \
  "GNU " NASKERNEL_STRINGIFY(__GNUC__) "." NASKERNEL_STRINGIFY(__GNUC_MINOR__)
#else
#define NASKERNEL_COMPILER_FAMILY "unknown"
#define NASKERNEL_COMPILER_MAJOR 0
#define NASKERNEL_COMPILER "unknown"
#endif

#ifdef _GLIBCXX_USE_CXX11_ABI
#define NASKERNEL_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define NASKERNEL_CXX11_ABI 0
#endif

#define NASKERNEL_TORCH_VERSION TORCH_VERSION
