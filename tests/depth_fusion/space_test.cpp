// The space through the SDK interface: sampling, mutation, derive, keys, config.
#include "df_space.h"
#include "df_test_util.h"

#include <naskernel/plugin.h>

#include <doctest/doctest.h>

using namespace naskernel;
using namespace naskernel::depth_fusion;
using namespace df_test;

namespace {

DepthFusionSpace space_of(Version version, Mode mode, int nodes = 3) {
  DepthFusionOptions options;
  options.version = version;
  options.mode = mode;
  options.nodes = nodes;
  return DepthFusionSpace(options);
}

}  // namespace

TEST_CASE("random and mutate never give an invalid architecture") {
  for (int nodes : {1, 3})
    for (Version version : versions())
      for (Mode mode : modes()) {
        const DepthFusionSpace space = space_of(version, mode, nodes);
        Rng rng(Rng::derive(5, std::string(version_name(version)) + mode_name(mode) + std::to_string(nodes)));
        int invalid = 0;
        int differs = 0;
        Arch arch = space.random(rng);
        for (int i = 0; i < 5000; ++i) {
          const Arch drawn = space.random(rng);
          invalid += !space.valid(drawn);
          const Arch child = space.mutate(arch, rng);
          invalid += !space.valid(child);
          differs += space.distance(child, arch) == 1;
          arch = child;
        }
        CAPTURE(nodes);
        CHECK(invalid == 0);
        CHECK(differs == 5000);  // one gene changes each time
      }
}

TEST_CASE("random draws cover invalid-prone cells: one-node cells are near the boundary") {
  // With one node, 1 of 25 cells is invalid; uniform sampling over the 24
  // valid ones gives each about 1/24.
  const DepthFusionSpace space = space_of(Version::v1, Mode::sync, 1);
  Rng rng(3);
  std::map<std::vector<int>, int> seen;
  for (int i = 0; i < 24000; ++i) ++seen[space.random(rng).genes];
  CHECK(seen.size() == 24);
  CHECK(seen.count({kNone, kNone}) == 0);
  for (const auto& [genes, n] : seen) CHECK(n > 800);
}

TEST_CASE("cardinality and from_index through the interface") {
  CHECK(space_of(Version::v1, Mode::sync).cardinality() == std::optional<uint64_t>(1949304));
  CHECK(space_of(Version::v2, Mode::sync).cardinality() == std::optional<uint64_t>(7797216));
  CHECK_FALSE(space_of(Version::v1, Mode::non_sync).cardinality().has_value());  // over 2^64
  CHECK(space_of(Version::v1, Mode::non_sync).exact_cardinality() == "14438374287321477078061056");
  CHECK(space_of(Version::v2, Mode::non_sync).exact_cardinality() == "3696223817554298131983630336");
  CHECK(space_of(Version::v2, Mode::non_sync, 2).cardinality() == std::optional<uint64_t>(23520349636263936ULL));
  const DepthFusionSpace space = space_of(Version::v2, Mode::sync);
  for (uint64_t i : {uint64_t{0}, uint64_t{1}, uint64_t{7797215}, uint64_t{123456}}) CHECK(space.valid(space.from_index(i)));
  CHECK_THROWS(space.from_index(7797216));
}

TEST_CASE("derive returns a valid architecture, repairing a cell at least cost") {
  const DepthFusionSpace space = space_of(Version::v2, Mode::sync);
  std::vector<std::vector<double>> probabilities(10, {0.6, 0.1, 0.1, 0.1, 0.1});
  probabilities[9] = {0.1, 0.2, 0.6, 0.1};
  // Opening 3<-1 and 4<-3 costs less than the direct 4<-0 or 4<-1 edge.
  const CellShape& shape = space.encoding().cell();
  probabilities[static_cast<size_t>(shape.edge_index(3, 1))] = {0.3, 0.1, 0.1, 0.5, 0.0};
  probabilities[static_cast<size_t>(shape.edge_index(4, 3))] = {0.4, 0.3, 0.1, 0.1, 0.1};
  const Arch arch = space.derive(probabilities);
  CHECK(space.valid(arch));
  std::vector<int> expected(10, kNone);
  expected[static_cast<size_t>(shape.edge_index(3, 1))] = kConv3x3;  // its argmax already
  expected[static_cast<size_t>(shape.edge_index(4, 3))] = kSkipConnect;
  expected[9] = kTransposedConv;
  CHECK(arch.genes == expected);
  // A valid argmax is kept as it is.
  probabilities[static_cast<size_t>(shape.edge_index(4, 0))] = {0.1, 0.1, 0.1, 0.1, 0.6};
  const Arch direct = space.derive(probabilities);
  CHECK(direct.genes[static_cast<size_t>(shape.edge_index(4, 0))] == kAvgPool3x3);
  CHECK(direct.genes[static_cast<size_t>(shape.edge_index(4, 3))] == kNone);
  CHECK_THROWS_AS(space.derive(std::vector<std::vector<double>>(10, {0.5, 0.5})), std::invalid_argument);
}

