// Test plugin: the entry point as SDK ABI 1 exported it, a Boost.DLL alias
// (a pointer variable, not a function). The host must refuse it by its
// symbol table and never call it.
#include <boost/dll/alias.hpp>

#include <cstdlib>

namespace {

const void* entry() { std::abort(); }

}  // namespace

BOOST_DLL_ALIAS(entry, naskernel_plugin_entry)
