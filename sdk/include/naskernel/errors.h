// Errors a user can cause. Each carries one sentence that names the file,
// key, offset or position at fault; the host prints it and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace naskernel {

// Anything the user can fix: manifest, data, architecture string, plugin files.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration key is missing, unknown or of the wrong type.
class ConfigError : public UserError {
 public:
  using UserError::UserError;
};

// An architecture string does not parse; the message names the position.
class ArchParseError : public UserError {
 public:
  using UserError::UserError;
};

// A data file is truncated, corrupt or inconsistent; names file and offset.
class DataError : public UserError {
 public:
  using UserError::UserError;
};

}  // namespace naskernel