TEST_CASE("format, parse and canonical key through the interface") {
  for (Version version : versions())
    for (Mode mode : modes()) {
      const DepthFusionSpace space = space_of(version, mode);
      Rng rng(17);
      for (int i = 0; i < 100; ++i) {
        const Arch arch = space.random(rng);
        CHECK(space.parse(space.format(arch)) == arch);
        CHECK(space.canonical_key(space.parse(space.format(arch))) == space.canonical_key(arch));
        CHECK(space.table_key(arch) == space.format(arch));
      }
      CHECK(contains(space.invalid_reason(arch_of({1, 2})), "genes"));
      CHECK(contains(space.invalid_reason(Arch{"nb201", std::vector<int>(6)}), "nb201"));
    }
}

namespace {

Config config_of(const std::string& toml) { return Config::parse("__section__ = \"search_space\"\n" + toml); }

}  // namespace

TEST_CASE("configuration: every key is in the schema, bad values name the key") {
  const Config config = config_of(
      "version = \"v2\"\nmode = \"non-sync\"\ncell_nodes = 2\nfeatures = 16\nencoder_channels = [8, 8, 16, 16]\n"
      "encoder_blocks = 2\nencoder_file = \"\"\nfreeze_encoder = false\noutput_activation = \"relu\"\n"
      "supernet_bn_affine = true\nsupernet_bn_track_running_stats = true\nstandalone_bn_affine = false\n"
      "standalone_bn_track_running_stats = false\n");
  const DepthFusionSpace space(config);
  config.finish();
  CHECK(naskernel::detail::undeclared_key(config, DepthFusionSpace::keys()).empty());
  CHECK(config.used_keys().size() == DepthFusionSpace::keys().size());
  CHECK(space.options().version == Version::v2);
  CHECK(space.options().mode == Mode::non_sync);
  CHECK(space.options().nodes == 2);
  CHECK(space.options().encoder_channels == std::array<int64_t, 4>{8, 8, 16, 16});
  CHECK(space.options().output_activation == OutputActivation::relu);
  CHECK(space.genes().size() == 4 * 6);

  auto error = [](const std::string& toml) {
    return message_of<ConfigError>([&] { DepthFusionSpace space(config_of(toml)); });
  };
  CHECK(contains(error("version = \"v3\""), "`search_space.version` must be \"v1\" or \"v2\""));
  CHECK(contains(error("mode = \"nonsync\""), "did you mean `non-sync`"));
  CHECK(contains(error("cell_nodes = 4"), "`search_space.cell_nodes` must be between 1 and 3"));
  CHECK(contains(error("features = 1"), "`search_space.features`"));
  CHECK(contains(error("encoder_channels = [8, 8]"), "must list 4 channel counts"));
  CHECK(contains(error("encoder_channels = [8, 8, 0, 8]"), "positive"));
  CHECK(contains(error("freeze_encoder = true"), "needs `encoder_file`"));
  CHECK(contains(error("encoder_file = \"/nonexistent/encoder.pt\""), "not a readable file"));
  CHECK(contains(error("output_activation = \"sigmoid\""), "`search_space.output_activation`"));

  const Config unknown = config_of("feature = 16");
  DepthFusionSpace ignored(unknown);
  CHECK(contains(message_of<ConfigError>([&] { unknown.finish(); }), "did you mean `features`"));
}

TEST_CASE("networks refuse a classification task and sizes they cannot halve") {
  const DepthFusionSpace space = space_of(Version::v1, Mode::sync);
  NetworkSpec classes{3, 32, 32, OutputKind::classes, 10};
  CHECK(contains(message_of<UserError>([&] { space.make_supernet(classes); }), "class logits"));
  CHECK(contains(message_of<UserError>([&] { space.make_standalone(space.from_index(0), classes); }), "class logits"));
  CHECK(contains(message_of<UserError>([&] { space.cost(space.from_index(0), classes); }), "class logits"));
  NetworkSpec odd{3, 40, 32, OutputKind::dense, 1};
  CHECK(contains(message_of<UserError>([&] { space.make_supernet(odd); }), "multiples of 16"));
}
