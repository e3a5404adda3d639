// The 3x3 box sum of naskernel/pooling.h as one loop over the map, for
// float and double maps on the CPU, NCHW or channels-last.
//
// The whole-tensor version pads the map and makes six passes over it (and
// one more to scale by the window counts); on the paper-sized maps of NB201
// (256x16x32x32) that made a 3x3 pool's forward and backward about 24 ms,
// several times what reading and writing the map costs. This one reads each
// map row once, keeps three row sums in a small ring, and writes each output
// row once, scaling on the way in or out. It adds the same cells in the same
// order as pooling_detail::box_sum_3x3_rows (a row's three cells, then three
// rows' sums, padding as +0) and multiplies by the same rounded reciprocal
// counts, so its results equal the whole-tensor version bit for bit.
//
// Header-only, like pooling.h.
#pragma once

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace naskernel {
namespace pooling_detail {

// A map as `planes` blocks of `height` rows of `row_length` contiguous
// values, in which horizontal neighbours lie `step` values apart: 1 for
// NCHW (a plane per channel), the channel count for channels-last (a plane
// per image).
struct PlaneLayout {
  int64_t planes = 0, height = 0, width = 0, step = 1;
  int64_t row_length() const { return width * step; }
};

// Rows of fewer values run the loop's few short inner loops per row at a
// loss: bench_pooling measured it 0.8-0.9x the whole-tensor sums on 8- and
// 16-wide NCHW maps, and 2-4x faster on 32-wide and channels-last ones.
constexpr int64_t kShortestLoopRow = 32;

// The layout of a CPU float or double map the loop walks, or none (other
// devices, dtypes and strides, and short NCHW rows, take the whole-tensor
// sums).
inline std::optional<PlaneLayout> box_sum_plane_layout(const torch::Tensor& x) {
  if (!x.device().is_cpu() || x.dim() < 2 || x.numel() == 0) return std::nullopt;
  if (x.scalar_type() != torch::kFloat && x.scalar_type() != torch::kDouble) return std::nullopt;
  const int64_t h = x.size(-2), w = x.size(-1);
  std::optional<PlaneLayout> layout;
  // Channels-last first: a map contiguous both ways (one channel, or 1x1
  // maps) has the longer rows that way.
  if (x.dim() == 4 && x.is_contiguous(torch::MemoryFormat::ChannelsLast))
    layout = PlaneLayout{x.size(0), h, w, x.size(1)};
  else if (x.is_contiguous())
    layout = PlaneLayout{x.numel() / (h * w), h, w, 1};
  if (layout && layout->row_length() < kShortestLoopRow) return std::nullopt;
  return layout;
}

// Cells of a window inside a map of n cells, at position i (as
// inverse_window_counts counts them).
inline double window_cells(int64_t n, int64_t i) { return static_cast<double>(3 - (i == 0) - (i == n - 1)); }

// Calls visit(begin, end, factor) for the runs of one row's values that share
// a window count: the first column, the inner columns, the last column.
template <typename T, typename Visit>
void for_each_column_run(const PlaneLayout& layout, double row_cells, Visit&& visit) {
  const int64_t w = layout.width, step = layout.step;
  auto factor = [&](int64_t column) { return static_cast<T>(1.0 / (row_cells * window_cells(w, column))); };
  visit(int64_t{0}, step, factor(0));
  if (w > 2) visit(step, (w - 1) * step, factor(1));
  if (w > 1) visit((w - 1) * step, w * step, factor(w - 1));
}

// dst = box_sum(src) * counts^-1 (scale_output) or box_sum(src * counts^-1)
// (scale_input), dst laid out like src.
template <typename T>
void box_sum_3x3_planes(const T* src, T* dst, const PlaneLayout& layout, bool scale_input) {
  const int64_t h = layout.height, length = layout.row_length(), step = layout.step;
  const int64_t plane_size = h * length;
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, plane_size));
  at::parallel_for(0, layout.planes, grain, [&](int64_t begin, int64_t end) {
    // A row between two zero cells (its padding), three row sums, a zero row.
    std::vector<T> padded(static_cast<size_t>(length + 2 * step), T(0));
    std::vector<T> sums(static_cast<size_t>(3 * length)), zeros(static_cast<size_t>(length), T(0));
    T* inner = padded.data() + step;
    auto row_sum = [&](const T* plane, int64_t r) {
      const T* in = plane + r * length;
      if (scale_input) {
        for_each_column_run<T>(layout, window_cells(h, r), [&](int64_t b, int64_t e, T factor) {
          for (int64_t i = b; i < e; ++i) inner[i] = in[i] * factor;
        });
      } else {
        std::copy(in, in + length, inner);
      }
      T* out = sums.data() + (r % 3) * length;
      const T* left = padded.data();
      const T* right = padded.data() + 2 * step;
      for (int64_t i = 0; i < length; ++i) out[i] = (left[i] + inner[i]) + right[i];
    };
    auto sum_of = [&](int64_t r) -> const T* {
      return r < 0 || r >= h ? zeros.data() : sums.data() + (r % 3) * length;
    };
    for (int64_t p = begin; p < end; ++p) {
      const T* plane = src + p * plane_size;
      T* out_plane = dst + p * plane_size;
      row_sum(plane, 0);
      if (h > 1) row_sum(plane, 1);
      for (int64_t r = 0; r < h; ++r) {
        const T* above = sum_of(r - 1);
        const T* here = sum_of(r);
        const T* below = sum_of(r + 1);
        T* out = out_plane + r * length;
        if (scale_input) {
          for (int64_t i = 0; i < length; ++i) out[i] = (above[i] + here[i]) + below[i];
        } else {
          for_each_column_run<T>(layout, window_cells(h, r), [&](int64_t b, int64_t e, T factor) {
            for (int64_t i = b; i < e; ++i) out[i] = ((above[i] + here[i]) + below[i]) * factor;
          });
        }
        if (r + 2 < h) row_sum(plane, r + 2);  // overwrites row r - 1's sum, no longer needed
      }
    }
  });
}

// The loop's result for x, laid out like x; none where box_sum_plane_layout
// gives none.
inline std::optional<torch::Tensor> box_sum_3x3_direct(const torch::Tensor& x, bool scale_input) {
  const std::optional<PlaneLayout> layout = box_sum_plane_layout(x);
  if (!layout) return std::nullopt;
  torch::Tensor out = torch::empty_like(x);
  if (x.scalar_type() == torch::kFloat)
    box_sum_3x3_planes(x.data_ptr<float>(), out.data_ptr<float>(), *layout, scale_input);
  else
    box_sum_3x3_planes(x.data_ptr<double>(), out.data_ptr<double>(), *layout, scale_input);
  return out;
}

}  // namespace pooling_detail
}  // namespace naskernel
