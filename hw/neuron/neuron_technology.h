#pragma once
// Energy per action, area and leakage of a core's spike-trace unit (window registers, basis LUTs,
// priority encoder) and GLM neuron unit (MAC lanes, accumulators, sigmoid LUT, comparators, RNG
// units), built from the digital primitives of digital_45nm.json (Horowitz ISSCC 2014, Aladdin)
// scaled to the configured node. docs/technology.md gives every formula and source.
#include <cstdint>

#include "hw/neuron/neuron_actions.h"
#include "models/energy/action_table.h"
#include "models/tech/scaler.h"
#include "models/tech/tech_data.h"

namespace spinaps::neuron {

/// The sizes of one core's trace and neuron units (the largest partition the core holds).
struct NeuronSizes {
  std::uint32_t inputs = 784, neurons = 10;
  std::uint32_t window_steps = 4, basis_functions = 2, feedback_basis_functions = 1;
  std::uint32_t weight_bits = 4, trace_bits = 4, accumulator_bits = 24;
  std::uint32_t mac_lanes = 16;
  std::uint32_t sigmoid_lut_entries = 64, sigmoid_lut_bits = 17;
  std::uint32_t rng_units = 16;
};

/// Per-bit costs of the digital primitives at the configured node, and the register-LUT and logic
/// leakage rules built from them (shared by the trace unit, the neuron unit and the controller).
class DigitalCosts {
 public:
  DigitalCosts(const tech::DigitalData& data, tech::Scaler& scaler);
  const tech::DigitalData& data;
  double e_reg, e_add, e_mul, e_cmp, e_bit, e_cnt;
  double a_reg, a_add, a_mul, a_cmp, a_bit, a_cnt;
  double l_reg, l_cmp, l_bit, l_cnt;
  double logic_leakage_uw_per_um2;
  /// A LUT of entries x bits kept in registers, read through a log2(entries)-level mux tree.
  [[nodiscard]] double lut_read_pj(double entries, double bits) const;
  [[nodiscard]] double lut_area_um2(double entries, double bits) const;
  [[nodiscard]] double lut_leakage_uw(double entries, double bits) const;
};

/// Prices the trace unit's actions and adds its components (category spike_trace).
void add_spike_trace_unit(const NeuronSizes& sizes, const DigitalCosts& digital, energy::ActionTable& actions,
                          energy::ComponentTable& components);
/// Prices the neuron unit's and RNG units' actions and adds their components (neuron_logic, rng).
void add_neuron_unit(const NeuronSizes& sizes, const DigitalCosts& digital, energy::ActionTable& actions,
                     energy::ComponentTable& components);

/// ceil(log2(value)), at least 1: the levels of a mux tree or the bits of an index.
double ceil_log2(double value);

}  // namespace spinaps::neuron
