// The built plugin library, loaded as the host loads it: its descriptor,
// its key schema and its configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <set>
#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the nao plugin library describes itself, lists its keys and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_NAO_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "sampler");
  CHECK(std::string(descriptor->name) == "nao");
  CHECK(std::string(descriptor->version) == "0.1.0");

  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor->key_count; ++i) keys.insert(descriptor->keys[i].name);
  for (const char* key : {"warmup_epochs", "controller_every", "controller_epochs", "trade_off", "controller_lr",
                          "embedding_size", "hidden_size", "seed_pool", "seed_archs", "new_archs", "random_archs",
                          "eta", "batch_size"})
    CHECK_MESSAGE(keys.count(key) == 1, key);

  char error[512] = {};
  void* sampler = descriptor->create("controller_epochs = 10\nnew_archs = 30\n__section__ = \"sampler\"", error,
                                     sizeof error);
  CHECK_MESSAGE(sampler != nullptr, error);
  if (sampler) descriptor->destroy(sampler);

  CHECK(descriptor->create("trade_off = 2\n__section__ = \"sampler\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "key `sampler.trade_off` must be a finite number >= 0.0 and <= 1.0, got 2.0");
  CHECK(descriptor->create("new_arch = 3\n__section__ = \"sampler\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `sampler.new_arch` (did you mean `new_archs`?)");
}
