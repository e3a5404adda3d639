// The built plugin library, loaded as the host loads it: its descriptor and
// its configuration errors crossing the C boundary.
#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <dlfcn.h>

#include <string>

namespace {

// The library stays loaded for the test process's lifetime.
const naskernel_plugin_descriptor* load_descriptor(const char* path) {
  void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  REQUIRE_MESSAGE(library != nullptr, dlerror());
  // Boost.DLL's alias is a data symbol holding the entry function's address.
  auto* alias = static_cast<const void* const*>(dlsym(library, NASKERNEL_ENTRY_SYMBOL));
  REQUIRE(alias != nullptr);
  return reinterpret_cast<naskernel_entry_fn>(const_cast<void*>(*alias))();
}

}  // namespace

TEST_CASE("the spos plugin library describes itself and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_descriptor(NASKERNEL_SPOS_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "sampler");
  CHECK(std::string(descriptor->name) == "spos");
  CHECK(std::string(descriptor->version) == "0.1.0");

  char error[512] = {};
  void* sampler = descriptor->create("population = 8\ntournament = 4\nqueries = 64\n__section__ = \"sampler\"", error,
                                     sizeof error);
  CHECK_MESSAGE(sampler != nullptr, error);
  if (sampler) descriptor->destroy(sampler);

  CHECK(descriptor->create("population = 1\n__section__ = \"sampler\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "key `sampler.population` must be at least 2, got 1");
  CHECK(descriptor->create("tournamnet = 3\n__section__ = \"sampler\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `sampler.tournamnet` (did you mean `tournament`?)");
}
