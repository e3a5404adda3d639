#include "df_plan.h"

#include <naskernel/errors.h>

namespace naskernel::depth_fusion {

EncoderShape builtin_encoder_shape(const DepthFusionOptions& options) {
  EncoderShape shape;
  shape.channels = options.encoder_channels;
  shape.first_scale_log2 = 1;
  return shape;
}

NetworkPlan make_plan(const DepthFusionOptions& options, int64_t channels, int64_t height, int64_t width,
                      bool dense, int64_t outputs, const EncoderShape& encoder, bool builtin_encoder) {
  if (!dense)
    throw UserError(
        "the depth_fusion search space builds dense-prediction networks (a map at the input size), but the task "
        "asks for class logits; use it with a dense task such as `depth`");
  if (outputs < 1) throw UserError("the task asks depth_fusion for " + std::to_string(outputs) + " output channels");
  if (channels < 1) throw UserError("the task gives depth_fusion inputs with " + std::to_string(channels) + " channels");
  NetworkPlan plan;
  plan.input_channels = channels;
  plan.height = height;
  plan.width = width;
  plan.outputs = outputs;
  plan.features = options.features;
  plan.encoder = encoder;
  plan.builtin_encoder = builtin_encoder;
  plan.encoder_blocks = options.encoder_blocks;
  const int64_t multiple = plan.size_multiple();
  if (height < multiple || width < multiple || height % multiple != 0 || width % multiple != 0)
    throw UserError("depth_fusion needs an input height and width that are positive multiples of " +
                    std::to_string(multiple) + " (its coarsest feature is at 1/" + std::to_string(multiple) +
                    " of the input), got " + std::to_string(height) + "x" + std::to_string(width));
  return plan;
}

}  // namespace naskernel::depth_fusion
