// Small helpers shared by the depth tests.
#pragma once

#include <naskernel/config.h>
#include <naskernel/errors.h>

#include <string>

namespace depth_test {

// A configuration section named `task`, as the host sends it.
inline naskernel::Config task_config(const std::string& toml) {
  return naskernel::Config::parse("__section__ = \"task\"\n" + toml);
}

// The message of the DataError (or ConfigError) that `f` throws, or "" when it throws none.
template <class Error, class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace depth_test
