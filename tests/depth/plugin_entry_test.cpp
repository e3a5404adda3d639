// The built plugin library, loaded as the host loads it: its descriptor, its
// key schema, a task created across the C boundary, and a configuration error.
#include "../support/plugin_descriptor.h"

#include <naskernel/abi.h>
#include <naskernel/task.h>

#include <doctest/doctest.h>

#include <string>

using naskernel_test::load_plugin_descriptor;

TEST_CASE("the depth plugin library describes itself, creates the task and validates its section") {
  const naskernel_plugin_descriptor* descriptor = load_plugin_descriptor(NASKERNEL_DEPTH_PLUGIN_FILE);
  CHECK(descriptor->sdk_abi_version == NASKERNEL_SDK_ABI_VERSION);
  CHECK(std::string(descriptor->kind) == "task");
  CHECK(std::string(descriptor->name) == "depth");
  bool lists_loss = false;
  for (uint32_t i = 0; i < descriptor->key_count; ++i) lists_loss |= std::string(descriptor->keys[i].name) == "loss";
  CHECK(lists_loss);

  char error[512] = {};
  void* object = descriptor->create("train_size = 20\ntest_size = 4\nimage_size = 8\n__section__ = \"task\"", error, sizeof error);
  REQUIRE_MESSAGE(object != nullptr, error);
  auto* task = static_cast<naskernel::Task*>(object);
  CHECK(task->network().output == naskernel::OutputKind::dense);
  task->load(0);
  CHECK(task->size(naskernel::Split::test) == 4);
  CHECK(task->metrics()[0].name == "ssi_loss");
  descriptor->destroy(object);

  CHECK(descriptor->create("loss = \"ssi_trimed\"\n__section__ = \"task\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) ==
        "key `task.loss` must be one of \"ssi_mse\", \"ssi_trimmed\", \"l1_aligned\", got \"ssi_trimed\" (did you mean "
        "`ssi_trimmed`?)");
  CHECK(descriptor->create("objets = 3\n__section__ = \"task\"", error, sizeof error) == nullptr);
  CHECK(std::string(error) == "unknown key `task.objets` (did you mean `objects`?)");
}
