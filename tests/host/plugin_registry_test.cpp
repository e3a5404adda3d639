// Plugin loading in-process: descriptor checks, lookup errors, guarded calls.
#include "kernel/host/manifest.h"
#include "kernel/host/plugin_error.h"
#include "kernel/host/plugin_handle.h"
#include "kernel/host/plugin_registry.h"
#include "subprocess.h"

#include <naskernel/abi.h>
#include <naskernel/build_info.h>
#include <naskernel/sampler.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using naskernel::PluginError;
using naskernel::PluginRegistry;
using naskernel::UserError;

namespace {

const fs::path plugin_dir = HOST_TEST_PLUGIN_DIR;

template <class E, class Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a good plugin is listed with its descriptor and created behind a guard") {
  const PluginRegistry registry({plugin_dir / "good"});
  REQUIRE(registry.plugins().size() == 1);
  const auto& info = registry.plugins().front();
  CHECK(info.kind == "sampler");
  CHECK(info.name == "tiny_uniform");
  CHECK(info.version == "0.1.0");
  CHECK(info.sdk_abi == NASKERNEL_SDK_ABI_VERSION);
  CHECK(info.file == plugin_dir / "good" / "libnaskernel_sampler_tiny_uniform.so");
  CHECK(registry.rejected().empty());

  auto sampler = registry.create_sampler("tiny_uniform", "candidates = 5\n");
  REQUIRE(sampler != nullptr);
  // An exception inside plugin code comes back naming the plugin and the call.
  CHECK(message_of<PluginError>([&] { sampler->propose(0); }) ==
        "plugin tiny_uniform failed in propose: k must be positive, got 0");
  CHECK_FALSE(sampler->wants_architecture_step({}));  // a default, forwarded
}

TEST_CASE("a plugin object outlives the registry that loaded it") {
  std::shared_ptr<naskernel::Sampler> sampler;
  {
    const PluginRegistry registry({plugin_dir / "good"});
    sampler = registry.create_sampler("tiny_uniform", "");
  }
  // The library stays loaded while the object lives: its code still runs.
  CHECK(contains(message_of<PluginError>([&] { sampler->propose(-1); }), "k must be positive, got -1"));
  sampler.reset();
}

TEST_CASE("configuration errors come back from create with their manifest position") {
  const fs::path dir = naskernel::test::make_temp_dir("registry");
  naskernel::test::write_file(dir / "x.toml", "[sampler]\nplugin = \"tiny_uniform\"\ncandidates = \"many\"\n");
  naskernel::test::write_file(dir / "y.toml", "[sampler]\nplugin = \"tiny_uniform\"\ncandidtes = 5\n");
  naskernel::test::write_file(dir / "z.toml", "[sampler]\nplugin = \"tiny_uniform\"\ncandidates = -2\n");
  const PluginRegistry registry({plugin_dir / "good"});
  auto create = [&](const char* file) {
    const auto manifest = naskernel::Manifest::load(dir / file);
    return message_of<PluginError>([&] { registry.create_sampler("tiny_uniform", manifest.plugin_config("sampler")); });
  };
  CHECK(create("x.toml") == "plugin tiny_uniform failed in create: " + (dir / "x.toml").string() +
                                ":3:14: key `sampler.candidates` must be an integer, got string");
  CHECK(create("y.toml") == "plugin tiny_uniform failed in create: " + (dir / "y.toml").string() +
                                ":3:13: unknown key `sampler.candidtes` (did you mean `candidates`?)");
  CHECK(create("z.toml") == "plugin tiny_uniform failed in create: " + (dir / "z.toml").string() +
                                ":3:14: key `sampler.candidates` must be positive, got -2");
  fs::remove_all(dir);
}

TEST_CASE("a throwing constructor becomes a PluginError naming the plugin") {
  const PluginRegistry registry({plugin_dir / "throwing_constructor"});
  CHECK(message_of<PluginError>([&] { registry.create_sampler("throws_on_create", ""); }) ==
        "plugin throws_on_create failed in create: cannot open lookup table /nonexistent/table.bin");
}

TEST_CASE("incompatible files are rejected with a reason naming both sides") {
  const PluginRegistry registry(
      {plugin_dir / "wrong_abi", plugin_dir / "wrong_torch", plugin_dir / "no_entry", plugin_dir / "good"});
  CHECK(registry.plugins().size() == 1);
  REQUIRE(registry.rejected().size() == 3);
  const auto& abi = registry.rejected()[0];
  CHECK(abi.reason == "plugin file " + (plugin_dir / "wrong_abi/libnaskernel_sampler_old_sampler.so").string() +
                          " was built for naskernel SDK ABI 0, but this host has ABI " +
                          std::to_string(NASKERNEL_SDK_ABI_VERSION));
  CHECK(abi.kind == "sampler");
  CHECK(abi.name == "old_sampler");
  CHECK(registry.rejected()[1].reason ==
        "plugin file " + (plugin_dir / "wrong_torch/libnaskernel_sampler_other_torch.so").string() +
            " was built against LibTorch 0.4.1, but this host uses LibTorch " NASKERNEL_TORCH_VERSION);
  CHECK(contains(registry.rejected()[2].reason, "has no `naskernel_plugin_entry` entry point"));

  // Asking for a rejected plugin says why it is not available.
  const std::string message = message_of<UserError>([&] { registry.create_sampler("old_sampler", ""); });
  CHECK(contains(message, "no sampler plugin named `old_sampler`"));
  CHECK(contains(message, "was built for naskernel SDK ABI 0"));
  CHECK(contains(message, "searched: " + (plugin_dir / "wrong_abi").string()));
}

