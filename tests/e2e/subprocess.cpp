#include "subprocess.h"

#include "kernel/host/subprocess.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

namespace e2e {

namespace {

std::map<std::string, std::string> environment_of(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> environment;
  for (const auto& entry : entries) {
    const size_t equals = entry.find('=');
    environment[entry.substr(0, equals)] = equals == std::string::npos ? "" : entry.substr(equals + 1);
  }
  return environment;
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::filesystem::path& log) {
  std::vector<std::string> argv = {NASKERNEL_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return naskernel::spawn_process(argv, log, environment_of(env));
}

Outcome outcome_of(const naskernel::ChildExit& exit, const std::filesystem::path& log) {
  Outcome outcome;
  if (exit.exited) outcome.exit_code = exit.exit_code;
  outcome.signal = exit.signal;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  outcome.output = text.str();
  std::filesystem::remove(log);
  return outcome;
}

std::filesystem::path log_file() {
  static int counter = 0;
  return std::filesystem::temp_directory_path() /
         ("naskernel-e2e-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".log");
}

}  // namespace

Outcome run_naskernel(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  const auto log = log_file();
  Outcome outcome = outcome_of(naskernel::wait_for_exit(spawn(args, env, log)), log);
  if (outcome.exit_code != 0) MESSAGE("naskernel output:\n" << outcome.output);
  return outcome;
}

Outcome run_and_interrupt(const std::vector<std::string>& args, const std::vector<std::string>& env,
                          const std::filesystem::path& out_dir, int min_lines, bool& interrupted) {
  auto enough_lines = [&] {
    if (!std::filesystem::exists(out_dir)) return false;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir)) {
      const auto file = entry.path() / "metrics.jsonl";
      if (std::filesystem::exists(file) && static_cast<int>(read_jsonl(file).size()) >= min_lines) return true;
    }
    return false;
  };
  interrupted = false;
  const auto log = log_file();
  const pid_t pid = spawn(args, env, log);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (enough_lines()) break;
    if (const auto exit = naskernel::poll_exit(pid)) return outcome_of(*exit, log);  // finished before the signal
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGTERM);
  interrupted = true;
  return outcome_of(naskernel::wait_for_exit(pid), log);
}

TempDir::TempDir() {
  std::random_device device;
  path_ = std::filesystem::temp_directory_path() / ("naskernel-e2e-" + std::to_string(device()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& file, const std::string& text) { std::ofstream(file) << text; }

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  REQUIRE_MESSAGE(in.good(), "cannot read " << file.string());
  return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded()) lines.push_back(json);
  }
  return lines;
}

std::filesystem::path only_run_dir(const std::filesystem::path& out_dir) {
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir))
    if (entry.is_directory()) dirs.push_back(entry.path());
  REQUIRE(dirs.size() == 1);
  return dirs.front();
}

std::string tiny_manifest(const std::filesystem::path& store, const std::string& extra) {
  return R"([run]
name = "tiny"
seed = 7
threads = 1

[task]
plugin = "classification"
dataset = "synthetic"
classes = 4
channels = 1
image_size = 8
train_size = 480
test_size = 160
noise = 0.6
search_valid_fraction = 0.2

[search_space]
plugin = "nb201"
channels = 4
cells = 1

[sampler]
plugin = "spos"
population = 6
tournament = 3
queries = 12

[[regularizers]]
plugin = "landmark"
lambda = 1.0
warmup_epochs = 1

[supernet]
epochs = 4
batch_size = 32
lr = 0.05
eval_every = 2

[standalone]
epochs = 1
batch_size = 32
lr = 0.05

[landmarks]
count = 3
iterations = 2
min_distance = 2

[evaluation]
archs = 8
batch_size = 48
batches = 2
proposals = 2

[ground_truth]
provider = "train"
store = ")" + store.string() + "\"\n" + extra;
}

}  // namespace e2e
