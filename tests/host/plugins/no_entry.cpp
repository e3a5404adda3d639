// Test plugin file: a shared library named like a plugin that exports no
// naskernel entry point.
extern "C" int naskernel_test_not_a_plugin() { return 42; }
