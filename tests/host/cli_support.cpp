#include "cli_support.h"

#include <doctest/doctest.h>

namespace naskernel::test {
namespace fs = std::filesystem;

const fs::path& test_plugin_dir() {
  static const fs::path dir = HOST_TEST_PLUGIN_DIR;
  return dir;
}

const fs::path& first_party_plugin_dir() {
  static const fs::path dir = fs::path(NASKERNEL_BINARY_DIR) / "plugins";
  return dir;
}

ProcessResult naskernel_cli(std::vector<std::string> args) {
  args.insert(args.begin(), NASKERNEL_EXE);
  return run_process(args, {{"NASKERNEL_PLUGIN_PATH", ""}});
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void require_first_party_plugins() {
  for (const char* file : {"libnaskernel_search_space_nb201.so", "libnaskernel_task_classification.so"})
    REQUIRE_MESSAGE(fs::exists(first_party_plugin_dir() / file), "build the first-party plugin ", file, " first");
}

}  // namespace naskernel::test
