#include "nb101_channels.h"

#include <naskernel/errors.h>

#include <algorithm>

namespace naskernel::nb101 {

std::array<int64_t, kNumVertices> vertex_channels(int64_t in, int64_t out, const Cell& pruned) {
  const int n = pruned.vertices;
  const int output = n - 1;
  std::array<int64_t, kNumVertices> channels{};
  channels[0] = in;
  channels[output] = out;
  if (n == 2) return channels;

  int feeders = 0;  // interior vertices feeding the output
  for (int v = 1; v < output; ++v) feeders += pruned.edge(v, output);
  // After pruning every interior vertex reaches the output, so the last one
  // feeds it directly and feeders >= 1.
  const int64_t share = out / feeders;
  int64_t remainder = out % feeders;
  for (int v = 1; v < output; ++v)
    if (pruned.edge(v, output)) {
      channels[v] = share + (remainder > 0 ? 1 : 0);
      if (remainder > 0) --remainder;
    }
  for (int v = output - 2; v >= 1; --v)
    if (!pruned.edge(v, output))
      for (int to = v + 1; to < output; ++to)
        if (pruned.edge(v, to)) channels[v] = std::max(channels[v], channels[to]);
  for (int v = 1; v < output; ++v)
    if (channels[v] < 1)
      throw UserError("an nb101 cell with " + std::to_string(out) + " output channels cannot give each of its " +
                      std::to_string(feeders) + " vertices feeding the output a channel; use more channels");
  return channels;
}

}  // namespace naskernel::nb101
