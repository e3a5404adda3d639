// Fast average pooling for the pooling operations NAS spaces share.
//
// LibTorch 1.13's CPU avg_pool2d walks each window with scalar index
// arithmetic: a 3x3 pool over a 64x8x16x16 batch costs about 1 ms forward
// and 1 ms backward on one core, where an element-wise add costs 10 us, so
// the pooling edges dominated the small super-nets' steps. These compute
// the same functions with backward passes of their own: the 3x3 pool of a
// float or double CPU map (NCHW or channels-last) in one loop over the map
// (naskernel/box_sum_kernel.h), any other with a few whole-tensor adds that
// sum the same cells in the same order. Results equal torch::avg_pool2d's
// up to float rounding: the 3x3 pool multiplies by the reciprocal of the
// count instead of dividing by it, and the 2x2 pool adds its four cells in
// another order.
//
// Header-only: the functions compile into each plugin that uses them.
#pragma once

#include <naskernel/box_sum_kernel.h>
#include <torch/torch.h>

#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace naskernel {
namespace pooling_detail {

// Sums over each 3x3 window of the last two dimensions, zero outside, in
// two layouts that add the same cells in the same order (so they agree bit
// for bit) and differ only in speed.
//
// Row-wise: three shifted views of the padded map along each axis.
inline torch::Tensor box_sum_3x3_rows(const torch::Tensor& x) {
  const int64_t h = x.size(-2), w = x.size(-1);
  const torch::Tensor padded = torch::constant_pad_nd(x, {1, 1, 1, 1});
  torch::Tensor rows = padded.narrow(-1, 0, w) + padded.narrow(-1, 1, w);
  rows.add_(padded.narrow(-1, 2, w));
  torch::Tensor sums = rows.narrow(-2, 0, h) + rows.narrow(-2, 1, h);
  return sums.add_(rows.narrow(-2, 2, h));
}

// Flat: the padded maps as one contiguous run, shifted by 1 and 2 cells for
// the rows and by 1 and 2 padded rows for the columns, so every add covers
// the whole run; the sums that straddle a map's padding are computed and
// skipped. Returns a strided view into that run, shaped like x.
inline torch::Tensor box_sum_3x3_flat(const torch::Tensor& x) {
  const int64_t h = x.size(-2), w = x.size(-1), row = w + 2, map = (h + 2) * row;
  const torch::Tensor padded = torch::constant_pad_nd(x, {1, 1, 1, 1}).contiguous().view({-1});
  const int64_t maps = padded.numel() / map, length = padded.numel() - 2;
  torch::Tensor rows = padded.narrow(0, 0, length) + padded.narrow(0, 1, length);
  rows.add_(padded.narrow(0, 2, length));
  torch::Tensor sums = rows.narrow(0, 0, length - 2 * row) + rows.narrow(0, row, length - 2 * row);
  sums.add_(rows.narrow(0, 2 * row, length - 2 * row));
  return sums.as_strided({maps, h, w}, {map, row, 1}).view(x.sizes());
}

// Element-wise kernels vectorize along the innermost run of cells. A
// bfloat16 map row narrower than a 64-byte vector (32 cells) runs them cell
// by cell, converting each to float and back: bench_pooling measured the
// row-wise bf16 sum 3.5-4.5x slower than the flat one on 16-, 8- and 4-wide
// maps. Float rows lose little that way (the flat sum measured 0.7-1.2x the
// row-wise one), so float and double keep the row-wise sum.
inline bool reduced_precision_rows_narrower_than_a_vector(const torch::Tensor& x) {
  return x.numel() > 0 && x.element_size() < 4 && x.size(-1) * x.element_size() < 64;
}

inline torch::Tensor box_sum_3x3(const torch::Tensor& x) {
  return reduced_precision_rows_narrower_than_a_vector(x) ? box_sum_3x3_flat(x).contiguous() : box_sum_3x3_rows(x);
}

// 1 / (number of in-bounds cells of each 3x3 window), [h, w]; cached per
// size, dtype and device (per thread, so no lock is needed).
inline torch::Tensor inverse_window_counts(int64_t h, int64_t w, const torch::TensorOptions& options) {
  using Key = std::tuple<int64_t, int64_t, int, std::string>;
  thread_local std::map<Key, torch::Tensor> cache;
  const Key key{h, w, static_cast<int>(options.dtype().toScalarType()), options.device().str()};
  auto found = cache.find(key);
  if (found != cache.end()) return found->second;
  auto cells = [](int64_t n, int64_t i) { return static_cast<double>(3 - (i == 0) - (i == n - 1)); };
  std::vector<double> values(static_cast<size_t>(h * w));
  for (int64_t i = 0; i < h; ++i)
    for (int64_t j = 0; j < w; ++j) values[static_cast<size_t>(i * w + j)] = 1.0 / (cells(h, i) * cells(w, j));
  torch::Tensor counts = torch::tensor(values, torch::kDouble).view({h, w}).to(options);
  cache.emplace(key, counts);
  return counts;
}

struct AveragePool3x3 : torch::autograd::Function<AveragePool3x3> {
  static torch::Tensor forward(torch::autograd::AutogradContext*, const torch::Tensor& x) {
    if (auto direct = box_sum_3x3_direct(x, /*scale_input=*/false)) return *direct;
    const torch::Tensor inverse = inverse_window_counts(x.size(-2), x.size(-1), x.options());
    // The product of the flat sum's strided view is contiguous: no extra copy.
    if (reduced_precision_rows_narrower_than_a_vector(x)) return box_sum_3x3_flat(x) * inverse;
    return box_sum_3x3_rows(x).mul_(inverse);
  }
  // A 3x3 box sum with zero padding is its own adjoint: the gradient is the
  // box sum of the output's gradient scaled by the counts.
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                 torch::autograd::variable_list grads) {
    const torch::Tensor& g = grads[0];
    if (auto direct = box_sum_3x3_direct(g, /*scale_input=*/true)) return {*direct};
    return {box_sum_3x3(g * inverse_window_counts(g.size(-2), g.size(-1), g.options()))};
  }
};

