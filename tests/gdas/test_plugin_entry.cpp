// The built gdas plugin library, loaded as the host loads it: its descriptor,
// its key schema and its configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <set>
#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the gdas plugin library describes itself, lists its keys and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_GDAS_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "sampler");
  CHECK(std::string(descriptor->name) == "gdas");
  CHECK(std::string(descriptor->version) == "0.1.0");

  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor->key_count; ++i) keys.insert(descriptor->keys[i].name);
  for (const char* key : {"arch_lr", "arch_beta1", "arch_beta2", "arch_weight_decay", "tau_max", "tau_min",
                          "arch_start_epoch", "arch_every"})
    CHECK_MESSAGE(keys.count(key) == 1, key);

  char error[512] = {};
  void* sampler = descriptor->create(
      "__section__ = \"sampler\"\narch_lr = 6e-4\ntau_max = 5.0\ntau_min = 0.5\narch_start_epoch = 2\n", error,
      sizeof error);
  CHECK_MESSAGE(sampler != nullptr, error);
  if (sampler) descriptor->destroy(sampler);

  CHECK(descriptor->create("__section__ = \"sampler\"\ntau_min = 0\n[__origin__]\ntau_min = \"run.toml:9:1\"", error,
                           sizeof error) == nullptr);
  CHECK(std::string(error) == "run.toml:9:1: key `sampler.tau_min` must be a positive number, got 0");
  CHECK(descriptor->create("__section__ = \"sampler\"\npopulation = 50", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `sampler.population`");
  CHECK(descriptor->create("__section__ = \"sampler\"\narch_lrr = 1e-3", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `sampler.arch_lrr` (did you mean `arch_lr`?)");
}
