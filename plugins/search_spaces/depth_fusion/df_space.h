// depth_fusion as a naskernel search space: the decoder fusion blocks of a
// MiDaS-style encoder-decoder depth network (Yu, Ranftl, Salzmann, CVPR
// 2021, section 5.3). See README.md for the network, the encoding and the
// counts.
#pragma once

#include "df_cardinality.h"
#include "df_encoding.h"
#include "df_options.h"
#include "df_plan.h"

#include <naskernel/config.h>
#include <naskernel/plugin.h>
#include <naskernel/search_space.h>

#include <map>
#include <mutex>
#include <tuple>

namespace naskernel::depth_fusion {

struct ScriptEncoderProbe;

class DepthFusionSpace : public SearchSpace {
 public:
  explicit DepthFusionSpace(const Config& config);
  explicit DepthFusionSpace(DepthFusionOptions options = {});
  ~DepthFusionSpace() override;

  static std::vector<KeySpec> keys();

  std::string name() const override;
  const std::vector<Gene>& genes() const override;

  std::string format(const Arch& arch) const override;
  Arch parse(const std::string& text) const override;
  std::string canonical_key(const Arch& arch) const override;
  std::string invalid_reason(const Arch& arch) const override;

  // Networks for a dense task (UserError for OutputKind::classes).
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec& spec) const override;
  std::shared_ptr<StandaloneNet> make_standalone(const Arch& arch, const NetworkSpec& spec) const override;
  // Of the stand-alone network. With a TorchScript encoder: its trainable
  // parameters count, its multiply-adds do not (its layers are opaque).
  ModelCost cost(const Arch& arch, const NetworkSpec& spec) const override;

  // Exact when it fits 64 bits (sync modes); non-sync counts do not, see
  // exact_cardinality().
  std::optional<uint64_t> cardinality() const override;
  // Decimal, for every version and mode.
  std::string exact_cardinality() const;
  // A bijection from [0, count) onto the valid architectures.
  Arch from_index(uint64_t index) const override;
  // The most probable valid architecture: each gene's most probable choice,
  // then, in a cell left without a path, the cheapest (in log-probability)
  // set of none edges turned to their best other op that opens one.
  Arch derive(const std::vector<std::vector<double>>& probabilities) const override;

  const DepthFusionOptions& options() const { return options_; }
  const Encoding& encoding() const { return encoding_; }
  // The shapes of the networks for `spec` (checks the request).
  NetworkPlan plan(const NetworkSpec& spec) const;

 private:
  int64_t script_encoder_parameters(const NetworkSpec& spec) const;
  const ScriptEncoderProbe& probe(const NetworkSpec& spec) const;

  DepthFusionOptions options_;
  Encoding encoding_;
  ValidCells valid_cells_;
  std::vector<Gene> genes_;
  mutable std::mutex probe_mutex_;
  mutable std::map<std::tuple<int64_t, int64_t, int64_t>, std::unique_ptr<ScriptEncoderProbe>> probes_;
};

}  // namespace naskernel::depth_fusion
