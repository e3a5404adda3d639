// What a guarded proxy needs to own a plugin object: the plugin's name (for
// messages), its destroy function, the library that holds its code, and the
// SDK version it was built with (virtuals added within ABI 2 at the end of an
// interface are called only on plugins built with an SDK that has them).
#pragma once

#include <naskernel/abi.h>

#include <boost/dll/shared_library.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace naskernel {

struct PluginHandle {
  std::string name;
  std::shared_ptr<boost::dll::shared_library> library;  // kept loaded while objects live
  naskernel_destroy_fn destroy = nullptr;
  std::string sdk_version;  // the descriptor's NASKERNEL_SDK_VERSION, "" when unknown
};

// Whether `version` ("MAJOR.MINOR.PATCH") is at least major.minor; false
// for text that is not a version.
inline bool sdk_version_at_least(const std::string& version, int major, int minor) {
  int found_major = 0, found_minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &found_major, &found_minor) != 2) return false;
  return found_major > major || (found_major == major && found_minor >= minor);
}

// Keeps `library` loaded as long as `object` (made by plugin code) lives:
// the object's destructor and vtable are in the library.
template <class T>
std::shared_ptr<T> keep_library_alive(std::shared_ptr<T> object, std::shared_ptr<boost::dll::shared_library> library) {
  if (!object) return object;
  struct Holder {
    std::shared_ptr<boost::dll::shared_library> library;  // destroyed last
    std::shared_ptr<T> object;
  };
  auto holder = std::make_shared<Holder>(Holder{std::move(library), object});
  return std::shared_ptr<T>(holder, object.get());
}

}  // namespace naskernel
