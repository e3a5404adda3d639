// The built plugin library, loaded as the host loads it: its descriptor, key
// schema and configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <set>
#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the darts plugin library describes itself, lists its keys and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_DARTS_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "search_space");
  CHECK(std::string(descriptor->name) == "darts");
  std::set<std::string> keys;
  for (uint32_t k = 0; k < descriptor->key_count; ++k) keys.insert(descriptor->keys[k].name);
  CHECK(keys == std::set<std::string>{"network", "channels", "layers", "auxiliary", "supernet_channels",
                                      "supernet_layers", "supernet_affine", "supernet_track_running_stats"});

  char error[512] = {};
  void* space = descriptor->create(
      "channels = 8\nlayers = 5\nauxiliary = false\nsupernet_channels = 4\nsupernet_layers = 5\n"
      "__section__ = \"search_space\"",
      error, sizeof error);
  CHECK_MESSAGE(space != nullptr, error);
  if (space) descriptor->destroy(space);

  CHECK(descriptor->create("layers = 0\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "key `search_space.layers` must be at least 1, got 0");
  CHECK(descriptor->create("chanels = 3\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `search_space.chanels` (did you mean `channels`?)");
}
