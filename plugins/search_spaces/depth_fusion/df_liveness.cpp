#include "df_liveness.h"

namespace naskernel::depth_fusion {

CellLiveness analyse_cell(const CellShape& shape, const std::vector<int>& ops) {
  const int n = shape.num_nodes();
  std::vector<bool> fed(static_cast<size_t>(n), false);  // reachable from an input
  fed[kPreviousInput] = fed[kEncoderInput] = true;
  for (int e = 0; e < shape.num_edges(); ++e)  // edges are ordered by target node
    if (ops[static_cast<size_t>(e)] != kNone && fed[static_cast<size_t>(shape.edge(e).from)])
      fed[static_cast<size_t>(shape.edge(e).to)] = true;

  std::vector<bool> useful(static_cast<size_t>(n), false);  // reaches the output
  useful[static_cast<size_t>(shape.output_node())] = true;
  for (int e = shape.num_edges(); e-- > 0;)
    if (ops[static_cast<size_t>(e)] != kNone && useful[static_cast<size_t>(shape.edge(e).to)])
      useful[static_cast<size_t>(shape.edge(e).from)] = true;

  CellLiveness live;
  live.live_edges.assign(static_cast<size_t>(shape.num_edges()), false);
  live.reaches_output = fed[static_cast<size_t>(shape.output_node())];
  if (!live.reaches_output) return live;  // nothing reaches the output: every edge is dead
  for (int e = 0; e < shape.num_edges(); ++e) {
    const Edge& edge = shape.edge(e);
    const bool on = ops[static_cast<size_t>(e)] != kNone && fed[static_cast<size_t>(edge.from)] &&
                    useful[static_cast<size_t>(edge.to)];
    live.live_edges[static_cast<size_t>(e)] = on;
    if (on && edge.from == kPreviousInput) live.uses_previous = true;
    if (on && edge.from == kEncoderInput) live.uses_encoder = true;
  }
  return live;
}

NetworkLiveness analyse_network(const Encoding& encoding, const Arch& arch) {
  encoding.check(arch);
  NetworkLiveness network;
  for (int b = 0; b < kNumBlocks; ++b) {
    const int c = encoding.cell_of_block(b);
    network.cells[static_cast<size_t>(b)] =
        b == c || encoding.mode() == Mode::non_sync ? analyse_cell(encoding.cell(), encoding.cell_ops(arch, c))
                                                    : network.cells[0];
  }
  network.live_blocks[kNumBlocks - 1] = true;
  for (int b = kNumBlocks - 1; b > 0; --b)
    network.live_blocks[static_cast<size_t>(b - 1)] =
        network.live_blocks[static_cast<size_t>(b)] && network.cells[static_cast<size_t>(b)].uses_previous;
  for (int b = 0; b < kNumBlocks; ++b) {
    const CellLiveness& cell = network.cells[static_cast<size_t>(b)];
    network.reads_encoder[static_cast<size_t>(b)] =
        network.live_blocks[static_cast<size_t>(b)] && (cell.uses_encoder || (b == 0 && cell.uses_previous));
  }
  return network;
}

std::string invalid_reason(const Encoding& encoding, const Arch& arch) {
  encoding.check(arch);
  for (int c = 0; c < encoding.num_cells(); ++c)
    if (!analyse_cell(encoding.cell(), encoding.cell_ops(arch, c)).reaches_output)
      return encoding.cell_label(c) + " has no path of non-none edges from its inputs to its output (node " +
             std::to_string(encoding.cell().output_node()) + ")";
  return "";
}

}  // namespace naskernel::depth_fusion
