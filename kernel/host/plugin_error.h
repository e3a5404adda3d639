// A plugin could not be loaded or failed inside one of its calls. The message
// names the plugin and the call: "plugin spos failed in propose: ...".
#pragma once

#include <naskernel/errors.h>

namespace naskernel {

class PluginError : public UserError {
 public:
  using UserError::UserError;
};

}  // namespace naskernel
