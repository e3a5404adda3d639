#include "subprocess.h"

#include "kernel/host/subprocess.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace naskernel::test {
namespace fs = std::filesystem;

ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  const fs::path capture = make_temp_dir("capture") / "output.txt";
  const ChildExit exit = wait_for_exit(spawn_process(argv, capture, env));
  ProcessResult result;
  result.exited = exit.exited;
  result.exit_code = exit.exit_code;
  result.signal = exit.signal;
  std::ifstream in(capture);
  std::ostringstream text;
  text << in.rdbuf();
  result.output = text.str();
  fs::remove_all(capture.parent_path());
  return result;
}

fs::path make_temp_dir(const std::string& label) {
  std::string pattern = (fs::temp_directory_path() / ("naskernel_" + label + "_XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  return pattern;
}

void write_file(const fs::path& file, const std::string& text) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace naskernel::test
