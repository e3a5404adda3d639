// The built plugin library, loaded as the host loads it: its descriptor, its
// key schema, and configuration errors crossing the C boundary.
#include <doctest/doctest.h>
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>

#include <set>
#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the nb101 plugin library describes itself and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_NB101_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "search_space");
  CHECK(std::string(descriptor->name) == "nb101");
  std::set<std::string> keys;
  for (uint32_t k = 0; k < descriptor->key_count; ++k) keys.insert(descriptor->keys[k].name);
  CHECK(keys == std::set<std::string>{"stem_channels", "stacks", "cells_per_stack", "supernet_stem_channels",
                                      "supernet_channels", "supernet_bn_affine", "supernet_bn_track_running_stats",
                                      "bn_momentum", "mutation_rate"});

  char error[512] = {};
  void* space = descriptor->create(
      "stem_channels = 16\nstacks = 3\ncells_per_stack = 1\nsupernet_stem_channels = 8\nsupernet_channels = 16\n"
      "supernet_bn_affine = true\nsupernet_bn_track_running_stats = false\nbn_momentum = 0.1\nmutation_rate = 1.0\n"
      "__section__ = \"search_space\"",
      error, sizeof error);
  CHECK_MESSAGE(space != nullptr, error);
  if (space) descriptor->destroy(space);

  CHECK(descriptor->create("stem_channels = 2\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "key `search_space.stem_channels` must be at least 5, got 2");
  CHECK(descriptor->create("cell_per_stack = 3\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `search_space.cell_per_stack` (did you mean `cells_per_stack`?)");
}
