// The built `landmark` and `none` plugin libraries, loaded as the host loads
// them: their descriptors and configuration errors crossing the C boundary.
#include "../support/plugin_descriptor.h"

#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the landmark plugin library describes itself and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_LANDMARK_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "regularizer");
  CHECK(std::string(descriptor->name) == "landmark");

  char error[512] = {};
  void* regularizer = descriptor->create(
      "lambda = 5\nschedule = \"step\"\nsteps = 2\nformulation = \"softplus\"\nbeta = 4\n__section__ = "
      "\"regularizer\"",
      error, sizeof error);
  CHECK_MESSAGE(regularizer != nullptr, error);
  if (regularizer) descriptor->destroy(regularizer);

  CHECK(descriptor->create("schedule = \"cosin\"\n__section__ = \"regularizer\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) ==
        "key `regularizer.schedule` must be one of cosine, constant, step, cosine_decrease, got \"cosin\" (did you "
        "mean `cosine`?)");
}

TEST_CASE("the none plugin library takes no keys") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_NONE_PLUGIN_FILE);
  CHECK(std::string(descriptor->kind) == "regularizer");
  CHECK(std::string(descriptor->name) == "none");
  char error[512] = {};
  void* regularizer = descriptor->create("__section__ = \"regularizer\"", error, sizeof error);
  CHECK_MESSAGE(regularizer != nullptr, error);
  if (regularizer) descriptor->destroy(regularizer);
  CHECK(descriptor->create("lambda = 1\n__section__ = \"regularizer\"", error, sizeof error) == nullptr);
  CHECK(std::string(error).find("unknown key `regularizer.lambda`") != std::string::npos);
}
