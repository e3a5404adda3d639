// A fresh run directory: out_dir/<name>-<UTC YYYYmmdd-HHMMSS>[-2, -3, ...]
// with a checkpoints/ folder inside.
#pragma once

#include <filesystem>
#include <string>

namespace naskernel {

std::filesystem::path create_run_directory(const std::filesystem::path& out_dir, const std::string& name);

}  // namespace naskernel
