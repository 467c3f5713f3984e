#pragma once
// Energy per action, area and leakage of a core's synapse subarrays: the binary STT-RAM cells (or
// the SRAM baseline's 6T cells, same periphery) from stt_cells.json / sram_cells.json, and the
// NVSim sense amplifiers, decoders, precharge and output routing of array_periphery.json, scaled to
// the configured node. docs/technology.md gives every formula and source.
#include <cstdint>

#include "hw/stt/stt_actions.h"
#include "models/energy/action_table.h"
#include "models/tech/scaler.h"
#include "models/tech/technology.h"

namespace spinaps::stt {

struct SubarrayShape {
  std::uint32_t rows = 256, cols = 256;
  std::uint32_t count = 4;  ///< subarrays of one core
  std::uint32_t sense_amps_per_subarray = 256;
};

/// What the core's timing and weight loading need from the memory.
struct MemoryTiming {
  double read_latency_ns = 0.0;  ///< cell read incl. sense amplifier, at the node
  double write_latency_ns = 0.0;
  double write_energy_pj_per_bit = 0.0;
  double write_switching_probability = 1.0;
};

/// Prices stt_action_names() into `actions` and adds the cells, sense amplifiers and periphery of
/// `shape.count` subarrays to `components` (category synapse_array, sense_amps, periphery).
/// Throws config::ConfigError naming the data file and key on missing or malformed data.
MemoryTiming add_synapse_array(const tech::TechnologyConfig& config, const SubarrayShape& shape, tech::Scaler& scaler,
                               energy::ActionTable& actions, energy::ComponentTable& components);

}  // namespace spinaps::stt
