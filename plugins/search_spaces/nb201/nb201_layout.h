// The macro network's shapes, computed without building it: stem, three
// stages of N cells at C, 2C, 4C channels joined by stride-2 residual blocks,
// then the classifier. Shared by cost(), both networks and input checks.
#pragma once

#include <array>
#include <cstdint>

namespace naskernel::nb201 {

struct StageShape {
  int64_t channels = 0;
  int64_t height = 0;
  int64_t width = 0;
};

struct Layout {
  int64_t input_channels = 3;
  int64_t outputs = 10;
  int64_t cells_per_stage = 5;
  std::array<StageShape, 3> stages;  // stage 0 also is the stem's output
};

// Throws UserError when a residual block's two branches would disagree in
// size (a side that is odd when it reaches a stride-2 block) or a size is
// not positive.
Layout make_layout(int64_t channels, int64_t cells, int64_t input_channels, int64_t height, int64_t width,
                   int64_t outputs);

}  // namespace naskernel::nb201
