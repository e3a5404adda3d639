// The cell encoding, pruning, validity, the module hash and the channel rule.
#include <doctest/doctest.h>
#include <naskernel/errors.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "nb101_cell.h"
#include "nb101_channels.h"
#include "nb101_hash.h"
#include "nb101_md5.h"
#include "nb101_pruning.h"
#include "nb101_test_util.h"

using namespace naskernel;
using namespace naskernel::nb101;
using namespace nb101_test;

namespace {

std::string hash_of(const Cell& cell) {
  const auto pruned = prune(cell);
  REQUIRE(pruned.has_value());
  return module_hash(*pruned);
}

}  // namespace

TEST_CASE("edge genes run row-major over the upper triangle, then the five ops") {
  CHECK(edge_gene(0, 1) == 0);
  CHECK(edge_gene(0, 6) == 5);
  CHECK(edge_gene(1, 2) == 6);
  CHECK(edge_gene(4, 6) == 19);
  CHECK(edge_gene(5, 6) == 20);
  CHECK(op_gene(1) == 21);
  CHECK(op_gene(5) == 25);
  CHECK(gene_name(0) == "0->1");
  CHECK(gene_name(20) == "5->6");
  CHECK(gene_name(23) == "op3");
  const Cell cell = cell_from(kFirstRecordRows, kFirstRecordOps);
  CHECK(cell_of(arch_of(cell)).rows == cell.rows);
  CHECK(arch_of(cell).genes[edge_gene(2, 6)] == 1);
  CHECK(arch_of(cell).genes[edge_gene(2, 5)] == 0);
  CHECK(arch_of(cell).genes[op_gene(2)] == kMaxPool3x3);
}

TEST_CASE("malformed architectures are named") {
  CHECK(contains(malformed_reason({"nb101", std::vector<int>(25, 0)}), "25 genes"));
  std::vector<int> genes(26, 0);
  genes[3] = 2;
  CHECK(contains(malformed_reason({"nb101", genes}), "gene 0->4 is 2, outside 0..1"));
  genes[3] = 0;
  genes[25] = 3;
  CHECK(contains(malformed_reason({"nb101", genes}), "gene op5 is 3, outside 0..2"));
  CHECK(contains(malformed_reason({"nb201", std::vector<int>(26, 0)}), "space \"nb201\""));
  CHECK(message_of<UserError>([&] { cell_of({"nb101", genes}); }) != "");
}

TEST_CASE("md5 matches known digests") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6");
}

TEST_CASE("the module hash is the benchmark's") {
  // The first record of the benchmark.
  CHECK(hash_of(cell_from(kFirstRecordRows, kFirstRecordOps)) == "00005c142e6f48ac74fdcf73e3439874");
  // The README's Inception-like cell and the isomorphic form the benchmark
  // stores for it (the colab's query output) share one hash.
  const std::string inception = hash_of(cell_from(kInceptionRows, kInceptionOps));
  CHECK(inception == "28cfc7874f6d200472e1a9dcd8650aa0");
  const Cell stored = cell_from({"0111100", "0000001", "0000001", "0000001", "0000010", "0000001", "0000000"},
                                {kConv3x3, kConv1x1, kMaxPool3x3, kConv3x3, kConv3x3});
  CHECK(hash_of(stored) == inception);
  // Another op changes the hash.
  CHECK(hash_of(cell_from(kInceptionRows, {1, 0, 0, 0, 1})) != inception);
}

