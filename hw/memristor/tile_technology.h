#pragma once
// Energy per action, area, leakage and timing of the memristive accelerator's analog tiles and of
// the per-node digital units and activation buffers: every action of tile_action_names() gets its
// energy from published figures (models/memristor/tile_periphery.json for the ADC, DAC,
// sample-and-hold and crossbar read; models/tech/digital_45nm.json and sram_cells.json for the
// digital logic and the buffer). CMOS periphery is scaled from each source's node to the configured
// node with models/tech/node_scaling.json; the device read (V^2 G t) is not. Equations, sources and
// what is not modelled: docs/tile_technology.md.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/memristor/tile_geometry.h"
#include "models/energy/action_table.h"
#include "models/memristor/device_model.h"

namespace spinaps::memristor {

struct TileTechnologyInputs {
  TileGeometry geometry;
  DeviceParameters device;            ///< the configured device (levels etc. already set)
  std::uint32_t slices = 1;           ///< device pairs per weight
  double clock_mhz = 1000.0;          ///< clock of the tiles and the digital units
  double node_nm = 32.0;              ///< CMOS node for the periphery (a node of node_scaling.json)
  std::uint32_t activation_bits = 8;  ///< width of the digital units' data path
  std::uint32_t digital_lanes_per_node = 16;
  std::uint64_t buffer_bytes_per_node = 65536;
  std::string periphery_file;  ///< default: default_periphery_file()
  std::string tech_data_dir;   ///< default: tech::default_data_dir()
};

struct TileTechnology {
  /// Every name of tile_action_names(): the energy of ONE action at the configured node.
  energy::ActionTable actions;
  energy::ComponentTable tile_components;   ///< one tile: array cells, DACs, S&H, ADCs, shift-and-add, output scale
  energy::ComponentTable node_components;   ///< one node: digital unit (all lanes), activation buffer
  std::uint32_t adc_conversion_cycles = 1;  ///< ceil(conversion time x clock)
  std::uint32_t array_read_cycles = 1;      ///< word-line pulse per phase, in cycles
  std::uint32_t digital_op_cycles = 1;      ///< per lane operation
  double adc_conversion_ns = 0.0;           ///< one conversion at adc_bits, at the configured node
  double array_read_pulse_ns = 0.0;         ///< the read pulse used (device's, else the periphery file's)
  double array_read_voltage_v = 0.0;        ///< the read voltage used (device's, else the periphery file's)
  double digital_op_ns = 0.0;               ///< one lane operation at the configured node
  nlohmann::ordered_json parameters_used;   ///< ParamLog json: every raw number, unit, source, scaled value

  [[nodiscard]] double energy_pj(const std::string& action) const { return actions.energy_pj(action); }
  [[nodiscard]] double tile_area_mm2() const { return tile_components.total_area_mm2(); }
  [[nodiscard]] double node_area_mm2() const { return node_components.total_area_mm2(); }
  [[nodiscard]] double tile_leakage_mw() const { return tile_components.total_leakage_mw(); }
  [[nodiscard]] double node_leakage_mw() const { return node_components.total_leakage_mw(); }
};

/// Builds the model. Throws std::invalid_argument naming the field for out-of-range inputs (a
/// geometry with no logical column, clock_mhz <= 0, ...), config::ConfigError naming the file and
/// the key for a missing, unknown or out-of-range value in a data file or a node without scaling
/// data, and std::invalid_argument (from memristor::validate) for an invalid device.
TileTechnology build_tile_technology(const TileTechnologyInputs& inputs);

/// models/memristor/tile_periphery.json under the data root (models/io/data_paths.h).
std::string default_periphery_file();

}  // namespace spinaps::memristor