struct AveragePool2x2 : torch::autograd::Function<AveragePool2x2> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
    const int64_t h = x.size(-2) / 2, w = x.size(-1) / 2;
    ctx->saved_data["height"] = x.size(-2);
    ctx->saved_data["width"] = x.size(-1);
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end() - 2);
    // Pairs of columns, then pairs of rows, through views whose inner
    // dimension stays contiguous (stride-2 slices of a large map are slower
    // than avg_pool2d itself).
    const torch::Tensor even = x.narrow(-2, 0, 2 * h).narrow(-1, 0, 2 * w);
    std::vector<int64_t> columns = shape;
    columns.insert(columns.end(), {2 * h, w, 2});
    const torch::Tensor by_column = even.reshape(columns);
    torch::Tensor pairs = by_column.select(-1, 0) + by_column.select(-1, 1);
    std::vector<int64_t> rows = shape;
    rows.insert(rows.end(), {h, 2, w});
    const torch::Tensor by_row = pairs.view(rows);
    return (by_row.select(-2, 0) + by_row.select(-2, 1)).mul_(0.25);
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const int64_t height = ctx->saved_data["height"].toInt(), width = ctx->saved_data["width"].toInt();
    const torch::Tensor g = grads[0] * 0.25;
    std::vector<int64_t> spread(g.sizes().begin(), g.sizes().end() - 2);
    const int64_t h = g.size(-2), w = g.size(-1);
    std::vector<int64_t> shape = spread;
    shape.insert(shape.end(), {h, 2, w, 2});
    spread.insert(spread.end(), {2 * h, 2 * w});
    torch::Tensor grad = g.unsqueeze(-1).unsqueeze(-3).expand(shape).reshape(spread);
    // avg_pool2d drops an odd last row or column; it gets no gradient.
    if (height != 2 * h || width != 2 * w) grad = torch::constant_pad_nd(grad, {0, width - 2 * w, 0, height - 2 * h});
    return {grad};
  }
};

inline void check_pool_input(const torch::Tensor& x, int64_t min_size, const char* name) {
  if (x.dim() < 2 || x.size(-2) < min_size || x.size(-1) < min_size)
    throw std::invalid_argument(std::string(name) + " needs an input of at least " + std::to_string(min_size) + "x" +
                                std::to_string(min_size) + " in its last two dimensions, got " + c10::str(x.sizes()));
}

}  // namespace pooling_detail

// torch::avg_pool2d(x, 3, /*stride=*/1, /*padding=*/1, false, /*count_include_pad=*/false):
// the mean over each 3x3 window's cells inside the image.
inline torch::Tensor average_pool_3x3(const torch::Tensor& x) {
  pooling_detail::check_pool_input(x, 1, "average_pool_3x3");
  return pooling_detail::AveragePool3x3::apply(x);
}

// torch::avg_pool2d(x, 2, /*stride=*/2): the mean over each 2x2 block; an odd
// last row or column is dropped.
inline torch::Tensor average_pool_2x2(const torch::Tensor& x) {
  pooling_detail::check_pool_input(x, 2, "average_pool_2x2");
  // LibTorch's channels-last kernel walks each image's channels as one
  // vector: faster than the reshapes (bench_pooling), and it keeps the layout.
  if (x.dim() == 4 && !x.is_contiguous() && x.is_contiguous(torch::MemoryFormat::ChannelsLast))
    return torch::avg_pool2d(x, {2, 2}, {2, 2});
  return pooling_detail::AveragePool2x2::apply(x);
}

}  // namespace naskernel
