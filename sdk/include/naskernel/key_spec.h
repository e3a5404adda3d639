// One entry of a plugin's key schema: what `naskernel plugins --keys NAME`
// prints. Light on purpose (no LibTorch), so option readers can list keys.
#pragma once

#include <string>

namespace naskernel {

struct KeySpec {
  std::string name;           // dotted below the section; an entry covers its sub-keys
  std::string type;           // "integer" | "float" | "string" | "boolean" | "array" | "table" (or "a | b")
  std::string default_value;  // TOML text; "" for a required key
  std::string help;           // one line
};

}  // namespace naskernel
