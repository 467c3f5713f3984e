#include "hw/neuron/neuron_technology.h"

#include <cmath>

namespace spinaps::neuron {
namespace {

using tech::format_number;

constexpr const char* kDigitalSource = "models/tech/digital_45nm.json (Horowitz ISSCC 2014; Aladdin)";

void component(energy::ComponentTable& components, const std::string& name, const std::string& category, double um2,
               double uw, const std::string& area_derivation, const std::string& leakage_derivation) {
  components.add(
      {name, category, um2 * 1e-6, uw * 1e-3, "area: " + area_derivation + "; leakage: " + leakage_derivation});
}

double rng_bit_products(const tech::DigitalData& dig) {
  const double w = dig.rng_word_bits;
  return dig.rng_multiplies_per_round * w * (w + 1) / 2;  // low half of a w x w array multiplier
}

}  // namespace

double ceil_log2(double value) { return value <= 1.0 ? 1.0 : std::ceil(std::log2(value)); }

DigitalCosts::DigitalCosts(const tech::DigitalData& data, tech::Scaler& sc)
    : data(data),
      e_reg(sc.energy(data.reg.energy_pj)),
      e_add(sc.energy(data.adder.energy_pj)),
      e_mul(sc.energy(data.multiplier.energy_pj)),
      e_cmp(sc.energy(data.comparator.energy_pj)),
      e_bit(sc.energy(data.bitwise.energy_pj)),
      e_cnt(sc.energy(data.counter.energy_pj)),
      a_reg(sc.area(data.reg.area_um2)),
      a_add(sc.area(data.adder.area_um2)),
      a_mul(sc.area(data.multiplier.area_um2)),
      a_cmp(sc.area(data.comparator.area_um2)),
      a_bit(sc.area(data.bitwise.area_um2)),
      a_cnt(sc.area(data.counter.area_um2)),
      l_reg(sc.leakage(data.reg.leakage_uw)),
      l_cmp(sc.leakage(data.comparator.leakage_uw)),
      l_bit(sc.leakage(data.bitwise.leakage_uw)),
      l_cnt(sc.leakage(data.counter.leakage_uw)) {
  // Leakage of a Horowitz-sized block (Horowitz gives no leakage): Aladdin's density per um^2 at
  // its reference node, device leakage scaled with the energy factor, device density with 1/area.
  const tech::Param& d = data.logic_leakage_uw_per_um2;
  logic_leakage_uw_per_um2 = sc.leakage(d) / sc.area_factor(d.reference_node_nm);
}

double DigitalCosts::lut_read_pj(double entries, double bits) const {
  return bits * (e_reg + ceil_log2(entries) * e_bit);
}

double DigitalCosts::lut_area_um2(double entries, double bits) const {
  return entries * bits * a_reg + (entries - 1) * bits * a_bit;
}

double DigitalCosts::lut_leakage_uw(double entries, double bits) const {
  return entries * bits * l_reg + (entries - 1) * bits * l_bit;
}

void add_spike_trace_unit(const NeuronSizes& z, const DigitalCosts& d, energy::ActionTable& actions,
                          energy::ComponentTable& components) {
  const tech::DigitalData& dig = d.data;
  actions.add(kActionWindowShiftBit, {d.e_reg, "register bit written", "spike_trace",
                                      "one register bit written (Aladdin register energy/bit)", kDigitalSource});
  const double entries = std::pow(2.0, z.window_steps);
  actions.add(kActionBasisLutRead, {d.lut_read_pj(entries, z.trace_bits), "LUT read", "spike_trace",
                                    format_number(z.trace_bits) + " bits x (register read + " +
                                        format_number(ceil_log2(entries)) + " mux levels x gate energy/bit)",
                                    kDigitalSource});
  const double pe_ops = double(z.inputs) * dig.priority_encoder_gate_ops_per_input;
  const double grant_bits = ceil_log2(z.inputs);
  actions.add(kActionPriorityEncoderGrant,
              {pe_ops * d.e_bit + grant_bits * d.e_reg, "grant", "control",
               format_number(z.inputs) + " inputs x " + format_number(dig.priority_encoder_gate_ops_per_input) +
                   " gate ops + " + format_number(grant_bits) + "-bit grant register write",
               kDigitalSource});

  const double window_bits =
      double(z.inputs) * z.window_steps + (z.feedback_basis_functions > 0 ? double(z.neurons) * z.window_steps : 0.0);
  const double luts = z.basis_functions + z.feedback_basis_functions;
  component(components, "spike_window_registers", "spike_trace", window_bits * d.a_reg, window_bits * d.l_reg,
            format_number(window_bits) +
                " window bits (inputs x window_steps, + neurons x window_steps for feedback) x register area",
            format_number(window_bits) + " bits x register leakage");
  component(components, "basis_luts", "spike_trace", luts * d.lut_area_um2(entries, z.trace_bits),
            luts * d.lut_leakage_uw(entries, z.trace_bits),
            format_number(luts) + " LUTs of " + format_number(entries) + " x " + format_number(z.trace_bits) +
                " bits (register storage + mux tree)",
            "as the area");
  component(components, "priority_encoder", "spike_trace", pe_ops * d.a_bit + grant_bits * d.a_reg,
            pe_ops * d.l_bit + grant_bits * d.l_reg,
            format_number(pe_ops) + " gates + " + format_number(grant_bits) + "-bit grant register", "as the area");
}

void add_neuron_unit(const NeuronSizes& z, const DigitalCosts& d, energy::ActionTable& actions,
                     energy::ComponentTable& components) {
  const tech::DigitalData& dig = d.data;
  const double products = double(z.weight_bits) * z.trace_bits, acc = z.accumulator_bits;
  actions.add(kActionMac, {products * d.e_mul + acc * d.e_add + acc * d.e_reg, "MAC (one SOP)", "neuron_logic",
                           format_number(products) + " bit-products (Horowitz mult/bit-product) + " +
                               format_number(acc) + "-bit add (Horowitz add/bit) + " + format_number(acc) +
                               "-bit accumulator write (Aladdin register/bit)",
                           kDigitalSource});
  actions.add(kActionPartialSumAdd,
              {acc * d.e_add + acc * d.e_reg, "partial sum added", "neuron_logic",
               format_number(acc) +
                   "-bit add of another row block's partial sum + accumulator write (Horowitz add/bit, Aladdin "
                   "register/bit)",
               kDigitalSource});
  actions.add(kActionAccumulatorReset, {acc * d.e_reg, "accumulator loaded", "neuron_logic",
                                        format_number(acc) + "-bit register write of the bias", kDigitalSource});
  actions.add(kActionSigmoidLutRead,
              {d.lut_read_pj(z.sigmoid_lut_entries, z.sigmoid_lut_bits), "LUT read", "neuron_logic",
               format_number(z.sigmoid_lut_bits) + " bits x (register read + " +
                   format_number(ceil_log2(z.sigmoid_lut_entries)) + " mux levels x gate energy/bit)",
               kDigitalSource});
  actions.add(kActionCompare,
              {z.sigmoid_lut_bits * d.e_cmp, "compare", "neuron_logic",
               format_number(z.sigmoid_lut_bits) + "-bit compare (Aladdin comparator/bit)", kDigitalSource});
  const double round = rng_bit_products(dig) * d.e_mul + dig.rng_bit_ops_per_round * d.e_bit +
                       dig.rng_adder_bits_per_round * d.e_add + dig.rng_state_register_bits * d.e_reg;
  const std::string round_text =
      "one SplitMix64 round = " + format_number(rng_bit_products(dig)) + " bit-products + " +
      format_number(dig.rng_bit_ops_per_round) + " bit ops + " + format_number(dig.rng_adder_bits_per_round) +
      "-bit add + " + format_number(dig.rng_state_register_bits) + "-bit register = " + format_number(round) + " pJ";
  actions.add(kActionRngDraw,
              {dig.rng_mix_rounds_per_draw * round, "random draw", "rng",
               format_number(dig.rng_mix_rounds_per_draw) + " x " + round_text + " (models/rng/counter_rng.h)",
               kDigitalSource});
  actions.add(kActionRngSampleSetup, {dig.rng_setup_mix_rounds_per_sample * round, "sample", "rng",
                                      format_number(dig.rng_setup_mix_rounds_per_sample) + " x " + round_text +
                                          ": (seed, stream) and sample folded once per sample",
                                      kDigitalSource});

  const double lane = products * d.a_mul + acc * d.a_add;
  component(components, "mac_lanes", "neuron_logic", z.mac_lanes * lane,
            z.mac_lanes * lane * d.logic_leakage_uw_per_um2,
            format_number(z.mac_lanes) + " lanes x (" + format_number(products) + " bit-products + " +
                format_number(acc) + "-bit adder), Horowitz areas",
            "area x Aladdin logic leakage density");
  component(components, "accumulators", "neuron_logic", z.neurons * acc * d.a_reg, z.neurons * acc * d.l_reg,
            format_number(z.neurons) + " x " + format_number(acc) + " register bits", "register leakage/bit");
  component(
      components, "sigmoid_lut", "neuron_logic", d.lut_area_um2(z.sigmoid_lut_entries, z.sigmoid_lut_bits),
      d.lut_leakage_uw(z.sigmoid_lut_entries, z.sigmoid_lut_bits),
      "one shared LUT of " + format_number(z.sigmoid_lut_entries) + " x " + format_number(z.sigmoid_lut_bits) + " bits",
      "as the area");
  component(
      components, "comparators", "neuron_logic", double(z.rng_units) * z.sigmoid_lut_bits * d.a_cmp,
      double(z.rng_units) * z.sigmoid_lut_bits * d.l_cmp,
      format_number(z.rng_units) + " comparators (one per RNG unit) x " + format_number(z.sigmoid_lut_bits) + " bits",
      "as the area");
  const double arith = rng_bit_products(dig) * d.a_mul + dig.rng_adder_bits_per_round * d.a_add;
  const double unit = arith + dig.rng_bit_ops_per_round * d.a_bit + dig.rng_state_register_bits * d.a_reg;
  component(components, "rng_units", "rng", z.rng_units * unit,
            z.rng_units * (arith * d.logic_leakage_uw_per_um2 + dig.rng_bit_ops_per_round * d.l_bit +
                           dig.rng_state_register_bits * d.l_reg),
            format_number(z.rng_units) + " SplitMix64 units, each " + format_number(rng_bit_products(dig)) +
                " bit-products + adder + gates + state",
            "arithmetic area x logic leakage density + gate and register leakage");
}

}  // namespace spinaps::neuron
