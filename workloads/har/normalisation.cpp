#include "workloads/har/normalisation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spinaps::har {

std::string normalisation_name(Normalisation method) {
  return method == Normalisation::kMinMax ? "min_max" : "z_score";
}

FeatureNormaliser FeatureNormaliser::fit(const FeatureDataset& train, Normalisation method) {
  if (train.size() == 0 || train.features == 0 || train.values.size() != train.size() * train.features) {
    throw std::invalid_argument("cannot fit a " + normalisation_name(method) + " normalisation on " + train.origin +
                                ": it holds " + std::to_string(train.size()) + " samples of " +
                                std::to_string(train.features) + " features; expected at least one sample");
  }
  FeatureNormaliser normaliser;
  normaliser.method_ = method;
  const std::uint32_t features = train.features;
  normaliser.centre_.assign(features, 0.0);
  normaliser.gain_.assign(features, 0.0);
  if (method == Normalisation::kMinMax) {
    std::vector<double> lowest(train.sample(0), train.sample(0) + features);
    std::vector<double> highest = lowest;
    for (std::size_t n = 1; n < train.size(); ++n) {
      const float* values = train.sample(n);
      for (std::uint32_t f = 0; f < features; ++f) {
        lowest[f] = std::min<double>(lowest[f], values[f]);
        highest[f] = std::max<double>(highest[f], values[f]);
      }
    }
    for (std::uint32_t f = 0; f < features; ++f) {
      normaliser.centre_[f] = lowest[f];
      normaliser.gain_[f] = highest[f] > lowest[f] ? 1.0 / (highest[f] - lowest[f]) : 0.0;
    }
    normaliser.offset_ = 0.0;
  } else {
    // Two passes (mean, then squared deviations) keep the variance accurate for features whose
    // mean is large compared with their spread, such as the gravity components.
    std::vector<double> mean(features, 0.0);
    for (std::size_t n = 0; n < train.size(); ++n) {
      const float* values = train.sample(n);
      for (std::uint32_t f = 0; f < features; ++f) mean[f] += values[f];
    }
    for (double& value : mean) value /= static_cast<double>(train.size());
    std::vector<double> squares(features, 0.0);
    for (std::size_t n = 0; n < train.size(); ++n) {
      const float* values = train.sample(n);
      for (std::uint32_t f = 0; f < features; ++f) squares[f] += (values[f] - mean[f]) * (values[f] - mean[f]);
    }
    for (std::uint32_t f = 0; f < features; ++f) {
      const double deviation = std::sqrt(squares[f] / static_cast<double>(train.size()));
      normaliser.centre_[f] = mean[f];
      normaliser.gain_[f] = deviation > 0.0 ? 1.0 / (2.0 * kZScoreClipSigmas * deviation) : 0.0;
    }
    normaliser.offset_ = 0.5;
  }
  return normaliser;
}

float FeatureNormaliser::normalise(std::uint32_t feature, float value) const {
  const double mapped = (value - centre_[feature]) * gain_[feature] + offset_;
  return static_cast<float>(std::clamp(mapped, 0.0, 1.0));
}

FeatureDataset FeatureNormaliser::apply(const FeatureDataset& dataset) const {
  if (dataset.features != features() || dataset.values.size() != dataset.size() * dataset.features) {
    throw std::invalid_argument(dataset.origin + ": holds " + std::to_string(dataset.features) +
                                " features per sample; expected " + std::to_string(features()) +
                                " like the training split the normalisation was fitted on");
  }
  FeatureDataset normalised = dataset;
  for (std::size_t n = 0; n < dataset.size(); ++n) {
    float* values = normalised.values.data() + n * dataset.features;
    for (std::uint32_t f = 0; f < dataset.features; ++f) values[f] = normalise(f, values[f]);
  }
  normalised.origin += ", " + normalisation_name(method_) + " normalised (fitted on the training split)";
  return normalised;
}

FeatureNormaliser normalise_features(HarSplits& splits, Normalisation method) {
  FeatureNormaliser normaliser = FeatureNormaliser::fit(splits.train.features, method);
  splits.train.features = normaliser.apply(splits.train.features);
  splits.test.features = normaliser.apply(splits.test.features);
  return normaliser;
}

}  // namespace spinaps::har
