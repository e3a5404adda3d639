// What the tests of the real `naskernel` binary share: running it with only
// the build's and the manifest's plugin folders searched, and where the
// test plugins and first-party plugins are.
#pragma once

#include "subprocess.h"

#include <filesystem>
#include <string>
#include <vector>

namespace naskernel::test {

// Folder of the deliberately broken test plugins, one subfolder per case.
const std::filesystem::path& test_plugin_dir();
// The build's first-party plugins.
const std::filesystem::path& first_party_plugin_dir();

// `naskernel ARGS...` with NASKERNEL_PLUGIN_PATH blanked.
ProcessResult naskernel_cli(std::vector<std::string> args);

bool contains(const std::string& text, const std::string& part);

// Stops the test case unless nb201 and classification are built.
void require_first_party_plugins();

}  // namespace naskernel::test
