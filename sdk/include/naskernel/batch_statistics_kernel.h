// The loops of naskernel/batch_statistics_norm.h, for float maps on the CPU,
// NCHW or channels-last.
//
// Normalizing by batch statistics needs per-channel sums over the whole map
// and then one element-wise pass, forward and backward. LibTorch 1.13's CPU
// batch norm makes more passes than that (bench_supernet_step's "memory-bound
// operations" table: forward and backward of a 256x16x32x32 map about six
// copies' time). These loops read the input once for the sums and once more
// for the output, and the same for the gradient.
//
// Sums are float within a block of values (short enough that rounding stays
// near float's resolution) and double across blocks; blocks are fixed by
// the map's shape and added in order, so results do not depend on the
// thread count. Values are shifted by each channel's first value before
// squaring, which keeps the variance from cancelling when a channel's mean
// is large against its spread.
//
// Header-only, like the rest of the SDK.
#pragma once

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace naskernel {
namespace batch_norm_detail {

// A 4-d map as the loops walk it: `images` blocks of `plane` = H*W
// positions, each position holding `channels` values contiguous
// (channels-last) or each channel holding `plane` values contiguous (NCHW).
struct ChannelLayout {
  bool channels_last = false;
  int64_t images = 0, channels = 0, plane = 0;
  int64_t rows() const { return images * plane; }  // channels-last: rows of `channels` values
};

// The layout of a CPU float map these loops walk, or none (other devices,
// dtypes, ranks and strides take LibTorch's batch norm).
inline std::optional<ChannelLayout> channel_layout(const torch::Tensor& x) {
  if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat || x.dim() != 4 || x.numel() == 0)
    return std::nullopt;
  const ChannelLayout layout{false, x.size(0), x.size(1), x.size(2) * x.size(3)};
  // A map contiguous both ways (one channel, or 1x1 maps) is walked NCHW.
  if (x.is_contiguous()) return layout;
  if (x.is_contiguous(torch::MemoryFormat::ChannelsLast)) return ChannelLayout{true, layout.images, layout.channels, layout.plane};
  return std::nullopt;
}

// Values summed in float before the sum moves to double.
constexpr int64_t kFloatBlock = 256;
// NCHW planes are summed in this many independent lanes, so the compiler
// can keep them in one vector register.
constexpr int64_t kLanes = 16;

// Per-channel sums of first(u, v, k) and second(u, v, k) over a map's
// elements, u and v the elements of `a` and `b` (both in `layout`) and k
// their channel. Returns 2 * channels doubles: the first sums, then the
// second.
template <typename First, typename Second>
std::vector<double> channel_sums(const ChannelLayout& layout, const float* a, const float* b, First first,
                                 Second second) {
  const int64_t c = layout.channels;
  std::vector<double> sums(2 * c, 0.0);
  if (layout.channels_last) {
    // One partial per block of rows, added in block order afterwards.
    const int64_t rows = layout.rows(), blocks = (rows + kFloatBlock - 1) / kFloatBlock;
    std::vector<double> partial(blocks * 2 * c);
    at::parallel_for(0, blocks, 1, [&](int64_t begin, int64_t end) {
      std::vector<float> s1(c), s2(c);
      for (int64_t block = begin; block < end; ++block) {
        std::fill(s1.begin(), s1.end(), 0.f);
        std::fill(s2.begin(), s2.end(), 0.f);
        float* __restrict p1 = s1.data();
        float* __restrict p2 = s2.data();
        const int64_t row_end = std::min(rows, (block + 1) * kFloatBlock);
        for (int64_t r = block * kFloatBlock; r < row_end; ++r) {
          const float* __restrict u = a + r * c;
          const float* __restrict v = b + r * c;
          for (int64_t k = 0; k < c; ++k) {
            p1[k] += first(u[k], v[k], k);
            p2[k] += second(u[k], v[k], k);
          }
        }
        double* out = partial.data() + block * 2 * c;
        for (int64_t k = 0; k < c; ++k) out[k] = s1[k], out[c + k] = s2[k];
      }
    });
    for (int64_t block = 0; block < blocks; ++block)
      for (int64_t k = 0; k < 2 * c; ++k) sums[k] += partial[block * 2 * c + k];
    return sums;
  }
  // NCHW: one partial pair per (image, channel) plane, added in image order.
  const int64_t planes = layout.images * c, n = layout.plane;
  std::vector<double> partial(planes * 2);
  at::parallel_for(0, planes, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t k = p % c;
      const float* __restrict u = a + p * n;
      const float* __restrict v = b + p * n;
      double d1 = 0, d2 = 0;
      for (int64_t start = 0; start < n; start += kFloatBlock * kLanes) {
        const int64_t stop = std::min(n, start + kFloatBlock * kLanes);
        float l1[kLanes] = {}, l2[kLanes] = {};
        int64_t i = start;
        for (; i + kLanes <= stop; i += kLanes)
          for (int64_t j = 0; j < kLanes; ++j) {
            l1[j] += first(u[i + j], v[i + j], k);
            l2[j] += second(u[i + j], v[i + j], k);
          }
        for (int64_t j = 0; i < stop; ++i, ++j) {
          l1[j] += first(u[i], v[i], k);
          l2[j] += second(u[i], v[i], k);
        }
        for (int64_t j = 0; j < kLanes; ++j) d1 += l1[j], d2 += l2[j];
      }
      partial[2 * p] = d1;
      partial[2 * p + 1] = d2;
    }
  });
  for (int64_t p = 0; p < planes; ++p) {
    sums[p % c] += partial[2 * p];
    sums[c + p % c] += partial[2 * p + 1];
  }
  return sums;
}

// out = f(u, v, k) for each element, u and v the elements of `a` and `b` and
// k their channel; all three maps in `layout`.
template <typename F>
void channel_map(const ChannelLayout& layout, const float* a, const float* b, float* out, F f) {
  const int64_t c = layout.channels;
  if (layout.channels_last) {
    at::parallel_for(0, layout.rows(), kFloatBlock, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const float* __restrict u = a + r * c;
        const float* __restrict v = b + r * c;
        float* __restrict o = out + r * c;
        for (int64_t k = 0; k < c; ++k) o[k] = f(u[k], v[k], k);
      }
    });
    return;
  }
  const int64_t n = layout.plane;
  at::parallel_for(0, layout.images * c, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t k = p % c;
      const float* __restrict u = a + p * n;
      const float* __restrict v = b + p * n;
      float* __restrict o = out + p * n;
      for (int64_t i = 0; i < n; ++i) o[i] = f(u[i], v[i], k);
    }
  });
}

}  // namespace batch_norm_detail
}  // namespace naskernel
