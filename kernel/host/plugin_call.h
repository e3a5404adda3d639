// The exception boundary around every call into plugin code.
#pragma once

#include "kernel/host/plugin_error.h"

#include <naskernel/errors.h>

#include <exception>
#include <string>
#include <utility>

namespace naskernel {

// Runs `body` (a call into plugin NAME); any exception becomes
// PluginError("plugin NAME failed in CALL: message"). Errors that already
// name their origin pass unchanged: a PluginError from a nested plugin call
// made through the host, and the user-fixable ConfigError, ArchParseError
// and DataError, which keep their exit code (1, not 3).
template <class Body>
decltype(auto) plugin_call(const std::string& plugin, const char* call, Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const PluginError&) {
    throw;
  } catch (const ConfigError&) {
    throw;
  } catch (const ArchParseError&) {
    throw;
  } catch (const DataError&) {
    throw;
  } catch (const std::exception& e) {
    throw PluginError("plugin " + plugin + " failed in " + call + ": " + e.what());
  } catch (...) {
    throw PluginError("plugin " + plugin + " failed in " + call + ": unknown exception");
  }
}

}  // namespace naskernel
