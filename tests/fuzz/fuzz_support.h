// What every fuzz target shares: which exceptions count as the clear error a
// user gets for bad input, how a broken invariant is reported, a private
// scratch folder for the files a reader needs, and splitting one fuzz input
// into several files.
//
// The policy: a naskernel::UserError (ConfigError, ArchParseError,
// DataError, PluginError, ...) with a message is the expected answer to bad
// input. Any other exception leaves LLVMFuzzerTestOneInput, reaches
// std::terminate, and libFuzzer records the input as a crash: std::out_of_range
// from a bounds check, std::bad_alloc from a size read from the file, a
// parser's own exception type or c10::Error escaping where a clear error
// belongs. A broken invariant (a round trip that changes the value, a result
// of the wrong size) aborts the same way through FUZZ_CHECK.
#pragma once

#include <naskernel/errors.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace naskernel::fuzz {

[[noreturn]] inline void invariant_broken(const std::string& what) {
  std::fprintf(stderr, "\n==FUZZ== invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(condition, what)                                                                   \
  do {                                                                                                \
    if (!(condition)) ::naskernel::fuzz::invariant_broken(std::string(#condition) + " -- " + (what)); \
  } while (0)

// Runs `step`; nullopt when it returned, the message when it refused the
// input with a clear error. Every other exception propagates (a finding).
template <class Step>
std::optional<std::string> refusal(Step&& step) {
  try {
    step();
    return std::nullopt;
  } catch (const UserError& e) {
    FUZZ_CHECK(e.what()[0] != '\0', "a UserError without a message");
    return std::string(e.what());
  }
}

// True when `step` returned, false when it refused the input clearly.
template <class Step>
bool accepted(Step&& step) {
  return !refusal(std::forward<Step>(step));
}

inline std::string as_text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// `text` cut at each `separator`, at most `parts` pieces (the last keeps any
// further separators); missing pieces are empty, so there are always `parts`.
inline std::vector<std::string> split(const std::string& text, std::string_view separator, size_t parts) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (pieces.size() + 1 < parts) {
    const size_t at = text.find(separator, start);
    if (at == std::string::npos) break;
    pieces.push_back(text.substr(start, at - start));
    start = at + separator.size();
  }
  pieces.push_back(text.substr(start));
  pieces.resize(parts);
  return pieces;
}

// A folder of this process's own under $TMPDIR (scripts/fuzz.sh points that
// into build-fuzz/), removed at a normal exit. A crash leaves it for a look.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/naskernel-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror("naskernel fuzz: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline void write_file(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) invariant_broken("the fuzz harness cannot write " + file.string());
}

// Empties `dir` (creating it when needed), so that no file of an earlier
// input is seen by the next one.
inline void reset_dir(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
}

}  // namespace naskernel::fuzz
