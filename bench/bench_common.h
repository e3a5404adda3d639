// Shared helpers of the benchmark executables (header-only, so each
// benchmark stays one translation unit): command-line flags, medians, the two
// benchmark configurations, and a silencer for the kernel's progress lines.
#pragma once

#include <naskernel/config.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <toml++/toml.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace naskernel::bench {

// ---- command line: --name value pairs, each declared with a default and help ----

class Flags {
 public:
  Flags(int argc, char** argv, std::string program, std::string summary)
      : program_(std::move(program)), summary_(std::move(summary)) {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        help_ = true;
        continue;
      }
      if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument `" + arg + "`");
      arg = arg.substr(2);
      const auto eq = arg.find('=');
      if (eq != std::string::npos) {
        given_[arg.substr(0, eq)] = arg.substr(eq + 1);
      } else {
        if (i + 1 >= argc) throw std::invalid_argument("flag --" + arg + " needs a value");
        given_[arg] = argv[++i];
      }
    }
  }

  int64_t integer(const std::string& name, int64_t fallback, const std::string& help) {
    declare(name, std::to_string(fallback), help);
    auto it = given_.find(name);
    if (it == given_.end()) return fallback;
    used_.push_back(name);
    try {
      size_t end = 0;
      const int64_t value = std::stoll(it->second, &end);
      if (end != it->second.size()) throw std::invalid_argument("");
      return value;
    } catch (const std::exception&) {
      throw std::invalid_argument("flag --" + name + " must be an integer, got `" + it->second + "`");
    }
  }

  double number(const std::string& name, double fallback, const std::string& help) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", fallback);
    declare(name, text, help);
    auto it = given_.find(name);
    if (it == given_.end()) return fallback;
    used_.push_back(name);
    try {
      size_t end = 0;
      const double value = std::stod(it->second, &end);
      if (end != it->second.size()) throw std::invalid_argument("");
      return value;
    } catch (const std::exception&) {
      throw std::invalid_argument("flag --" + name + " must be a number, got `" + it->second + "`");
    }
  }

  std::string text(const std::string& name, const std::string& fallback, const std::string& help) {
    declare(name, fallback, help);
    auto it = given_.find(name);
    if (it == given_.end()) return fallback;
    used_.push_back(name);
    return it->second;
  }

  // Prints usage and returns true for --help; throws for unknown flags.
  bool finish() const {
    if (help_) {
      std::printf("%s\n\nusage: %s [--flag value ...]\n\n", summary_.c_str(), program_.c_str());
      for (const auto& line : usage_) std::printf("%s\n", line.c_str());
      return true;
    }
    for (const auto& [name, value] : given_)
      if (std::find(used_.begin(), used_.end(), name) == used_.end())
        throw std::invalid_argument("unknown flag --" + name + " (see --help)");
    return false;
  }

 private:
  void declare(const std::string& name, const std::string& fallback, const std::string& help) {
    char line[256];
    std::snprintf(line, sizeof line, "  --%-24s %s [%s]", name.c_str(), help.c_str(), fallback.c_str());
    usage_.push_back(line);
  }

  std::string program_, summary_;
  std::map<std::string, std::string> given_;
  std::vector<std::string> used_;
  std::vector<std::string> usage_;
  bool help_ = false;
};

// ---- statistics and time ----

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

inline double min_of(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}

inline double max_of(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

template <class F>
double seconds_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The 1, 5 and 15 minute load averages, for the record of how busy the machine was.
inline std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// A warning line when the 1-minute load already fills the CPUs, or "".
inline std::string load_warning() {
  std::ifstream in("/proc/loadavg");
  double one_minute = 0;
  in >> one_minute;
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus <= 0 || one_minute < static_cast<double>(cpus)) return "";
  char text[200];
  std::snprintf(text, sizeof text,
                "WARNING: load average %.2f >= %ld CPUs: timings are unreliable (multi-threaded ones especially); "
                "compare with --threads 1\n",
                one_minute, cpus);
  return text;
}