TEST_CASE("pruning removes vertices off every input-to-output path, as ModelSpec does") {
  SUBCASE("a vertex the input does not reach") {
    // 0 -> 1 -> 6, and 2 -> 6 with nothing into 2.
    const Cell cell = cell_from({"0100000", "0000001", "0000001", "0000000", "0000000", "0000000", "0000000"},
                                {kConv1x1, kConv3x3, kConv3x3, kConv3x3, kConv3x3});
    const auto pruned = prune(cell);
    REQUIRE(pruned);
    CHECK(pruned->cell.vertices == 3);
    CHECK(pruned->cell.edges() == 2);
    CHECK(pruned->cell.edge(0, 1));
    CHECK(pruned->cell.edge(1, 2));
    CHECK(pruned->cell.ops[1] == kConv1x1);
    CHECK(pruned->original[0] == 0);
    CHECK(pruned->original[1] == 1);
    CHECK(pruned->original[2] == 6);
  }
  SUBCASE("a vertex that does not reach the output") {
    // 0 -> 1 -> 6, and 0 -> 2 -> 3, a dead end.
    const Cell cell = cell_from({"0110000", "0000001", "0001000", "0000000", "0000000", "0000000", "0000000"},
                                {kConv3x3, kMaxPool3x3, kConv1x1, kConv3x3, kConv3x3});
    const auto pruned = prune(cell);
    REQUIRE(pruned);
    CHECK(pruned->cell.vertices == 3);
    CHECK(pruned->cell.edges() == 2);
    CHECK(hash_of(cell) ==
          hash_of(cell_from({"0100000", "0000001", "0000000", "0000000", "0000000", "0000000", "0000000"},
                            {kConv3x3, kConv1x1, kConv1x1, kConv1x1, kConv1x1})));
  }
  SUBCASE("the middle vertices keep their order") {
    // 0 -> 2 -> 4 -> 6 with 1, 3, 5 unused.
    const Cell cell = cell_from({"0010000", "0000000", "0000100", "0000000", "0000001", "0000000", "0000000"},
                                {kConv3x3, kConv1x1, kConv3x3, kMaxPool3x3, kConv3x3});
    const auto pruned = prune(cell);
    REQUIRE(pruned);
    CHECK(pruned->cell.vertices == 4);
    CHECK(pruned->cell.ops[1] == kConv1x1);
    CHECK(pruned->cell.ops[2] == kMaxPool3x3);
    CHECK(pruned->original[1] == 2);
    CHECK(pruned->original[2] == 4);
    CHECK(pruned->cell.edge(0, 1));
    CHECK(pruned->cell.edge(1, 2));
    CHECK(pruned->cell.edge(2, 3));
  }
  SUBCASE("the input alone, connected to the output") {
    const Cell cell = cell_from({"0000011", "0000000", "0000000", "0000000", "0000000", "0000000", "0000000"},
                                {kConv3x3, kConv3x3, kConv3x3, kConv3x3, kConv3x3});
    const auto pruned = prune(cell);
    REQUIRE(pruned);
    CHECK(pruned->cell.vertices == 2);
    CHECK(pruned->cell.edges() == 1);
    CHECK(invalid_reason(cell).empty());
  }
  SUBCASE("an input that does not reach the output") {
    const Cell cell = cell_from({"0100000", "0000000", "0000001", "0000000", "0000000", "0000000", "0000000"},
                                {kConv3x3, kConv3x3, kConv3x3, kConv3x3, kConv3x3});
    CHECK_FALSE(prune(cell));
    CHECK(invalid_reason(cell) == "the input does not reach the output");
  }
}

TEST_CASE("validity counts edges after pruning") {
  // 0->1->2->6, 0->2, 1->6, 0->6 (6 edges on paths) plus 0->3, 3->4, 3->5,
  // 4->5 (dead ends): 10 edges before pruning, 6 after.
  const Cell pruned_to_six = cell_from({"0111001", "0010001", "0000001", "0000110", "0000010", "0000000", "0000000"},
                                       {kConv3x3, kConv3x3, kConv3x3, kConv3x3, kConv3x3});
  CHECK(pruned_to_six.edges() == 10);
  CHECK(prune(pruned_to_six)->cell.edges() == 6);
  CHECK(invalid_reason(pruned_to_six).empty());
  // Ten edges that all lie on input-to-output paths.
  const Cell ten = cell_from({"0110001", "0001100", "0000011", "0000001", "0000001", "0000001", "0000000"},
                             {kConv3x3, kConv3x3, kConv3x3, kConv3x3, kConv3x3});
  CHECK(ten.edges() == 10);
  CHECK(invalid_reason(ten) == "it has 10 edges after pruning, more than NAS-Bench-101's 9");
  Cell nine = ten;
  nine.set_edge(0, 6, false);
  CHECK(invalid_reason(nine).empty());
}

