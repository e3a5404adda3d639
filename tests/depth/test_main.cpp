// The doctest main of the depth tests; one thread keeps timings stable on shared machines.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <torch/torch.h>

int main(int argc, char** argv) {
  torch::set_num_threads(1);
  doctest::Context context(argc, argv);
  return context.run();
}