TEST_CASE("an SDK ABI 1 plugin (a Boost.DLL alias entry) is refused without being called") {
  const PluginRegistry registry({plugin_dir / "abi1"});
  CHECK(registry.plugins().empty());
  REQUIRE(registry.rejected().size() == 1);
  CHECK(registry.rejected()[0].reason ==
        "plugin file " + (plugin_dir / "abi1/libnaskernel_sampler_abi1_sampler.so").string() +
            " was built for naskernel SDK ABI 1 (a Boost.DLL alias entry point), but this host has ABI " +
            std::to_string(NASKERNEL_SDK_ABI_VERSION) + "; rebuild it against this SDK");
  CHECK(registry.rejected()[0].name == "abi1_sampler");
}

TEST_CASE("only the compiler family and major version must match") {
  const PluginRegistry registry({plugin_dir / "wrong_compiler", plugin_dir / "minor_compiler"});
  REQUIRE(registry.plugins().size() == 1);
  CHECK(registry.plugins()[0].name == "minor_compiler");
  CHECK(registry.plugins()[0].compiler == "GNU x.99");
  REQUIRE(registry.rejected().size() == 1);
  CHECK(registry.rejected()[0].reason ==
        "plugin file " + (plugin_dir / "wrong_compiler/libnaskernel_sampler_other_compiler.so").string() +
            " was built with compiler GNU 3.4, but this host was built with " NASKERNEL_COMPILER
            " (family and major version must match)");
}

TEST_CASE("the key schema crosses the boundary") {
  const PluginRegistry registry({plugin_dir / "good"});
  REQUIRE(registry.plugins().size() == 1);
  const auto& keys = registry.plugins()[0].keys;
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].name == "candidates");
  CHECK(keys[0].type == "integer");
  CHECK(keys[0].default_value == "20");
  CHECK(registry.plugins()[0].sdk_version == NASKERNEL_SDK_VERSION);
}

TEST_CASE("unknown plugin names get a suggestion and the folders searched") {
  const PluginRegistry registry({plugin_dir / "good", "/nonexistent/plugins"});
  const std::string message = message_of<UserError>([&] { registry.create_sampler("tiny_unifrom", ""); });
  CHECK(message == "no sampler plugin named `tiny_unifrom` (did you mean `tiny_uniform`?); searched: " +
                       (plugin_dir / "good").string() + ", /nonexistent/plugins");
  CHECK(contains(message_of<UserError>([&] { registry.create_task("tiny_uniform", ""); }),
                 "no task plugin named `tiny_uniform`"));
}

TEST_CASE("two plugins with one kind and name are an error naming both files") {
  const std::string message =
      message_of<UserError>([&] { PluginRegistry registry({plugin_dir / "good", plugin_dir / "duplicate"}); });
  CHECK(message == "two sampler plugins are named `tiny_uniform`: " +
                       (plugin_dir / "good/libnaskernel_sampler_tiny_uniform.so").string() + " and " +
                       (plugin_dir / "duplicate/libnaskernel_sampler_tiny_uniform_copy.so").string() +
                       "; remove one of them or take its folder off the plugin path");
  // The same folder listed twice is not a duplicate.
  CHECK(PluginRegistry({plugin_dir / "good", plugin_dir / "good"}).plugins().size() == 1);
}

TEST_CASE("networks made by a search space plugin keep its library loaded after the space is gone") {
  const fs::path first_party = fs::path(NASKERNEL_BINARY_DIR) / "plugins";
  REQUIRE_MESSAGE(fs::exists(first_party / "libnaskernel_search_space_nb201.so"), "build the nb201 plugin first");
  REQUIRE_MESSAGE(fs::exists(first_party / "libnaskernel_task_classification.so"), "build the classification plugin");
  std::shared_ptr<naskernel::SuperNet> supernet;
  naskernel::Arch arch;
  naskernel::Path space_path;
  naskernel::NetworkSpec shape;
  {
    const PluginRegistry registry({first_party});
    const auto task = registry.create_task("classification", "dataset = \"synthetic\"\n");
    shape = task->network();  // from the configuration alone: no data is loaded
    CHECK(shape.outputs > 1);
    const auto space = registry.create_search_space("nb201", "channels = 4\ncells = 1\n");
    supernet = space->make_supernet(shape);
    naskernel::Rng rng(3);
    arch = space->random(rng);
    space_path = space->path(arch);
    CHECK(space->parse(space->format(arch)) == arch);  // forwarded defaults and overrides alike
    CHECK(space->cardinality() == std::optional<uint64_t>(15625));
    CHECK(contains(message_of<naskernel::ArchParseError>([&] { space->parse("|nope~0|"); }), "nope"));
  }
  // Registry, task and space are destroyed; the super-net's code must still be there.
  torch::NoGradGuard no_grad;
  const auto output = supernet->forward(torch::zeros({2, shape.channels, shape.height, shape.width}),
                                        space_path);
  CHECK(output.sizes() == torch::IntArrayRef({2, shape.outputs}));
  supernet.reset();
}

TEST_CASE("SDK versions gate the virtuals added within ABI 2") {
  using naskernel::sdk_version_at_least;
  CHECK(sdk_version_at_least(NASKERNEL_SDK_VERSION, 2, 1));  // what first-party plugins are built with
  CHECK(sdk_version_at_least("2.1.0", 2, 1));
  CHECK(sdk_version_at_least("2.10.3", 2, 1));
  CHECK(sdk_version_at_least("3.0.0", 2, 1));
  CHECK_FALSE(sdk_version_at_least("2.0.0", 2, 1));  // built before Task::check_data
  CHECK_FALSE(sdk_version_at_least("1.9.9", 2, 1));
  CHECK_FALSE(sdk_version_at_least("(null)", 2, 1));
  CHECK_FALSE(sdk_version_at_least("", 2, 1));
}
