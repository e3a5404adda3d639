// Test plugin: a sampler whose constructor throws, as one that cannot find
// a file it needs would.
#include <naskernel/naskernel.h>

#include <stdexcept>

namespace {

class ThrowingConstructor : public naskernel::Sampler {
 public:
  explicit ThrowingConstructor(const naskernel::Config&) {
    throw std::runtime_error("cannot open lookup table /nonexistent/table.bin");
  }
  static std::vector<naskernel::KeySpec> keys() { return {}; }
  void attach(naskernel::Host&) override {}
  naskernel::Path training_path(const naskernel::StepInfo&) override { return {}; }
  std::vector<naskernel::Arch> propose(int) override { return {}; }
};

}  // namespace

NASKERNEL_PLUGIN(sampler, "throws_on_create", "0.1.0", ThrowingConstructor)
