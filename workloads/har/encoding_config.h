#pragma once
// How the HAR workload turns a window into input spike trains, as the configuration selects it.
// JSON form (every key but "encoding" optional; keys of another encoding are rejected):
//   {"encoding": "rate", "normalisation": "min_max"}
//   {"encoding": "population", "normalisation": "z_score", "population_size": 5,
//    "receptive_field_width": 0.125}
//   {"encoding": "delta", "delta_threshold_g": 0.1, "delta_threshold_rad_per_s": 0.2}
// docs/har.md gives the formulas; spike_encoder.h implements them.
#include <cstdint>
#include <string>

#include "models/config/config_reader.h"
#include "workloads/har/normalisation.h"

namespace spinaps::har {

enum class EncodingKind {
  kRate,        ///< one input per feature, Bernoulli with the feature's intensity (the pixel code)
  kPopulation,  ///< population_size inputs per feature, Gaussian receptive fields, each rate-coded
  kDelta,       ///< UP and DOWN input per inertial signal, send-on-delta, no randomness
};

struct EncodingConfig {
  EncodingKind kind = EncodingKind::kRate;
  /// Feature normalisation for rate and population (fitted on the training split).
  Normalisation normalisation = Normalisation::kMinMax;
  /// P: receptive fields per feature (population).
  std::uint32_t population_size = 5;
  /// sigma of each Gaussian field, in normalised feature units (population). Default: half the
  /// spacing of the centres, 0.5 / (P - 1).
  double receptive_field_width = 0.125;
  /// Send-on-delta thresholds (delta): accelerometer signals in g, gyroscope signals in rad/s.
  double delta_threshold_g = 0.1;
  double delta_threshold_rad_per_s = 0.2;
};

/// "rate", "population" or "delta".
std::string encoding_name(EncodingKind kind);

/// Parses and validates an encoding node (see the top of this file); calls node.finish(), so
/// unknown keys are errors. Throws config::ConfigError naming the file and the key.
EncodingConfig parse_encoding_config(config::ConfigNode node);

/// Inputs the encoding presents to the network: `feature_count` (rate), feature_count * P
/// (population) or 2 * kInertialSignalCount = 18 (delta; feature_count is not used).
std::uint32_t encoded_input_count(const EncodingConfig& config, std::uint32_t feature_count);

}  // namespace spinaps::har
