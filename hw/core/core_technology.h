#pragma once
// Energy per action, area and leakage of ONE SpinAPS core: its synapse subarrays
// (hw/stt/synapse_array_technology), its trace and neuron units (hw/neuron/neuron_technology) and
// its controller, built from the technology data files (models/tech) for the configured node and
// the core's sizes. Energy = sum over actions (count x energy per action) + leakage x time
// (energy::price). docs/technology.md gives every formula and source.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "hw/core/core_actions.h"
#include "hw/neuron/neuron_technology.h"
#include "hw/stt/synapse_array_technology.h"
#include "models/energy/action_table.h"
#include "models/tech/technology.h"

namespace spinaps::core {

/// The sizes the hardware gives the model: the subarrays and the units of one core.
struct CoreSizes {
  double clock_mhz = 500.0;
  stt::SubarrayShape subarrays;
  neuron::NeuronSizes units;
};

struct CoreTechnology {
  energy::ActionTable actions;             ///< every name of core_action_names()
  energy::ComponentTable components;       ///< one core
  stt::MemoryTiming memory;                ///< read latency (core timing), write figures (weight loading)
  nlohmann::ordered_json parameters_used;  ///< every raw parameter: value, unit, source, scaled value
};

/// Throws config::ConfigError naming the data file and key on missing or malformed data, and
/// std::invalid_argument for sizes out of range.
CoreTechnology build_core_technology(const tech::TechnologyConfig& config, const CoreSizes& sizes);

}  // namespace spinaps::core
