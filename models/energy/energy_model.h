#pragma once
// Energy per action, area and leakage of a SpinAPS core, built from the technology data files and
// the architecture sizes the hardware reports. Energy = sum over actions (count x energy_pj(action))
// + total_leakage_mw x elapsed time; see docs/technology.md for every formula and source.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/tech/technology.h"

namespace spinaps::tech {

/// Filled by the hardware from its configuration.
struct ArchitectureSizes {
  double clock_mhz = 500.0;
  std::uint32_t subarray_rows = 256, subarray_cols = 256, subarray_count = 4;
  std::uint32_t sense_amps_per_subarray = 256;
  std::uint32_t weight_bits = 4, trace_bits = 4, accumulator_bits = 24;
  std::uint32_t mac_lanes = 16, neurons = 10, inputs = 784, window_steps = 4, basis_functions = 2,
                feedback_basis_functions = 1;
  std::uint32_t sigmoid_lut_entries = 64, sigmoid_lut_bits = 17;
  std::uint32_t rng_units = 16;
};

struct ActionEnergy {
  double energy_pj = 0.0;
  std::string category;
  std::string derivation;
};

struct ComponentArea {
  std::string component;
  std::string category;
  double area_mm2 = 0.0;
  std::string derivation;
};

struct ComponentLeakage {
  std::string component;
  std::string category;
  double leakage_mw = 0.0;
  std::string derivation;
};

struct TechnologyModel {
  std::map<std::string, ActionEnergy> energy_per_action;  ///< keyed by action name, energy of ONE action
  std::vector<ComponentArea> areas;
  std::vector<ComponentLeakage> leakage;
  double stt_read_latency_ns = 0.0;  ///< full row read incl. sense amplifier, scaled to the node
  double stt_write_latency_ns = 0.0;
  double stt_write_energy_pj_per_bit = 0.0;
  double stt_write_switching_probability = 1.0;
  nlohmann::ordered_json parameters_used;  ///< every raw parameter: value, unit, source, scaled value

  /// Throws std::out_of_range naming the action.
  [[nodiscard]] double energy_pj(const std::string& action) const;
  [[nodiscard]] double total_area_mm2() const;
  [[nodiscard]] double total_leakage_mw() const;
};

/// The action names the hardware counts (every one has an entry in energy_per_action).
const std::vector<std::string>& action_names();

/// Throws config::ConfigError naming the data file and key on missing or malformed data.
TechnologyModel build_technology_model(const TechnologyConfig& config, const ArchitectureSizes& sizes);

}  // namespace spinaps::tech
