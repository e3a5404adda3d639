// Architecture strings given on the command line: repeated --arch values and
// an --archs-file (one per line; blank lines and # comments skipped).
#pragma once

#include <string>
#include <vector>

namespace naskernel {

struct ArchInput {
  std::string text;
  std::string where;  // "--arch #2" or "archs.txt:7", for error messages
};

std::vector<ArchInput> read_arch_inputs(const std::vector<std::string>& archs, const std::string& archs_file);

}  // namespace naskernel
