#include "depth_target.h"

#include <stdexcept>
#include <string>

namespace naskernel::depth {

DenseTarget split_output_and_target(const torch::Tensor& output, const torch::Tensor& target) {
  const bool fits = output.dim() == 4 && output.size(1) == 1 && target.dim() == 4 && target.size(1) == 2 &&
                    output.size(0) == target.size(0) && output.size(2) == target.size(2) &&
                    output.size(3) == target.size(3);
  if (!fits)
    throw std::invalid_argument("the depth task expects network output [batch, 1, height, width] and target "
                                "[batch, 2, height, width] of the same batch and size, got output " +
                                c10::str(output.sizes()) + " and target " + c10::str(target.sizes()));
  const torch::Tensor on_device = target.to(output.device(), output.scalar_type());
  return DenseTarget{output.select(1, 0), on_device.select(1, 0), on_device.select(1, 1)};
}

}  // namespace naskernel::depth
