// The encoding without LibTorch: genes, strings, validity, counts, keys.
#include "df_arch_string.h"
#include "df_canonical_key.h"
#include "df_cardinality.h"
#include "df_liveness.h"
#include "df_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <set>

using namespace naskernel;
using namespace naskernel::depth_fusion;
using namespace df_test;

TEST_CASE("genes: count, order and names per version and mode") {
  CHECK(Encoding(Version::v1, Mode::sync, 3).num_genes() == 9);
  CHECK(Encoding(Version::v2, Mode::sync, 3).num_genes() == 10);
  CHECK(Encoding(Version::v1, Mode::non_sync, 3).num_genes() == 36);
  CHECK(Encoding(Version::v2, Mode::non_sync, 3).num_genes() == 40);
  CHECK(Encoding(Version::v1, Mode::sync, 1).num_genes() == 2);

  const auto sync = Encoding(Version::v2, Mode::sync, 3).genes();
  CHECK(sync[0].name == "2<-0");
  CHECK(sync[1].name == "2<-1");
  CHECK(sync[2].name == "3<-0");
  CHECK(sync[8].name == "4<-3");
  CHECK(sync[9].name == "up");
  CHECK(sync[0].choices == std::vector<std::string>{"none", "skip_connect", "conv_1x1", "conv_3x3", "avg_pool_3x3"});
  CHECK(sync[9].choices == std::vector<std::string>{"bilinear", "bicubic", "transposed_conv", "pixel_shuffle"});
  const auto non_sync = Encoding(Version::v2, Mode::non_sync, 3).genes();
  CHECK(non_sync[10].name == "block2.2<-0");
  CHECK(non_sync[39].name == "block4.up");
}

TEST_CASE("strings: the documented form") {
  const Encoding sync(Version::v1, Mode::sync, 3);
  const CellShape& shape = sync.cell();
  const Arch arch = arch_from_cells(
      sync, {cell(shape, {{2, 0, kConv3x3}, {2, 1, kSkipConnect}, {3, 1, kConv1x1}, {3, 2, kSkipConnect},
                          {4, 2, kAvgPool3x3}, {4, 3, kSkipConnect}})});
  const std::string text =
      "|conv_3x3~0|skip_connect~1|+|none~0|conv_1x1~1|skip_connect~2|+|none~0|none~1|avg_pool_3x3~2|skip_connect~3|";
  CHECK(format_arch_string(sync, arch) == text);
  CHECK(parse_arch_string(sync, text) == arch);

  const Encoding v2(Version::v2, Mode::non_sync, 1);
  const Arch small = arch_of({kConv3x3, kNone, kBicubic, kNone, kSkipConnect, kBilinear, kConv1x1, kConv1x1,
                              kTransposedConv, kAvgPool3x3, kNone, kPixelShuffle});
  const std::string small_text =
      "|conv_3x3~0|none~1|@bicubic;|none~0|skip_connect~1|@bilinear;|conv_1x1~0|conv_1x1~1|@transposed_conv;"
      "|avg_pool_3x3~0|none~1|@pixel_shuffle";
  CHECK(format_arch_string(v2, small) == small_text);
  CHECK(parse_arch_string(v2, small_text) == small);
}

TEST_CASE("strings: every version, mode and cell size round-trips") {
  Rng rng(7);
  for (int nodes = kMinNodes; nodes <= kMaxNodes; ++nodes)
    for (Version version : versions())
      for (Mode mode : modes()) {
        const Encoding encoding(version, mode, nodes);
        for (int i = 0; i < 200; ++i) {
          const Arch arch = any_arch(encoding, rng);
          const std::string text = format_arch_string(encoding, arch);
          CHECK(parse_arch_string(encoding, text) == arch);
          CHECK(format_arch_string(encoding, parse_arch_string(encoding, text)) == text);
        }
      }
}

