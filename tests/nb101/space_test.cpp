// The nb101 space as the kernel sees it: genes, keys, validity of sampling
// and mutation, keys of architectures, costs and derive().
#include <doctest/doctest.h>
#include <naskernel/config.h>
#include <naskernel/errors.h>
#include <naskernel/rng.h>

#include <set>

#include "nb101_space.h"
#include "nb101_test_util.h"

using namespace naskernel;
using namespace naskernel::nb101;
using namespace nb101_test;

namespace {

const NetworkSpec kCifar10{3, 32, 32, OutputKind::classes, 10};

}  // namespace

TEST_CASE("the nb101 space has 21 edge genes and 5 op genes") {
  const Nb101Space space;
  CHECK(space.name() == "nb101");
  REQUIRE(space.genes().size() == 26);
  CHECK(space.genes()[0].name == "0->1");
  CHECK(space.genes()[0].choices == std::vector<std::string>{"0", "1"});
  CHECK(space.genes()[20].name == "5->6");
  CHECK(space.genes()[21].name == "op1");
  CHECK(space.genes()[25].choices == std::vector<std::string>{"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"});
  CHECK_FALSE(space.cardinality().has_value());
  CHECK(space.path_genes().size() == 26);
  CHECK_THROWS_AS(space.from_index(0), std::logic_error);
}

TEST_CASE("the example's hash and trainable parameters match the benchmark") {
  const Nb101Space space;
  const Arch first = arch_from(kFirstRecordRows, kFirstRecordOps);
  CHECK(space.table_key(first) == "00005c142e6f48ac74fdcf73e3439874");
  CHECK(space.canonical_key(first) == "00005c142e6f48ac74fdcf73e3439874");
  CHECK(space.cost(first, kCifar10).params == 8555530);
  const Arch inception = arch_from(kInceptionRows, kInceptionOps);
  CHECK(space.table_key(inception) == "28cfc7874f6d200472e1a9dcd8650aa0");
  CHECK(space.cost(inception, kCifar10).params == 2694282);
}

TEST_CASE("the stand-alone network of the example has exactly the benchmark's parameters") {
  const Nb101Space space;
  auto net = space.make_standalone(arch_from(kFirstRecordRows, kFirstRecordOps), kCifar10);
  int64_t params = 0;
  for (const auto& p : net->parameters()) params += p.numel();
  CHECK(params == 8555530);
  auto inception = space.make_standalone(arch_from(kInceptionRows, kInceptionOps), kCifar10);
  params = 0;
  for (const auto& p : inception->parameters()) params += p.numel();
  CHECK(params == 2694282);
}

TEST_CASE("no invalid architecture in 100k random draws and 100k mutations") {
  const Nb101Space space;
  Rng rng(3);
  int invalid = 0;
  std::set<std::string> hashes;
  Arch arch = space.random(rng);
  for (int draw = 0; draw < 100000; ++draw) {
    const Arch sampled = space.random(rng);
    invalid += !space.valid(sampled);
    const Arch child = space.mutate(arch, rng);
    invalid += !space.valid(child);
    CHECK_MESSAGE(child != arch, "a mutation must change the architecture");
    arch = draw % 50 == 0 ? sampled : child;  // restart now and then, so walks cover the space
    if (draw < 2000) hashes.insert(space.table_key(sampled));
  }
  CHECK(invalid == 0);
  // Uniform over valid encodings, as the official random_spec: small
  // cells, reached by many encodings, recur (about 840 distinct hashes).
  CHECK(hashes.size() > 600);
}

TEST_CASE("mutation follows NB101's rates") {
  // rate 1: 21 edges at 1/7 and 5 ops at 1/5 -> 3 + 1 expected changes per
  // draw, before rejecting invalid and unchanged draws.
  const Nb101Space space;
  Rng rng(9);
  const Arch parent = space.parse(
      "matrix=0100110/0010000/0001001/0000010/0000010/0000001/0000000;ops=conv3x3/maxpool3x3/conv3x3/conv3x3/conv1x1");
  double distance = 0;
  const int draws = 4000;
  for (int draw = 0; draw < draws; ++draw) distance += space.distance(parent, space.mutate(parent, rng));
  distance /= draws;
  MESSAGE("mean Hamming distance of an NB101 mutation (rate 1): " << distance);
  CHECK(distance > 2.5);
  CHECK(distance < 5.0);

  Config config = Config::parse("mutation_rate = 0.2");
  const Nb101Space gentle(config);
  double gentle_distance = 0;
  for (int draw = 0; draw < draws; ++draw) gentle_distance += gentle.distance(parent, gentle.mutate(parent, rng));
  CHECK(gentle_distance / draws < 1.6);
}

TEST_CASE("invalid architectures are refused with their reason") {
  const Nb101Space space;
  const Arch disconnected =
      arch_from({"0100000", "0000000", "0000001", "0000000", "0000000", "0000000", "0000000"}, {0, 0, 0, 0, 0});
  CHECK(space.invalid_reason(disconnected) == "the input does not reach the output");
  CHECK(contains(message_of<UserError>([&] { space.table_key(disconnected); }), "the input does not reach the output"));
  CHECK(contains(message_of<UserError>([&] { space.cost(disconnected, kCifar10); }), "not a valid nb101"));
  CHECK(contains(message_of<UserError>([&] { space.make_standalone(disconnected, kCifar10); }), "not a valid"));
  CHECK(contains(space.invalid_reason({"nb101", {1, 2}}), "2 genes"));
}

