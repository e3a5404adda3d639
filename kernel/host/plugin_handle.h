// What a guarded proxy needs to own a plugin object: the plugin's name (for
// messages), its destroy function, and the library that holds its code.
#pragma once

#include <naskernel/abi.h>

#include <boost/dll/shared_library.hpp>

#include <memory>
#include <string>

namespace naskernel {

struct PluginHandle {
  std::string name;
  std::shared_ptr<boost::dll::shared_library> library;  // kept loaded while objects live
  naskernel_destroy_fn destroy = nullptr;
};

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
