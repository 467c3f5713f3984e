#include "hw/neuron/neuron_unit_config.h"

namespace spinaps::neuron {

NeuronUnitConfig parse_neuron_unit_config(config::ConfigNode node) {
  NeuronUnitConfig unit;
  unit.mac_lanes = static_cast<std::uint32_t>(node.integer("mac_lanes", 1, 1024));
  unit.accumulator_bits = static_cast<std::uint32_t>(node.integer("accumulator_bits", 8, 48));
  unit.firing_lanes = static_cast<std::uint32_t>(node.integer("firing_lanes", 1, 1024));
  node.finish();
  return unit;
}

}  // namespace spinaps::neuron
