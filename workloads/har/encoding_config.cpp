#include "workloads/har/encoding_config.h"

#include <vector>

namespace spinaps::har {
namespace {

constexpr std::uint32_t kMaximumPopulationSize = 64;

/// A key that belongs to other encodings must be absent: silently ignoring it would let a user
/// believe, say, a delta threshold shaped a rate-coded run.
void reject_foreign_key(config::ConfigNode& node, const std::string& key, const std::string& owner,
                        const std::string& encoding) {
  if (!node.has(key)) return;
  node.skip(key);
  throw node.error(key,
                   "applies only to encoding \"" + owner + "\"; expected it absent for encoding \"" + encoding + "\"");
}

}  // namespace

std::string encoding_name(EncodingKind kind) {
  switch (kind) {
    case EncodingKind::kRate:
      return "rate";
    case EncodingKind::kPopulation:
      return "population";
    case EncodingKind::kDelta:
      return "delta";
  }
  return "unknown";
}

EncodingConfig parse_encoding_config(config::ConfigNode node) {
  EncodingConfig config;
  const std::string kind = node.choice("encoding", {"rate", "population", "delta"});
  config.kind = kind == "rate"         ? EncodingKind::kRate
                : kind == "population" ? EncodingKind::kPopulation
                                       : EncodingKind::kDelta;

  if (config.kind == EncodingKind::kDelta) {
    // The delta code reads the raw inertial signals in their physical units: nothing to normalise.
    reject_foreign_key(node, "normalisation", "rate\" or \"population", kind);
  } else {
    const std::string method = node.choice_or("normalisation", {"min_max", "z_score"}, "min_max");
    config.normalisation = method == "min_max" ? Normalisation::kMinMax : Normalisation::kZScore;
  }

  if (config.kind == EncodingKind::kPopulation) {
    config.population_size =
        static_cast<std::uint32_t>(node.integer_or("population_size", 2, kMaximumPopulationSize, 5));
    // Wider than the whole [0, 1] range a field no longer tells values apart; narrower than 1/1000
    // it would almost never respond.
    config.receptive_field_width =
        node.real_or("receptive_field_width", 0.001, 1.0, 0.5 / (config.population_size - 1));
  } else {
    reject_foreign_key(node, "population_size", "population", kind);
    reject_foreign_key(node, "receptive_field_width", "population", kind);
  }

  if (config.kind == EncodingKind::kDelta) {
    // Upper bounds far above any body motion (a threshold there would never fire), to catch unit mistakes.
    config.delta_threshold_g = node.real_or("delta_threshold_g", 0.001, 8.0, config.delta_threshold_g);
    config.delta_threshold_rad_per_s =
        node.real_or("delta_threshold_rad_per_s", 0.001, 10.0, config.delta_threshold_rad_per_s);
  } else {
    reject_foreign_key(node, "delta_threshold_g", "delta", kind);
    reject_foreign_key(node, "delta_threshold_rad_per_s", "delta", kind);
  }
  node.finish();
  return config;
}

std::uint32_t encoded_input_count(const EncodingConfig& config, std::uint32_t feature_count) {
  switch (config.kind) {
    case EncodingKind::kRate:
      return feature_count;
    case EncodingKind::kPopulation:
      return feature_count * config.population_size;
    case EncodingKind::kDelta:
      return 2 * kInertialSignalCount;
  }
  return 0;
}

}  // namespace spinaps::har