TEST_CASE("strings: errors name the position and the problem") {
  const Encoding v1(Version::v1, Mode::sync, 1);
  const Encoding v2(Version::v2, Mode::sync, 1);
  const Encoding non_sync(Version::v1, Mode::non_sync, 1);
  auto error = [](const Encoding& e, const std::string& text) {
    return message_of<ArchParseError>([&] { parse_arch_string(e, text); });
  };
  CHECK(contains(error(v1, ""), "empty"));
  std::string m = error(v1, "|conv_5x5~0|none~1|");
  CHECK(contains(m, "unknown operation \"conv_5x5\""));
  CHECK(contains(m, "at character 2"));
  m = error(v1, "|conv_3x3~1|none~1|");
  CHECK(contains(m, "expected source node 0"));
  CHECK(contains(m, "at character 11"));
  m = error(v1, "|conv_3x3~0|");
  CHECK(contains(m, "needs 2"));
  m = error(v1, "|conv_3x3~0|none~1|@bilinear");
  CHECK(contains(m, "v1 architectures have a fixed bilinear upsampling"));
  CHECK(contains(m, "at character 20"));
  m = error(v2, "|conv_3x3~0|none~1|");
  CHECK(contains(m, "expected '@'"));
  m = error(v2, "|conv_3x3~0|none~1|@nearest");
  CHECK(contains(m, "unknown upsampling \"nearest\""));
  CHECK(contains(m, "at character 21"));
  m = error(v1, "|conv_3x3~0|none~1|;|conv_3x3~0|none~1|");
  CHECK(contains(m, "sync architectures are one cell"));
  m = error(non_sync, "|conv_3x3~0|none~1|;|conv_3x3~0|none~1|");
  CHECK(contains(m, "4 blocks joined by ';'"));
  const Encoding three(Version::v1, Mode::sync, 3);
  m = error(three, "|conv_3x3~0|none~1|+|none~0|none~1|none~2|");
  CHECK(contains(m, "ends after node 3 but cells have 3 nodes"));
}

TEST_CASE("validity: a cell needs a path of non-none edges from an input to its output") {
  const Encoding encoding(Version::v1, Mode::sync, 3);
  const CellShape& shape = encoding.cell();
  auto reason = [&](std::vector<Set> sets) { return invalid_reason(encoding, arch_from_cells(encoding, {cell(shape, sets)})); };
  CHECK(contains(reason({}), "no path of non-none edges"));
  CHECK(contains(reason({}), "node 4"));
  // Node 3 feeds the output but nothing feeds node 3.
  CHECK_FALSE(reason({{4, 3, kConv3x3}, {3, 2, kSkipConnect}}).empty());
  // Edges into node 2 and 3 but none reaches node 4.
  CHECK_FALSE(reason({{2, 0, kConv3x3}, {3, 1, kConv3x3}, {3, 2, kSkipConnect}}).empty());
  CHECK(reason({{4, 1, kAvgPool3x3}}).empty());
  CHECK(reason({{2, 0, kSkipConnect}, {4, 2, kConv1x1}}).empty());

  const Encoding non_sync(Version::v1, Mode::non_sync, 3);
  const std::vector<int> good = cell(shape, {{4, 0, kConv3x3}});
  const std::vector<int> bad = cell(shape, {{2, 0, kConv3x3}});
  const std::string why = invalid_reason(non_sync, arch_from_cells(non_sync, {good, good, bad, good}));
  CHECK(contains(why, "the cell of block 3"));
}

TEST_CASE("liveness: dead edges, unread blocks and unread projections") {
  const Encoding encoding(Version::v1, Mode::non_sync, 3);
  const CellShape& shape = encoding.cell();
  const std::vector<int> encoder_only = cell(shape, {{4, 1, kConv3x3}, {2, 0, kConv3x3}});
  const CellLiveness live = analyse_cell(shape, encoder_only);
  CHECK(live.reaches_output);
  CHECK_FALSE(live.uses_previous);  // 2<-0 leads nowhere
  CHECK(live.uses_encoder);
  CHECK_FALSE(live.live_edges[static_cast<size_t>(shape.edge_index(2, 0))]);
  CHECK(live.live_edges[static_cast<size_t>(shape.edge_index(4, 1))]);

  const std::vector<int> previous_only = cell(shape, {{4, 0, kSkipConnect}});
  const NetworkLiveness net =
      analyse_network(encoding, arch_from_cells(encoding, {previous_only, previous_only, encoder_only, previous_only}));
  CHECK(net.live_blocks == std::array<bool, 4>{false, false, true, true});
  CHECK(net.reads_encoder == std::array<bool, 4>{false, false, true, false});
  // Block 1's two inputs are its encoder feature.
  const NetworkLiveness first =
      analyse_network(encoding, arch_from_cells(encoding, {previous_only, previous_only, previous_only, previous_only}));
  CHECK(first.live_blocks == std::array<bool, 4>{true, true, true, true});
  CHECK(first.reads_encoder == std::array<bool, 4>{true, false, false, false});
}

namespace {

// Valid architectures by enumerating every gene combination.
uint64_t brute_force_count(const Encoding& encoding) {
  const auto genes = encoding.genes();
  std::vector<int> digits(genes.size(), 0);
  uint64_t valid = 0;
  while (true) {
    if (invalid_reason(encoding, arch_of(digits)).empty()) ++valid;
    size_t g = 0;
    for (; g < digits.size(); ++g) {
      if (++digits[g] < static_cast<int>(genes[g].choices.size())) break;
      digits[g] = 0;
    }
    if (g == digits.size()) return valid;
  }
}

}  // namespace