TEST_CASE("isomorphic relabelings give equal hashes") {
  std::mt19937 random(7);
  int relabelled = 0;
  int valid = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    Cell cell;
    for (int from = 0; from < kNumVertices; ++from)
      for (int to = from + 1; to < kNumVertices; ++to) cell.set_edge(from, to, random() % 2);
    for (int v = 1; v <= kNumInterior; ++v) cell.ops[v] = static_cast<int>(random() % kNumOps);
    if (!invalid_reason(cell).empty()) continue;
    ++valid;
    const std::string hash = hash_of(cell);
    // Relabel the interior vertices; keep the labelings that stay upper
    // triangular (edges still go from lower to higher indices).
    std::array<int, kNumVertices> to_new;
    std::iota(to_new.begin(), to_new.end(), 0);
    for (int shuffle = 0; shuffle < 20; ++shuffle) {
      std::shuffle(to_new.begin() + 1, to_new.begin() + 6, random);
      Cell moved;
      bool upper = true;
      for (int from = 0; from < kNumVertices; ++from)
        for (int to = from + 1; to < kNumVertices; ++to)
          if (cell.edge(from, to)) {
            upper = upper && to_new[from] < to_new[to];
            if (to_new[from] < to_new[to]) moved.set_edge(to_new[from], to_new[to], true);
          }
      if (!upper) continue;
      for (int v = 1; v <= kNumInterior; ++v) moved.ops[to_new[v]] = cell.ops[v];
      if (moved.rows == cell.rows && moved.ops == cell.ops) continue;
      CHECK(hash_of(moved) == hash);
      ++relabelled;
    }
  }
  CHECK(valid > 300);
  CHECK(relabelled > 300);
}

TEST_CASE("vertex channels follow the official rule") {
  SUBCASE("the first record at 128 channels") {
    const auto pruned = prune(cell_from(kFirstRecordRows, kFirstRecordOps));
    const auto channels = vertex_channels(128, 128, pruned->cell);
    CHECK(std::vector<int64_t>(channels.begin(), channels.end()) == std::vector<int64_t>{128, 64, 64, 64, 64, 64, 128});
  }
  SUBCASE("the remainder goes to the lowest-indexed vertices feeding the output") {
    // 0 -> 1, 2, 3 -> output, as a 5-vertex cell.
    const Cell cell = cell_from({"01110", "00001", "00001", "00001", "00000"}, {0, 0, 0});
    const auto channels = vertex_channels(7, 10, cell);
    CHECK(channels[0] == 7);
    CHECK(channels[1] == 4);
    CHECK(channels[2] == 3);
    CHECK(channels[3] == 3);
    CHECK(channels[4] == 10);
  }
  SUBCASE("other vertices take the largest of their successors") {
    // 0 -> 1 -> {2, 3} -> output, 9 channels: 2 gets 5, 3 gets 4, 1 gets 5.
    const Cell cell = cell_from({"01000", "00110", "00001", "00001", "00000"}, {0, 0, 0});
    const auto channels = vertex_channels(16, 9, cell);
    CHECK(channels[1] == 5);
    CHECK(channels[2] == 5);
    CHECK(channels[3] == 4);
  }
  SUBCASE("too few channels to split is a clear error") {
    const Cell cell = cell_from({"01110", "00001", "00001", "00001", "00000"}, {0, 0, 0});
    CHECK(contains(message_of<UserError>([&] { vertex_channels(2, 2, cell); }), "cannot give each of its 3"));
  }
}

TEST_CASE("pad_to_seven moves the output to vertex 6 and leaves added vertices unconnected") {
  const Cell small = cell_from({"01100", "00010", "00001", "00001", "00000"}, {kConv1x1, kMaxPool3x3, kConv3x3});
  const Cell padded = pad_to_seven(small);
  CHECK(padded.vertices == 7);
  CHECK(padded.edge(0, 1));
  CHECK(padded.edge(0, 2));
  CHECK(padded.edge(1, 3));
  CHECK(padded.edge(2, 6));
  CHECK(padded.edge(3, 6));
  CHECK(padded.edges() == 5);
  CHECK(padded.ops[1] == kConv1x1);
  CHECK(padded.ops[2] == kMaxPool3x3);
  CHECK(padded.ops[3] == kConv3x3);
  CHECK(hash_of(padded) == module_hash(*prune(small)));
}
