#pragma once
// Spike encoders for the HAR workload, one interface for all encodings (encoding_config.h selects
// one by name). An encoder is bound to one sample; encode() gives that sample's input spikes at one
// algorithmic step, one byte (0 or 1) per input, and is a pure function of (seed, sample id, step):
// the golden model and the cycle-accurate model can ask in any order and get the same spikes.
//
//   rate:        x in [0, 1] -> intensity I = round(255 x); input j spikes at step t iff
//                rng::draw_u16(seed, kInputEncoding, sample, t, j) < snn::input_threshold(I_j, p_max),
//                i.e. exactly snn::input_spike, the pixel code, so images and features share one path.
//   population:  feature f feeds P inputs j = f * P + p with intensities
//                I = round(255 * exp(-(x - c_p)^2 / (2 sigma^2))), c_p = p / (P - 1), rate-coded as above.
//   delta:       the 9 raw inertial signals, resampled onto the T steps, each drive an UP input (2s)
//                and a DOWN input (2s + 1) by send-on-delta coding; deterministic (no RNG).
// docs/har.md derives the delta code's resampling and reference update.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "workloads/har/encoding_config.h"
#include "workloads/har/har_dataset.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::har {

class SpikeEncoder {
 public:
  SpikeEncoder() = default;
  virtual ~SpikeEncoder() = default;
  SpikeEncoder(const SpikeEncoder&) = delete;
  SpikeEncoder& operator=(const SpikeEncoder&) = delete;
  SpikeEncoder(SpikeEncoder&&) = delete;
  SpikeEncoder& operator=(SpikeEncoder&&) = delete;

  /// Inputs this encoder drives (the network's input count).
  [[nodiscard]] virtual std::uint32_t inputs() const = 0;
  /// Writes inputs() flags (1 = spike) for the bound sample at `step` (1-based, as in network.h).
  virtual void encode(std::uint64_t seed, std::uint64_t sample_id, std::uint32_t step, std::uint8_t* spikes) const = 0;
};

/// Bernoulli rate code of 8-bit intensities, bit for bit the pixel code of snn::input_spike. The
/// thresholds are computed once per sample, so a step costs one 16-bit draw per non-silent input.
class RateEncoder final : public SpikeEncoder {
 public:
  RateEncoder(std::vector<std::uint8_t> intensities, double max_spike_probability);
  [[nodiscard]] std::uint32_t inputs() const override { return static_cast<std::uint32_t>(thresholds_.size()); }
  void encode(std::uint64_t seed, std::uint64_t sample_id, std::uint32_t step, std::uint8_t* spikes) const override;
  [[nodiscard]] const std::vector<std::uint8_t>& intensities() const { return intensities_; }
  [[nodiscard]] const std::vector<std::uint32_t>& thresholds() const { return thresholds_; }

 private:
  std::vector<std::uint8_t> intensities_;
  std::vector<std::uint32_t> thresholds_;
};

/// Send-on-delta code of one raw 9 x 128 window over `time_steps` steps. The whole raster is built
/// at construction (time_steps x 18 bytes); encode() copies one row and ignores seed and sample id.
class DeltaEncoder final : public SpikeEncoder {
 public:
  DeltaEncoder(const float* window, std::uint32_t time_steps, double threshold_g, double threshold_rad_per_s);
  [[nodiscard]] std::uint32_t inputs() const override { return 2 * kInertialSignalCount; }
  /// Throws std::out_of_range for a step outside 1..time_steps.
  void encode(std::uint64_t seed, std::uint64_t sample_id, std::uint32_t step, std::uint8_t* spikes) const override;
  [[nodiscard]] std::uint32_t time_steps() const { return time_steps_; }

 private:
  std::uint32_t time_steps_;
  std::vector<std::uint8_t> raster_;  // time_steps x inputs(), row t-1 = step t
};

/// round(255 * clamp(x, 0, 1)): the intensity of a normalised feature value.
std::uint8_t rate_intensity(float normalised);

/// The intensities of every input for the rate or population code of one normalised sample.
/// Throws std::invalid_argument for the delta code, which has no intensity form.
std::vector<std::uint8_t> input_intensities(const EncodingConfig& config, const float* normalised,
                                            std::uint32_t features);

/// Box-average resampling of `sample_count` samples (sample i held over [i, i+1)) onto
/// `time_steps` equal intervals: value t-1 is the mean of the signal over
/// [(t-1) * sample_count / time_steps, t * sample_count / time_steps).
std::vector<double> resample_to_steps(const float* samples, std::uint32_t sample_count, std::uint32_t time_steps);

/// The encoder of one normalised feature vector (rate or population).
std::unique_ptr<SpikeEncoder> make_feature_encoder(const EncodingConfig& config, const float* normalised,
                                                   std::uint32_t features, double max_spike_probability);

/// The encoder of sample `sample` of `split`: its normalised features (rate, population) or its raw
/// window (delta, which needs the inertial view). Throws std::invalid_argument if the view the
/// encoding needs is missing or `sample` is out of range.
std::unique_ptr<SpikeEncoder> make_encoder(const EncodingConfig& config, const HarSplit& split, std::size_t sample,
                                           double max_spike_probability, std::uint32_t time_steps);

/// A normalised feature dataset as 8-bit intensities, one "image" of 1 x inputs per sample, so the
/// rate and population codes run through the existing pixel path (chip host, golden model, trainer)
/// unchanged. Throws std::invalid_argument for the delta code.
data::ImageDataset to_intensity_dataset(const FeatureDataset& normalised, const EncodingConfig& config);

}  // namespace spinaps::har