TEST_CASE("cardinality: the pattern count matches brute force") {
  for (auto [version, mode, nodes] : std::vector<std::tuple<Version, Mode, int>>{
           {Version::v1, Mode::sync, 1}, {Version::v2, Mode::sync, 1}, {Version::v1, Mode::non_sync, 1},
           {Version::v1, Mode::sync, 2}, {Version::v2, Mode::sync, 2}, {Version::v1, Mode::sync, 3}}) {
    const Encoding encoding(version, mode, nodes);
    const ValidCells cells(encoding.cell());
    CAPTURE(nodes);
    CHECK(count_architectures(encoding, cells) == brute_force_count(encoding));
  }
  // One node: 25 cells, only none/none is invalid.
  CHECK(ValidCells(CellShape(1)).count() == 24);
}

TEST_CASE("cardinality: the documented counts") {
  const ValidCells cells(CellShape(3));
  CHECK(count_text(cells.count()) == "1949304");
  CHECK(count_text(count_architectures(Encoding(Version::v1, Mode::sync, 3), cells)) == "1949304");
  CHECK(count_text(count_architectures(Encoding(Version::v2, Mode::sync, 3), cells)) == "7797216");
  Count v1 = cells.count();
  v1 = v1 * v1 * v1 * v1;
  CHECK(count_architectures(Encoding(Version::v1, Mode::non_sync, 3), cells) == v1);
  CHECK(count_architectures(Encoding(Version::v2, Mode::non_sync, 3), cells) == v1 * 256);
  CHECK(count_text(v1) == "14438374287321477078061056");
  CHECK(count_text(v1 * 256) == "3696223817554298131983630336");
  CHECK(count_text(count_architectures(Encoding(Version::v2, Mode::non_sync, 2), ValidCells(CellShape(2)))) ==
        "23520349636263936");
  CHECK(count_text(Count{1} << 64) == "18446744073709551616");
}

TEST_CASE("architecture_at is a bijection onto the valid architectures") {
  const Encoding encoding(Version::v2, Mode::sync, 2);
  const ValidCells cells(encoding.cell());
  const Count total = count_architectures(encoding, cells);
  std::set<std::vector<int>> seen;
  for (Count i = 0; i < total; ++i) {
    const Arch arch = architecture_at(encoding, cells, i);
    CHECK(invalid_reason(encoding, arch).empty());
    seen.insert(arch.genes);
  }
  CHECK(seen.size() == static_cast<size_t>(total));
  CHECK_THROWS_AS(architecture_at(encoding, cells, total), std::out_of_range);
  // Non-sync indices reach past 64 bits.
  const Encoding big(Version::v2, Mode::non_sync, 3);
  const ValidCells big_cells(big.cell());
  const Count last = count_architectures(big, big_cells) - 1;
  CHECK(invalid_reason(big, architecture_at(big, big_cells, last)).empty());
  CHECK(invalid_reason(big, architecture_at(big, big_cells, last / 3)).empty());
}

TEST_CASE("canonical key: equal functions share a key") {
  const Encoding sync(Version::v1, Mode::sync, 3);
  const CellShape& shape = sync.cell();
  auto key = [&](std::vector<Set> sets) { return canonical_key(sync, arch_from_cells(sync, {cell(shape, sets)})); };

  // A node that reaches nothing: its edges do not matter.
  CHECK(key({{4, 1, kConv3x3}, {2, 0, kConv3x3}}) == key({{4, 1, kConv3x3}}));
  CHECK(key({{4, 1, kConv3x3}, {2, 0, kAvgPool3x3}, {3, 2, kConv1x1}}) == key({{4, 1, kConv3x3}}));
  // Skip chains forward the sum.
  CHECK(key({{2, 0, kSkipConnect}, {4, 2, kConv3x3}}) == key({{4, 0, kConv3x3}}));
  // Isomorphic cells: nodes 2 and 3 swapped.
  CHECK(key({{2, 0, kConv3x3}, {3, 1, kConv1x1}, {4, 2, kSkipConnect}, {4, 3, kSkipConnect}}) ==
        key({{3, 0, kConv3x3}, {2, 1, kConv1x1}, {4, 2, kSkipConnect}, {4, 3, kSkipConnect}}));
  // Pooling is linear: pool(p + e) = pool(p) + pool(e).
  CHECK(key({{2, 0, kSkipConnect}, {2, 1, kSkipConnect}, {4, 2, kAvgPool3x3}}) ==
        key({{4, 0, kAvgPool3x3}, {4, 1, kAvgPool3x3}}));

  // Different functions differ.
  CHECK(key({{4, 0, kConv3x3}}) != key({{4, 0, kConv1x1}}));
  CHECK(key({{4, 0, kConv3x3}}) != key({{4, 1, kConv3x3}}));  // p and e are different inputs
  CHECK(key({{4, 0, kSkipConnect}}) != key({{4, 0, kSkipConnect}, {4, 1, kSkipConnect}}));
  // One conv counted twice differs from two convs.
  CHECK(key({{2, 0, kConv3x3}, {3, 2, kSkipConnect}, {4, 2, kSkipConnect}, {4, 3, kSkipConnect}}) !=
        key({{2, 0, kConv3x3}, {4, 2, kSkipConnect}, {4, 0, kConv3x3}}));
  // Nothing reaches the output: the zero cell.
  CHECK(contains(key({}), "out=0"));
}

