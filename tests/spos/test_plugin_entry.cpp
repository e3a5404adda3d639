// The built plugin library, loaded as the host loads it: its descriptor and
// its configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the spos plugin library describes itself and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_SPOS_PLUGIN_FILE);
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
