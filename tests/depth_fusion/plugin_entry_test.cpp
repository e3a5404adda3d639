// The built plugin library, loaded as the host loads it: its descriptor,
// its key schema and its configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>

#include <doctest/doctest.h>

#include <set>
#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the depth_fusion plugin library describes itself and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_DEPTH_FUSION_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "search_space");
  CHECK(std::string(descriptor->name) == "depth_fusion");
  std::set<std::string> keys;
  for (uint32_t k = 0; k < descriptor->key_count; ++k) keys.insert(descriptor->keys[k].name);
  CHECK(keys.count("version") == 1);
  CHECK(keys.count("mode") == 1);
  CHECK(keys.count("encoder_file") == 1);
  CHECK(keys.count("freeze_encoder") == 1);

  char error[512] = {};
  void* space = descriptor->create("version = \"v2\"\nmode = \"non-sync\"\n__section__ = \"search_space\"", error,
                                   sizeof error);
  CHECK_MESSAGE(space != nullptr, error);
  if (space) descriptor->destroy(space);

  CHECK(descriptor->create("mode = \"async\"\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "key `search_space.mode` must be \"sync\" or \"non-sync\", got \"async\" (did you mean `sync`?)");
  CHECK(descriptor->create("featurs = 8\n__section__ = \"search_space\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `search_space.featurs` (did you mean `features`?)");
}