TEST_CASE("canonical key: blocks") {
  const Encoding non_sync(Version::v2, Mode::non_sync, 3);
  const CellShape& shape = non_sync.cell();
  const std::vector<int> on_previous = cell(shape, {{4, 0, kConv3x3}});
  const std::vector<int> on_encoder = cell(shape, {{4, 1, kConv3x3}});
  const std::vector<int> both = cell(shape, {{4, 0, kConv3x3}, {4, 1, kConv1x1}});
  // Block 1's inputs are the same feature: reading node 0 or node 1 is equal there ...
  CHECK(canonical_key(non_sync, arch_from_cells(non_sync, {on_previous, both, both, both})) ==
        canonical_key(non_sync, arch_from_cells(non_sync, {on_encoder, both, both, both})));
  // ... but not in block 2.
  CHECK(canonical_key(non_sync, arch_from_cells(non_sync, {both, on_previous, both, both})) !=
        canonical_key(non_sync, arch_from_cells(non_sync, {both, on_encoder, both, both})));
  // Block 3 ignores its previous input: blocks 1 and 2, upsamplings included, do not matter.
  const std::string dead = canonical_key(non_sync, arch_from_cells(non_sync, {both, both, on_encoder, both}, {0, 1, 2, 3}));
  CHECK(dead == canonical_key(non_sync, arch_from_cells(non_sync, {on_previous, on_encoder, on_encoder, both}, {3, 3, 2, 3})));
  CHECK(dead.rfind("-;-;", 0) == 0);
  CHECK(contains(dead, "@transposed_conv;"));
  CHECK(dead != canonical_key(non_sync, arch_from_cells(non_sync, {both, both, on_encoder, both}, {0, 1, 1, 3})));
}

TEST_CASE("canonical key: invariant under node relabelling and dead-edge changes (random cells)") {
  const Encoding sync(Version::v2, Mode::sync, 3);
  const CellShape& shape = sync.cell();
  Rng rng(11);
  int checked = 0;
  for (int i = 0; i < 3000; ++i) {
    Arch arch = any_arch(sync, rng);
    arch.genes[static_cast<size_t>(shape.edge_index(3, 2))] = kNone;  // so nodes 2 and 3 may swap
    Arch swapped = arch;
    for (int from : {0, 1}) {
      swapped.genes[static_cast<size_t>(shape.edge_index(2, from))] = arch.genes[static_cast<size_t>(shape.edge_index(3, from))];
      swapped.genes[static_cast<size_t>(shape.edge_index(3, from))] = arch.genes[static_cast<size_t>(shape.edge_index(2, from))];
    }
    swapped.genes[static_cast<size_t>(shape.edge_index(4, 2))] = arch.genes[static_cast<size_t>(shape.edge_index(4, 3))];
    swapped.genes[static_cast<size_t>(shape.edge_index(4, 3))] = arch.genes[static_cast<size_t>(shape.edge_index(4, 2))];
    CHECK(canonical_key(sync, arch) == canonical_key(sync, swapped));

    // Any other non-none op on a dead edge leaves the function alone.
    const CellLiveness live = analyse_cell(shape, sync.cell_ops(arch, 0));
    for (int e = 0; e < shape.num_edges(); ++e) {
      if (arch.genes[static_cast<size_t>(e)] == kNone || live.live_edges[static_cast<size_t>(e)]) continue;
      Arch changed = arch;
      changed.genes[static_cast<size_t>(e)] = 1 + (arch.genes[static_cast<size_t>(e)] % 4);
      CHECK(canonical_key(sync, changed) == canonical_key(sync, arch));
      ++checked;
    }
  }
  CHECK(checked > 100);
}