TEST_CASE("dense outputs are refused") {
  const Nb101Space space;
  const NetworkSpec dense{3, 32, 32, OutputKind::dense, 1};
  const Arch arch = arch_from(kFirstRecordRows, kFirstRecordOps);
  CHECK(contains(message_of<UserError>([&] { space.make_standalone(arch, dense); }), "cannot produce a dense output"));
  CHECK(contains(message_of<UserError>([&] { space.make_supernet(dense); }), "cannot produce a dense output"));
  CHECK(contains(message_of<UserError>([&] { space.cost(arch, dense); }), "dense"));
}

TEST_CASE("cost counts multiply-adds per sample") {
  // Input -> output only: stem, then one 1x1 projection per cell.
  Nb101Options options;
  options.stem_channels = 8;
  options.stacks = 2;
  options.cells_per_stack = 2;
  const Nb101Space space(options);
  const Arch direct = space.parse("matrix=01/00;ops=");
  const NetworkSpec spec{1, 9, 9, OutputKind::classes, 4};
  const ModelCost cost = space.cost(direct, spec);
  // stem 1->8 (3x3) at 9x9; stack 0: 8->8, 8->8 at 9x9; stack 1 at 5x5: 8->16, 16->16; linear 16->4.
  const int64_t macs = 1 * 8 * 9 * 81 + 2 * 8 * 8 * 81 + (8 * 16 + 16 * 16) * 25 + 16 * 4;
  const int64_t params = (1 * 8 * 9 + 16) + 2 * (8 * 8 + 16) + (8 * 16 + 32) + (16 * 16 + 32) + (16 * 4 + 4);
  CHECK(cost.mflops == doctest::Approx(macs / 1e6));
  CHECK(cost.params == params);
}

TEST_CASE("keys set the options, and bad values are refused") {
  const Config config = Config::parse(
      "stem_channels = 16\nstacks = 2\ncells_per_stack = 1\nsupernet_stem_channels = 8\nsupernet_channels = 12\n"
      "supernet_bn_affine = false\nsupernet_bn_track_running_stats = true\nbn_momentum = 0.1\nmutation_rate = 0.5\n");
  const Nb101Space space(config);
  config.finish();
  for (const auto& used : config.used_keys()) {
    bool listed = false;
    for (const auto& key : Nb101Space::keys()) listed = listed || key.name == used;
    CHECK_MESSAGE(listed, "key " << used << " is read but not in keys()");
  }
  CHECK(Nb101Space::keys().size() == config.used_keys().size());
  CHECK(space.options().stem_channels == 16);
  CHECK(space.options().stacks == 2);
  CHECK(space.options().cells_per_stack == 1);
  CHECK(space.options().supernet_stem_channels == 8);
  CHECK(space.options().supernet_channels == 12);
  CHECK_FALSE(space.options().supernet_bn.affine);
  CHECK(space.options().supernet_bn.track_running_stats);
  CHECK(space.options().standalone_bn.momentum == doctest::Approx(0.1));
  CHECK(space.options().mutation_rate == doctest::Approx(0.5));
  const Layout standalone = space.standalone_layout(kCifar10);
  CHECK(standalone.stacks.size() == 2);
  CHECK(standalone.stacks[0].channels == 16);
  CHECK(standalone.stacks[1].channels == 32);
  CHECK(standalone.stacks[1].height == 16);
  const Layout supernet = space.supernet_layout(kCifar10);
  CHECK(supernet.stem_channels == 8);
  CHECK(supernet.stacks[0].channels == 12);

  const Nb101Space defaults(Config::parse(""));
  CHECK(defaults.options().stem_channels == 128);
  CHECK(defaults.options().supernet_stem_channels == 64);
  CHECK(defaults.options().supernet_channels == 128);
  CHECK(defaults.options().supernet_bn.affine);
  CHECK_FALSE(defaults.options().supernet_bn.track_running_stats);
  CHECK(defaults.options().standalone_bn.momentum == doctest::Approx(0.003));

  CHECK(contains(message_of<ConfigError>([] { Nb101Space(Config::parse("stem_channels = 4")); }),
                 "stem_channels` must be at least 5, got 4"));
  CHECK(contains(message_of<ConfigError>([] { Nb101Space(Config::parse("bn_momentum = 0")); }),
                 "bn_momentum` must be in (0, 1]"));
  CHECK(contains(message_of<ConfigError>([] { Nb101Space(Config::parse("stacks = \"3\"")); }),
                 "must be an integer, got string"));
}

TEST_CASE("derive keeps the most probable valid cell") {
  const Nb101Space space;
  const Arch target = arch_from(kFirstRecordRows, kFirstRecordOps);
  std::vector<std::vector<double>> probabilities;
  for (int g = 0; g < kNumGenes; ++g) {
    if (g < kNumEdgeGenes) {
      probabilities.push_back(target.genes[g] ? std::vector<double>{0.3, 0.7} : std::vector<double>{0.8, 0.2});
    } else {
      std::vector<double> row(3, 0.2);
      row[target.genes[g]] = 0.6;
      probabilities.push_back(row);
    }
  }
  CHECK(space.derive(probabilities) == target);

  // Every edge likely: only the 9 most likely are kept.
  for (int g = 0; g < kNumEdgeGenes; ++g) probabilities[g] = {0.1, 0.5 + 0.01 * g};
  const Arch crowded = space.derive(probabilities);
  CHECK(space.valid(crowded));
  CHECK(cell_of(crowded).edges() == 9);

  // No edge likely: still a valid cell.
  for (int g = 0; g < kNumEdgeGenes; ++g) probabilities[g] = {0.9, 0.1};
  CHECK(space.valid(space.derive(probabilities)));
}
