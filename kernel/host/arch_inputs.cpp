#include "kernel/host/arch_inputs.h"

#include <naskernel/errors.h>

#include <fstream>

namespace naskernel {

std::vector<ArchInput> read_arch_inputs(const std::vector<std::string>& archs, const std::string& archs_file) {
  std::vector<ArchInput> inputs;
  for (size_t i = 0; i < archs.size(); ++i) inputs.push_back({archs[i], "--arch #" + std::to_string(i + 1)});
  if (!archs_file.empty()) {
    std::ifstream in(archs_file);
    if (!in) throw UserError("cannot read architectures file `" + archs_file + "`");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      const size_t begin = line.find_first_not_of(" \t\r");
      if (begin == std::string::npos || line[begin] == '#') continue;  // blank lines and comments
      const size_t end = line.find_last_not_of(" \t\r");
      inputs.push_back({line.substr(begin, end - begin + 1), archs_file + ":" + std::to_string(number)});
    }
  }
  return inputs;
}

}  // namespace naskernel
