#pragma once
// Per-feature normalisation into [0, 1], the range the rate and population encoders take. It is
// fitted on the training split only and then applied unchanged to both splits, so no statistic of
// the test data leaks into what the network is trained or evaluated on.
//
// Both methods are the clipped affine map  y = clamp((x - centre_f) * gain_f + offset, 0, 1):
//   min_max:  centre = min_f, gain = 1 / (max_f - min_f), offset = 0
//             (training values land in [0, 1]; test values outside the training range are clipped)
//   z_score:  centre = mean_f, gain = 1 / (2 * kZScoreClipSigmas * std_f), offset = 0.5
//             (z = (x - mean) / std, then z in [-3, 3] maps linearly onto [0, 1]; beyond is clipped)
// std is the population standard deviation (divide by N). A feature that is constant on the
// training split has gain 0: it maps to 0 under min_max (it carries no information, so it costs
// no spikes) and to 0.5 under z_score (its z is 0).
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/har/har_dataset.h"

namespace spinaps::har {

enum class Normalisation { kMinMax, kZScore };

/// z-scores beyond +-3 standard deviations are clipped: for a normal feature that keeps 99.7 % of
/// the values in the linear part of the map.
inline constexpr double kZScoreClipSigmas = 3.0;

/// "min_max" or "z_score", the names the configuration uses.
std::string normalisation_name(Normalisation method);

class FeatureNormaliser {
 public:
  /// Fits the per-feature statistics on `train` (which must hold at least one sample).
  /// Throws std::invalid_argument naming the dataset otherwise.
  static FeatureNormaliser fit(const FeatureDataset& train, Normalisation method);

  /// A copy of `dataset` with every value mapped into [0, 1]; origin notes the normalisation.
  /// Throws std::invalid_argument if the feature count differs from the fitted one.
  [[nodiscard]] FeatureDataset apply(const FeatureDataset& dataset) const;
  /// One value of feature `feature`.
  [[nodiscard]] float normalise(std::uint32_t feature, float value) const;

  [[nodiscard]] Normalisation method() const { return method_; }
  [[nodiscard]] std::uint32_t features() const { return static_cast<std::uint32_t>(centre_.size()); }
  [[nodiscard]] const std::vector<double>& centre() const { return centre_; }
  [[nodiscard]] const std::vector<double>& gain() const { return gain_; }
  [[nodiscard]] double offset() const { return offset_; }

 private:
  Normalisation method_ = Normalisation::kMinMax;
  std::vector<double> centre_;
  std::vector<double> gain_;
  double offset_ = 0.0;
};

/// Fits on splits.train.features and replaces both splits' features by their normalised form.
/// Returns the fitted normaliser (for reports or for normalising further data the same way).
FeatureNormaliser normalise_features(HarSplits& splits, Normalisation method);

}  // namespace spinaps::har