// Points stdout at /dev/null while alive, so the kernel's progress line (drawn
// when stdout is a terminal) does not interleave with the benchmark's table.
class QuietStdout {
 public:
  QuietStdout() {
    std::fflush(stdout);
    saved_ = ::dup(STDOUT_FILENO);
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (saved_ >= 0 && null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
    if (null_fd >= 0) ::close(null_fd);
  }
  ~QuietStdout() {
    std::fflush(stdout);
    if (saved_ >= 0) {
      ::dup2(saved_, STDOUT_FILENO);
      ::close(saved_);
    }
  }
  QuietStdout(const QuietStdout&) = delete;
  QuietStdout& operator=(const QuietStdout&) = delete;

 private:
  int saved_ = -1;
};

// ---- the two benchmark configurations ----

struct BenchConfig {
  std::string name;         // "quickstart" or "paper"
  std::string description;  // one line for the table header
  toml::table task;         // [task] section for ClassificationTask
  int64_t channels = 16;    // NB201 C
  int64_t cells = 5;        // NB201 N
  int64_t batch_size = 256;
  int64_t eval_batch_size = 256;
  bool real_data = false;
  std::string data;         // "real Fashion-MNIST (...)" or "synthetic ..."
};

inline bool fashion_mnist_present(const std::string& root) {
  namespace fs = std::filesystem;
  for (const char* file : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                           "t10k-labels-idx1-ubyte"}) {
    if (!fs::exists(fs::path(root) / file) && !fs::exists(fs::path(root) / (std::string(file) + ".gz")))
      return false;
  }
  return true;
}

// The Fashion-MNIST quickstart (configs/nb201-fashion-mnist-spos.toml):
// NB201 C=8, N=1, batch 64, 1x16x16 (`resize = 16`), 6000/2000-image subsets;
// evaluation batches of 128. Synthetic data of that shape when the data set
// is missing.
inline BenchConfig quickstart_config(const std::string& fmnist_root) {
  BenchConfig c;
  c.name = "quickstart";
  c.channels = 8;
  c.cells = 1;
  c.batch_size = 64;
  c.eval_batch_size = 128;
  c.real_data = fashion_mnist_present(fmnist_root);
  if (c.real_data) {
    c.task = toml::table{{"dataset", "idx"},
                         {"root", fmnist_root},
                         {"resize", 16},
                         {"subset", toml::table{{"train", 6000}, {"test", 2000}}},
                         {"search_train_fraction", 0.5},
                         {"search_valid_fraction", 0.1}};
    c.data = "real Fashion-MNIST (" + fmnist_root + "), 6000-image subset resized to 1x16x16";
  } else {
    c.task = toml::table{{"dataset", "synthetic"}, {"channels", 1},          {"image_size", 16},
                         {"classes", 10},          {"train_size", 6000},     {"test_size", 2000},
                         {"search_train_fraction", 0.5}, {"search_valid_fraction", 0.1}};
    c.data = "SYNTHETIC 1x16x16, 10 classes (Fashion-MNIST not found at " + fmnist_root + ")";
  }
  c.description = "quickstart: NB201 C=8 N=1, batch 64, 1x16x16";
  return c;
}

// The paper's NB201 super-net: C=16, N=5, batch 256, 3x32x32, 10 classes, on
// synthetic images of that shape. search_valid holds a quarter of the
// training images, so that evaluations of up to `valid_images` fit.
inline BenchConfig paper_config(int64_t valid_images) {
  BenchConfig c;
  c.name = "paper";
  c.channels = 16;
  c.cells = 5;
  c.batch_size = 256;
  c.eval_batch_size = 256;
  c.real_data = false;
  // search_valid = 1/4 of the training images; search_train and
  // search_landmark 3/8 each (at least 3 batches each with 9 batches' worth).
  const int64_t train_size = std::max<int64_t>(4 * valid_images + 4, 9 * c.batch_size);
  c.task = toml::table{{"dataset", "synthetic"}, {"channels", 3},           {"image_size", 32},
                       {"classes", 10},          {"train_size", train_size}, {"test_size", 256},
                       {"search_train_fraction", 0.5}, {"search_valid_fraction", 0.25}};
  c.data = "SYNTHETIC 3x32x32, 10 classes, " + std::to_string(train_size) + " training images";
  c.description = "paper: NB201 C=16 N=5, batch 256, 3x32x32";
  return c;
}

inline std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// The names in --configs, checked before anything is measured.
inline std::vector<std::string> config_names(const std::string& text) {
  const std::vector<std::string> names = split_list(text);
  if (names.empty()) throw std::invalid_argument("--configs names no configuration (quickstart, paper)");
  for (const auto& name : names)
    if (name != "quickstart" && name != "paper")
      throw std::invalid_argument("unknown config `" + name + "` in --configs (quickstart, paper)");
  return names;
}

}  // namespace naskernel::bench
