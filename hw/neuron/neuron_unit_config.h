#pragma once
#include <cstdint>

#include "models/config/config_reader.h"

namespace spinaps::neuron {

/// The GLM neuron unit: MAC lanes, accumulators, and the firing pipeline (sigmoid LUT, RNG, comparator).
struct NeuronUnitConfig {
  std::uint32_t mac_lanes = 16;         ///< multiply-accumulates per cycle
  std::uint32_t accumulator_bits = 24;  ///< signed accumulator width; checked against the network
  std::uint32_t firing_lanes = 4;       ///< neurons evaluated per cycle (one sigmoid LUT port, RNG and comparator each)
};

/// Parses the "neuron" node.
NeuronUnitConfig parse_neuron_unit_config(config::ConfigNode node);

}  // namespace spinaps::neuron
