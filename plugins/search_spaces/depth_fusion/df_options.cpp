#include "df_options.h"

#include <naskernel/config.h>
#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <filesystem>

namespace naskernel::depth_fusion {
namespace {

[[noreturn]] void bad(const Config& config, const std::string& key, const std::string& problem) {
  throw ConfigError(config.location(key) + "key `" + config.path(key) + "` " + problem);
}

// The manifest file named by a "file:line:col: " location, or "".
std::filesystem::path defining_file(const std::string& location) {
  std::string text = location;
  if (text.size() >= 2 && text.compare(text.size() - 2, 2, ": ") == 0) text.resize(text.size() - 2);
  for (int field = 0; field < 2; ++field) {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) return {};
    text.resize(colon);
  }
  return text;
}

}  // namespace

DepthFusionOptions read_options(const Config& config) {
  DepthFusionOptions options;

  const std::string version = config.get<std::string>("version", "v1");
  if (version == "v1") options.version = Version::v1;
  else if (version == "v2") options.version = Version::v2;
  else bad(config, "version", "must be \"v1\" or \"v2\", got \"" + version + "\"" + did_you_mean(version, {"v1", "v2"}));

  const std::string mode = config.get<std::string>("mode", "sync");
  if (mode == "sync") options.mode = Mode::sync;
  else if (mode == "non-sync") options.mode = Mode::non_sync;
  else bad(config, "mode", "must be \"sync\" or \"non-sync\", got \"" + mode + "\"" + did_you_mean(mode, {"sync", "non-sync"}));

  const int64_t nodes = config.get<int64_t>("cell_nodes", options.nodes);
  if (nodes < kMinNodes || nodes > kMaxNodes)
    bad(config, "cell_nodes", "must be between " + std::to_string(kMinNodes) + " and " + std::to_string(kMaxNodes) +
                                  ", got " + std::to_string(nodes));
  options.nodes = static_cast<int>(nodes);

  options.features = config.get<int64_t>("features", options.features);
  if (options.features < 2) bad(config, "features", "must be at least 2, got " + std::to_string(options.features));

  const bool custom_channels = config.has("encoder_channels");
  const std::vector<int64_t> channels = config.get_list<int64_t>(
      "encoder_channels", std::vector<int64_t>(options.encoder_channels.begin(), options.encoder_channels.end()));
  if (channels.size() != 4)
    bad(config, "encoder_channels", "must list 4 channel counts (at 1/2, 1/4, 1/8 and 1/16 of the input), got " +
                                        std::to_string(channels.size()));
  for (size_t i = 0; i < 4; ++i) {
    if (channels[i] < 1) bad(config, "encoder_channels", "must hold positive channel counts, got " + std::to_string(channels[i]));
    options.encoder_channels[i] = channels[i];
  }
  const bool custom_blocks = config.has("encoder_blocks");
  options.encoder_blocks = config.get<int64_t>("encoder_blocks", options.encoder_blocks);
  if (options.encoder_blocks < 1)
    bad(config, "encoder_blocks", "must be at least 1, got " + std::to_string(options.encoder_blocks));

  const std::string file = config.get<std::string>("encoder_file", "");
  options.freeze_encoder = config.get<bool>("freeze_encoder", options.freeze_encoder);
  if (!file.empty()) {
    std::filesystem::path path = file;
    if (path.is_relative()) {
      const std::filesystem::path manifest = defining_file(config.location("encoder_file"));
      if (!manifest.empty()) path = manifest.parent_path() / path;
    }
    if (!std::filesystem::is_regular_file(path))
      bad(config, "encoder_file", "names \"" + path.string() + "\", which is not a readable file");
    options.encoder_file = path.string();
    if (custom_channels) bad(config, "encoder_channels", "configures the built-in encoder; remove it or `encoder_file`");
    if (custom_blocks) bad(config, "encoder_blocks", "configures the built-in encoder; remove it or `encoder_file`");
  } else if (options.freeze_encoder) {
    bad(config, "freeze_encoder",
        "needs `encoder_file`: the built-in encoder starts from random weights, so freezing it would fix random features");
  }

  const std::string activation = config.get<std::string>("output_activation", "softplus");
  if (activation == "softplus") options.output_activation = OutputActivation::softplus;
  else if (activation == "relu") options.output_activation = OutputActivation::relu;
  else bad(config, "output_activation", "must be \"softplus\" or \"relu\", got \"" + activation + "\"" +
                                            did_you_mean(activation, {"softplus", "relu"}));

  options.supernet_bn.affine = config.get<bool>("supernet_bn_affine", options.supernet_bn.affine);
  options.supernet_bn.track_running_stats =
      config.get<bool>("supernet_bn_track_running_stats", options.supernet_bn.track_running_stats);
  options.standalone_bn.affine = config.get<bool>("standalone_bn_affine", options.standalone_bn.affine);
  options.standalone_bn.track_running_stats =
      config.get<bool>("standalone_bn_track_running_stats", options.standalone_bn.track_running_stats);
  return options;
}

}  // namespace naskernel::depth_fusion
