#include "workloads/har/spike_encoder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "workloads/snn/network.h"

namespace spinaps::har {

RateEncoder::RateEncoder(std::vector<std::uint8_t> intensities, double max_spike_probability)
    : intensities_(std::move(intensities)), thresholds_(intensities_.size()) {
  for (std::size_t j = 0; j < intensities_.size(); ++j) {
    thresholds_[j] = snn::input_threshold(intensities_[j], max_spike_probability);
  }
}

void RateEncoder::encode(std::uint64_t seed, std::uint64_t sample_id, std::uint32_t step, std::uint8_t* spikes) const {
  for (std::size_t j = 0; j < thresholds_.size(); ++j) {
    // A zero threshold can never be beaten by a draw >= 0; skipping the draw changes nothing.
    spikes[j] =
        thresholds_[j] != 0 && snn::input_spike(seed, sample_id, step, static_cast<std::uint32_t>(j), thresholds_[j])
            ? 1
            : 0;
  }
}

std::vector<double> resample_to_steps(const float* samples, std::uint32_t sample_count, std::uint32_t time_steps) {
  if (sample_count == 0 || time_steps == 0) {
    throw std::invalid_argument("resample_to_steps: " + std::to_string(sample_count) + " samples onto " +
                                std::to_string(time_steps) + " steps; expected at least one of each");
  }
  std::vector<double> values(time_steps, 0.0);
  const double samples_per_step = static_cast<double>(sample_count) / time_steps;
  for (std::uint32_t t = 0; t < time_steps; ++t) {
    const double begin = t * samples_per_step;
    const double end = (t + 1) * samples_per_step;
    double area = 0.0;
    const auto first = static_cast<std::uint32_t>(std::floor(begin));
    for (std::uint32_t i = first; i < sample_count && i < end; ++i) {
      const double overlap = std::min<double>(end, i + 1.0) - std::max<double>(begin, i);
      if (overlap > 0.0) area += overlap * samples[i];
    }
    values[t] = area / samples_per_step;
  }
  return values;
}

DeltaEncoder::DeltaEncoder(const float* window, std::uint32_t time_steps, double threshold_g,
                           double threshold_rad_per_s)
    : time_steps_(time_steps), raster_(std::size_t{time_steps} * 2 * kInertialSignalCount, 0) {
  if (!(threshold_g > 0.0) || !(threshold_rad_per_s > 0.0)) {
    throw std::invalid_argument("DeltaEncoder: thresholds " + std::to_string(threshold_g) + " g and " +
                                std::to_string(threshold_rad_per_s) + " rad/s; expected both > 0");
  }
  for (std::uint32_t s = 0; s < kInertialSignalCount; ++s) {
    const double threshold = is_gyro_signal(s) ? threshold_rad_per_s : threshold_g;
    const std::vector<double> values =
        resample_to_steps(window + std::size_t{s} * kWindowSamples, kWindowSamples, time_steps);
    // The reference starts at 0 (no motion, no gravity) and follows the signal by one threshold per
    // spike, at most one spike per input and step: a static posture's gravity components therefore
    // appear as a burst of UP or DOWN spikes over the first steps, a swing as alternating UP/DOWN.
    double reference = 0.0;
    for (std::uint32_t t = 0; t < time_steps; ++t) {
      std::uint8_t* row = raster_.data() + std::size_t{t} * inputs();
      if (values[t] - reference > threshold) {
        row[std::size_t{2} * s] = 1;
        reference += threshold;
      } else if (reference - values[t] > threshold) {
        row[std::size_t{2} * s + 1] = 1;
        reference -= threshold;
      }
    }
  }
}

void DeltaEncoder::encode(std::uint64_t /*seed*/, std::uint64_t /*sample_id*/, std::uint32_t step,
                          std::uint8_t* spikes) const {
  if (step < 1 || step > time_steps_) {
    throw std::out_of_range("DeltaEncoder: step " + std::to_string(step) + " is outside the window's 1.." +
                            std::to_string(time_steps_) + " steps");
  }
  const std::uint8_t* row = raster_.data() + std::size_t{step - 1} * inputs();
  std::copy(row, row + inputs(), spikes);
}

std::uint8_t rate_intensity(float normalised) {
  const double clamped = std::clamp(static_cast<double>(normalised), 0.0, 1.0);
  return static_cast<std::uint8_t>(std::lround(255.0 * clamped));
}

std::vector<std::uint8_t> input_intensities(const EncodingConfig& config, const float* normalised,
                                            std::uint32_t features) {
  std::vector<std::uint8_t> intensities;
  if (config.kind == EncodingKind::kRate) {
    intensities.resize(features);
    for (std::uint32_t f = 0; f < features; ++f) intensities[f] = rate_intensity(normalised[f]);
  } else if (config.kind == EncodingKind::kPopulation) {
    const std::uint32_t fields = config.population_size;
    if (fields < 2 || !(config.receptive_field_width > 0.0)) {
      throw std::invalid_argument("population code with " + std::to_string(fields) + " fields of width " +
                                  std::to_string(config.receptive_field_width) +
                                  "; expected at least 2 fields of positive width");
    }
    const double two_sigma_squared = 2.0 * config.receptive_field_width * config.receptive_field_width;
    intensities.resize(std::size_t{features} * fields);
    for (std::uint32_t f = 0; f < features; ++f) {
      const double x = std::clamp(static_cast<double>(normalised[f]), 0.0, 1.0);
      for (std::uint32_t p = 0; p < fields; ++p) {
        const double centre = static_cast<double>(p) / (fields - 1);
        const double response = std::exp(-(x - centre) * (x - centre) / two_sigma_squared);
        intensities[std::size_t{f} * fields + p] = static_cast<std::uint8_t>(std::lround(255.0 * response));
      }
    }
  } else {
    throw std::invalid_argument(
        "the delta encoding codes raw inertial windows deterministically; it has no intensity form");
  }
  return intensities;
}

std::unique_ptr<SpikeEncoder> make_feature_encoder(const EncodingConfig& config, const float* normalised,
                                                   std::uint32_t features, double max_spike_probability) {
  return std::make_unique<RateEncoder>(input_intensities(config, normalised, features), max_spike_probability);
}

std::unique_ptr<SpikeEncoder> make_encoder(const EncodingConfig& config, const HarSplit& split, std::size_t sample,
                                           double max_spike_probability, std::uint32_t time_steps) {
  const bool delta = config.kind == EncodingKind::kDelta;
  const std::size_t available = delta ? split.inertial.size() : split.features.size();
  if (sample >= available) {
    const std::string view = delta ? "inertial windows" : "feature vectors";
    throw std::invalid_argument("encoding \"" + encoding_name(config.kind) + "\": sample " + std::to_string(sample) +
                                " requested but the split holds " + std::to_string(available) + " " + view +
                                (available == 0 ? " (was that view loaded?)" : ""));
  }
  if (delta) {
    return std::make_unique<DeltaEncoder>(split.inertial.window(sample), time_steps, config.delta_threshold_g,
                                          config.delta_threshold_rad_per_s);
  }
  return make_feature_encoder(config, split.features.sample(sample), split.features.features, max_spike_probability);
}

data::ImageDataset to_intensity_dataset(const FeatureDataset& normalised, const EncodingConfig& config) {
  if (config.kind == EncodingKind::kDelta) {
    throw std::invalid_argument(normalised.origin +
                                ": the delta encoding codes raw inertial windows deterministically; it has no "
                                "intensity form (use make_encoder with the inertial view)");
  }
  data::ImageDataset images;
  images.rows = 1;
  images.cols = encoded_input_count(config, normalised.features);
  images.labels = normalised.labels;
  images.pixels.reserve(normalised.size() * images.cols);
  for (std::size_t n = 0; n < normalised.size(); ++n) {
    const std::vector<std::uint8_t> intensities = input_intensities(config, normalised.sample(n), normalised.features);
    images.pixels.insert(images.pixels.end(), intensities.begin(), intensities.end());
  }
  images.source = normalised.origin + ", " + encoding_name(config.kind) + " intensities";
  return images;
}

}  // namespace spinaps::har
