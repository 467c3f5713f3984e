#include "models/energy/energy_model.h"

#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "models/tech/tech_data.h"

namespace spinaps::tech {
namespace {

std::string num(double value) {
  std::ostringstream out;
  out.precision(5);
  out << value;
  return out.str();
}

double ceil_log2(double value) { return value <= 1.0 ? 1.0 : std::ceil(std::log2(value)); }

/// Scales Params from their reference node to the configured node and logs the result.
class Scaler {
 public:
  Scaler(const NodeScaling& scaling, double node_nm, ParamLog& log) : scaling_(scaling), node_(node_nm), log_(log) {}
  double energy(const Param& p) { return apply(p, scaling_.energy(p.reference_node_nm, node_), "energy"); }
  double leakage(const Param& p) { return apply(p, scaling_.leakage(p.reference_node_nm, node_), "leakage"); }
  double area(const Param& p) { return apply(p, scaling_.area(p.reference_node_nm, node_), "area"); }
  double delay(const Param& p) { return apply(p, scaling_.delay(p.reference_node_nm, node_), "delay"); }
  double unscaled(const Param& p, const std::string& why) {
    log_.scaled(p, p.value, "not scaled: " + why);
    return p.value;
  }
  [[nodiscard]] double node() const { return node_; }
  [[nodiscard]] const NodeScaling& scaling() const { return scaling_; }

 private:
  double apply(const Param& p, double factor, const char* kind) {
    const double value = p.value * factor;
    log_.scaled(p, value,
                std::string(kind) + " factor " + num(factor) + " (" + num(p.reference_node_nm) + " -> " + num(node_) +
                    " nm, Stillmaker & Baas)");
    return value;
  }
  const NodeScaling& scaling_;
  double node_;
  ParamLog& log_;
};

struct Builder {
  const ArchitectureSizes& z;
  const SttCellData* cell;   ///< the STT cell, or null for the SRAM baseline
  const SramCellData* sram;  ///< the SRAM cell, or null for STT
  const PeripheryData& per;
  const DigitalData& dig;
  Scaler& sc;
  TechnologyModel& model;

  double ratio(const ScaledPart& part) const {
    return size_ratio(part.rule, z.subarray_rows, z.subarray_cols, per.reference_rows, per.reference_cols);
  }
  void action(const std::string& name, double pj, const std::string& category, const std::string& derivation) {
    model.energy_per_action[name] = {pj, category, derivation};
  }
  void area(const std::string& component, const std::string& category, double um2, const std::string& derivation) {
    model.areas.push_back({component, category, um2 * 1e-6, derivation});
  }
  void leak(const std::string& component, const std::string& category, double uw, const std::string& derivation) {
    model.leakage.push_back({component, category, uw * 1e-3, derivation});
  }
  /// Leakage of a Horowitz-sized block of `area_um2` at the configured node: density per um^2 at its
  /// reference node, device leakage scaled with the energy factor, device density with 1/area factor.
  double logic_leakage_uw(double area_um2) {
    const Param& d = dig.logic_leakage_uw_per_um2;
    const double density = sc.leakage(d) / sc.scaling().area(d.reference_node_nm, sc.node());
    return area_um2 * density;
  }
  /// A LUT of entries x bits kept in registers, read through a log2(entries)-level mux tree.
  double lut_read_pj(double entries, double bits) {
    return bits * (sc.energy(dig.reg.energy_pj) + ceil_log2(entries) * sc.energy(dig.bitwise.energy_pj));
  }
  double lut_area_um2(double entries, double bits) {
    return entries * bits * sc.area(dig.reg.area_um2) + (entries - 1) * bits * sc.area(dig.bitwise.area_um2);
  }
  double lut_leak_uw(double entries, double bits) {
    return entries * bits * sc.leakage(dig.reg.leakage_uw) + (entries - 1) * bits * sc.leakage(dig.bitwise.leakage_uw);
  }
  double rng_bit_products() const {
    const double w = dig.rng_word_bits;
    return dig.rng_multiplies_per_round * w * (w + 1) / 2;  // low half of a w x w array multiplier
  }

  /// The synapse array: the cells (STT or SRAM), then the sense amplifiers and row periphery, which
  /// are the same NVSim model for both memories (docs/technology.md, "SRAM baseline").
  void synapse_array() {
    if (sram != nullptr) {
      sram_cells();
    } else {
      stt_cells();
    }
    periphery();
  }

  void stt_cells() {
    const double rows = z.subarray_rows, cols = z.subarray_cols, count = z.subarray_count;
    action("stt.cell_read_bit", sc.unscaled(cell->read_energy_pj_per_bit, "MTJ read energy is set by the MTJ"),
           "synapse_array", "cell + bitline share of one bit read of cell '" + cell->name + "' (stt_cells.json)");
    const double f_nm = sc.node();
    const double cell_um2 =
        sc.unscaled(cell->cell_area_f2, "F^2 count kept; cell area = F^2 x (node)^2") * (f_nm * 1e-3) * (f_nm * 1e-3);
    log_cell_area("derived:stt_cell_area_um2", cell->cell_area_f2.value, cell_um2);
    area("stt_cells", "synapse_array", count * rows * cols * cell_um2,
         num(count) + " x " + num(rows) + " x " + num(cols) + " cells x " + num(cell->cell_area_f2.value) + " F^2 x (" +
             num(f_nm) + " nm)^2; no array-efficiency overhead (periphery counted separately)");
    leak("stt_cells", "synapse_array", 0.0,
         "non-volatile MTJs; unselected 1T-1MTJ access transistors have bitline and source line at the same "
         "potential, so no leakage is charged (NVSim SubArray.cpp also sets MRAM cell leakage to 0)");
    model.stt_read_latency_ns = sc.delay(cell->read_latency_ns);
    model.stt_write_latency_ns = sc.unscaled(cell->write_latency_ns, "MTJ switching pulse");
    model.stt_write_energy_pj_per_bit = sc.unscaled(cell->write_energy_pj_per_bit, "MTJ switching energy");
    model.stt_write_switching_probability = sc.unscaled(cell->write_switching_probability, "device property");
  }

  /// SRAM cells are all CMOS: read/write energy and leakage scale with the energy factor, latency
  /// with the delay factor, and every cell leaks. The action keeps its stt.* name so reports of
  /// both memories have the same keys.
  void sram_cells() {
    const double rows = z.subarray_rows, cols = z.subarray_cols, count = z.subarray_count;
    action("stt.cell_read_bit", sc.energy(sram->read_energy_pj_per_bit), "synapse_array",
           "cell + bitline share of one bit read of SRAM cell '" + sram->name + "' (sram_cells.json), scaled " +
               num(sram->reference_node_nm) + " -> " + num(sc.node()) + " nm");
    const double f_nm = sc.node();
    const double cell_um2 =
        sc.unscaled(sram->cell_area_f2, "F^2 count kept; cell area = F^2 x (node)^2") * (f_nm * 1e-3) * (f_nm * 1e-3);
    log_cell_area("derived:sram_cell_area_um2", sram->cell_area_f2.value, cell_um2);
    const double cells = count * rows * cols;
    area("sram_cells", "synapse_array", cells * cell_um2,
         num(count) + " x " + num(rows) + " x " + num(cols) + " SRAM cells x " + num(sram->cell_area_f2.value) +
             " F^2 x (" + num(f_nm) + " nm)^2; no array-efficiency overhead (periphery counted separately)");
    leak("sram_cells", "synapse_array", cells * sc.leakage(sram->leakage_uw_per_bit),
         num(cells) + " SRAM cells x NVSim cell leakage (sram_cells.json), scaled with the energy factor");
    model.stt_read_latency_ns = sc.delay(sram->read_latency_ns);
    model.stt_write_latency_ns = sc.delay(sram->write_latency_ns);
    model.stt_write_energy_pj_per_bit = sc.energy(sram->write_energy_pj_per_bit);
    model.stt_write_switching_probability = 1.0;  // a CMOS latch write does not fail stochastically
  }

  void periphery() {
    const double rows = z.subarray_rows, cols = z.subarray_cols, count = z.subarray_count;
    action("stt.sense_amp_sense", sc.energy(per.sense_energy_pj), "sense_amps",
           "NVSim sense amplifier energy per decision, scaled " + num(per.reference_node_nm) + " -> " + num(sc.node()) +
               " nm");
    const double e_pre = sc.energy(per.predecoder_energy_pj.value) * ratio(per.predecoder_energy_pj);
    const double e_row = sc.energy(per.row_decoder_energy_pj.value) * ratio(per.row_decoder_energy_pj);
    const double e_mux = sc.energy(per.mux_decoder_energy_pj.value) * ratio(per.mux_decoder_energy_pj);
    const double e_chg = sc.energy(per.precharge_energy_pj.value) * ratio(per.precharge_energy_pj);
    const double e_out = sc.energy(per.routing_energy_pj.value) * ratio(per.routing_energy_pj);
    action("stt.row_activation", e_pre + e_row + e_mux + e_chg + e_out, "periphery",
           "one row read of one " + num(rows) + "x" + num(cols) + " subarray: predecoder " + num(e_pre) +
               " + row decoder/wordline " + num(e_row) + " + column mux decoder " + num(e_mux) + " + precharge " +
               num(e_chg) + " + output routing " + num(e_out) +
               " pJ (NVSim components, size rules in array_periphery.json)");
    const double sa = count * z.sense_amps_per_subarray;
    area("sense_amps", "sense_amps", sa * sc.area(per.sense_area_um2), num(sa) + " sense amplifiers x NVSim area");
    leak("sense_amps", "sense_amps", sa * sc.leakage(per.sense_leakage_uw),
         num(sa) + " sense amplifiers x NVSim leakage");
    const double per_um2 = rows * sc.area(per.row_decoder_area_um2_per_row) +
                           cols * sc.area(per.precharge_area_um2_per_col) +
                           sc.area(per.predecoder_area_um2.value) * ratio(per.predecoder_area_um2) +
                           sc.area(per.mux_decoder_area_um2.value) * ratio(per.mux_decoder_area_um2);
    area("decoders_drivers_precharge", "periphery", count * per_um2,
         num(count) +
             " subarrays x (rows x row-decoder area/row + cols x precharge area/col + predecoder + mux decoder)");
    const double per_uw = rows * sc.leakage(per.row_decoder_leakage_uw_per_row) +
                          cols * sc.leakage(per.precharge_leakage_uw_per_col) +
                          sc.leakage(per.predecoder_leakage_uw.value) * ratio(per.predecoder_leakage_uw) +
                          sc.leakage(per.mux_decoder_leakage_uw.value) * ratio(per.mux_decoder_leakage_uw);
    leak("decoders_drivers_precharge", "periphery", count * per_uw, "same composition as the area, NVSim leakages");
    (void)sc.delay(per.sense_latency_ns);
    (void)sc.delay(per.row_decoder_latency_ns);
    (void)sc.delay(per.precharge_latency_ns);
  }

  void log_cell_area(const std::string& id, double f2, double cell_um2) {
    model.parameters_used[id] = {
        {"value", cell_um2},
        {"unit", "um^2"},
        {"derivation", num(f2) + " F^2 x (" + num(sc.node()) + " nm)^2; F^2 count kept at every node"}};
  }

  void trace_and_control() {
    const double e_reg = sc.energy(dig.reg.energy_pj), e_bit = sc.energy(dig.bitwise.energy_pj);
    const double a_reg = sc.area(dig.reg.area_um2), a_bit = sc.area(dig.bitwise.area_um2);
    const double l_reg = sc.leakage(dig.reg.leakage_uw), l_bit = sc.leakage(dig.bitwise.leakage_uw);
    action("trace.window_shift_bit", e_reg, "spike_trace", "one register bit written (Aladdin register energy/bit)");
    const double entries = std::pow(2.0, z.window_steps);
    action(
        "trace.basis_lut_read", lut_read_pj(entries, z.trace_bits), "spike_trace",
        num(z.trace_bits) + " bits x (register read + " + num(ceil_log2(entries)) + " mux levels x gate energy/bit)");
    const double pe_ops = double(z.inputs) * dig.priority_encoder_gate_ops_per_input;
    const double grant_bits = ceil_log2(z.inputs);
    action("control.priority_encoder_grant", pe_ops * e_bit + grant_bits * e_reg, "control",
           num(z.inputs) + " inputs x " + num(dig.priority_encoder_gate_ops_per_input) + " gate ops + " +
               num(grant_bits) + "-bit grant register write");
    const double e_cnt = sc.energy(dig.counter.energy_pj);
    action("control.active_cycle", dig.controller_counter_bits * e_cnt + dig.controller_state_register_bits * e_reg,
           "control",
           num(dig.controller_counter_bits) + " counter bits (Aladdin counter/bit) + " +
               num(dig.controller_state_register_bits) + " state register bits");

    const double window_bits =
        double(z.inputs) * z.window_steps + (z.feedback_basis_functions > 0 ? double(z.neurons) * z.window_steps : 0.0);
    const double luts = z.basis_functions + z.feedback_basis_functions;
    area("spike_window_registers", "spike_trace", window_bits * a_reg,
         num(window_bits) +
             " window bits (inputs x window_steps, + neurons x window_steps for feedback) x register area");
    leak("spike_window_registers", "spike_trace", window_bits * l_reg, num(window_bits) + " bits x register leakage");
    area("basis_luts", "spike_trace", luts * lut_area_um2(entries, z.trace_bits),
         num(luts) + " LUTs of " + num(entries) + " x " + num(z.trace_bits) + " bits (register storage + mux tree)");
    leak("basis_luts", "spike_trace", luts * lut_leak_uw(entries, z.trace_bits), "as the area");
    area("priority_encoder", "spike_trace", pe_ops * a_bit + grant_bits * a_reg,
         num(pe_ops) + " gates + " + num(grant_bits) + "-bit grant register");
    leak("priority_encoder", "spike_trace", pe_ops * l_bit + grant_bits * l_reg, "as the area");
    const double a_cnt = sc.area(dig.counter.area_um2), l_cnt = sc.leakage(dig.counter.leakage_uw);
    area("controller", "control", dig.controller_counter_bits * a_cnt + dig.controller_state_register_bits * a_reg,
         "counter bits x Aladdin counter area/bit + state register bits x register area");
    leak("controller", "control", dig.controller_counter_bits * l_cnt + dig.controller_state_register_bits * l_reg,
         "as the area");
  }

  void neuron_and_rng() {
    const double e_reg = sc.energy(dig.reg.energy_pj), e_add = sc.energy(dig.adder.energy_pj);
    const double e_mul = sc.energy(dig.multiplier.energy_pj), e_cmp = sc.energy(dig.comparator.energy_pj);
    const double e_bit = sc.energy(dig.bitwise.energy_pj);
    const double products = double(z.weight_bits) * z.trace_bits, acc = z.accumulator_bits;
    action("neuron.mac", products * e_mul + acc * e_add + acc * e_reg, "neuron_logic",
           num(products) + " bit-products (Horowitz mult/bit-product) + " + num(acc) +
               "-bit add (Horowitz add/bit) + " + num(acc) + "-bit accumulator write (Aladdin register/bit)");
    action("neuron.partial_sum_add", acc * e_add + acc * e_reg, "neuron_logic",
           num(acc) + "-bit add of another row block's partial sum + accumulator write (Horowitz add/bit, Aladdin "
                      "register/bit)");
    action("neuron.accumulator_reset", acc * e_reg, "neuron_logic", num(acc) + "-bit register write of the bias");
    action("neuron.sigmoid_lut_read", lut_read_pj(z.sigmoid_lut_entries, z.sigmoid_lut_bits), "neuron_logic",
           num(z.sigmoid_lut_bits) + " bits x (register read + " + num(ceil_log2(z.sigmoid_lut_entries)) +
               " mux levels x gate energy/bit)");
    action("neuron.compare", z.sigmoid_lut_bits * e_cmp, "neuron_logic",
           num(z.sigmoid_lut_bits) + "-bit compare (Aladdin comparator/bit)");
    const double round = rng_bit_products() * e_mul + dig.rng_bit_ops_per_round * e_bit +
                         dig.rng_adder_bits_per_round * e_add + dig.rng_state_register_bits * e_reg;
    const std::string round_text = "one SplitMix64 round = " + num(rng_bit_products()) + " bit-products + " +
                                   num(dig.rng_bit_ops_per_round) + " bit ops + " + num(dig.rng_adder_bits_per_round) +
                                   "-bit add + " + num(dig.rng_state_register_bits) + "-bit register = " + num(round) +
                                   " pJ";
    action("rng.draw", dig.rng_mix_rounds_per_draw * round, "rng",
           num(dig.rng_mix_rounds_per_draw) + " x " + round_text + " (models/rng/counter_rng.h)");
    action("rng.sample_setup", dig.rng_setup_mix_rounds_per_sample * round, "rng",
           num(dig.rng_setup_mix_rounds_per_sample) + " x " + round_text +
               ": (seed, stream) and sample folded once per sample");

    const double a_mul = sc.area(dig.multiplier.area_um2), a_add = sc.area(dig.adder.area_um2);
    const double a_reg = sc.area(dig.reg.area_um2), a_cmp = sc.area(dig.comparator.area_um2);
    const double a_bit = sc.area(dig.bitwise.area_um2);
    const double lane = products * a_mul + acc * a_add;
    area("mac_lanes", "neuron_logic", z.mac_lanes * lane,
         num(z.mac_lanes) + " lanes x (" + num(products) + " bit-products + " + num(acc) +
             "-bit adder), Horowitz areas");
    leak("mac_lanes", "neuron_logic", logic_leakage_uw(z.mac_lanes * lane), "area x Aladdin logic leakage density");
    area("accumulators", "neuron_logic", z.neurons * acc * a_reg, num(z.neurons) + " x " + num(acc) + " register bits");
    leak("accumulators", "neuron_logic", z.neurons * acc * sc.leakage(dig.reg.leakage_uw), "register leakage/bit");
    area("sigmoid_lut", "neuron_logic", lut_area_um2(z.sigmoid_lut_entries, z.sigmoid_lut_bits),
         "one shared LUT of " + num(z.sigmoid_lut_entries) + " x " + num(z.sigmoid_lut_bits) + " bits");
    leak("sigmoid_lut", "neuron_logic", lut_leak_uw(z.sigmoid_lut_entries, z.sigmoid_lut_bits), "as the area");
    area("comparators", "neuron_logic", double(z.rng_units) * z.sigmoid_lut_bits * a_cmp,
         num(z.rng_units) + " comparators (one per RNG unit) x " + num(z.sigmoid_lut_bits) + " bits");
    leak("comparators", "neuron_logic",
         double(z.rng_units) * z.sigmoid_lut_bits * sc.leakage(dig.comparator.leakage_uw), "as the area");
    const double arith = rng_bit_products() * a_mul + dig.rng_adder_bits_per_round * a_add;
    const double unit = arith + dig.rng_bit_ops_per_round * a_bit + dig.rng_state_register_bits * a_reg;
    area("rng_units", "rng", z.rng_units * unit,
         num(z.rng_units) + " SplitMix64 units, each " + num(rng_bit_products()) +
             " bit-products + adder + gates + state");
    leak("rng_units", "rng",
         z.rng_units * (logic_leakage_uw(arith) + dig.rng_bit_ops_per_round * sc.leakage(dig.bitwise.leakage_uw) +
                        dig.rng_state_register_bits * sc.leakage(dig.reg.leakage_uw)),
         "arithmetic area x logic leakage density + gate and register leakage");
  }
};

}  // namespace

double TechnologyModel::energy_pj(const std::string& action) const {
  const auto found = energy_per_action.find(action);
  if (found == energy_per_action.end()) {
    throw std::out_of_range("no energy per action for '" + action + "'");
  }
  return found->second.energy_pj;
}

double TechnologyModel::total_area_mm2() const {
  return std::accumulate(areas.begin(), areas.end(), 0.0,
                         [](double sum, const ComponentArea& a) { return sum + a.area_mm2; });
}

double TechnologyModel::total_leakage_mw() const {
  return std::accumulate(leakage.begin(), leakage.end(), 0.0,
                         [](double sum, const ComponentLeakage& l) { return sum + l.leakage_mw; });
}

const std::vector<std::string>& action_names() {
  static const std::vector<std::string> kNames = {
      "stt.cell_read_bit",       "stt.sense_amp_sense",  "stt.row_activation",
      "trace.window_shift_bit",  "trace.basis_lut_read", "control.priority_encoder_grant",
      "control.active_cycle",    "neuron.mac",           "neuron.partial_sum_add", "neuron.accumulator_reset",
      "neuron.sigmoid_lut_read", "neuron.compare",       "rng.draw"};
  return kNames;
}

TechnologyModel build_technology_model(const TechnologyConfig& config, const ArchitectureSizes& sizes) {
  if (sizes.subarray_rows < 2 || sizes.subarray_cols < 1 || sizes.window_steps > 20 || sizes.sigmoid_lut_entries < 1 ||
      sizes.inputs < 1) {
    throw std::invalid_argument("build_technology_model: architecture sizes out of range");
  }
  const NodeScaling scaling = NodeScaling::load(data_file(config.data_dir, "node_scaling.json"));
  const NodeFactors& node = scaling.at(config.node_nm);
  ParamLog log;
  log.note("node", {{"node_nm", config.node_nm},
                    {"stt_cell", config.stt_cell},
                    {"data_dir", config.data_dir},
                    {"energy_factor", node.energy},
                    {"delay_factor", node.delay},
                    {"area_factor_rel_45nm", node.area_rel_45nm},
                    {"derivation", node.derivation},
                    {"source", "node_scaling.json (Stillmaker & Baas, Integration 2017)"}});
  const bool use_sram = config.memory == "sram";
  if (use_sram) {
    log.note("memory", {{"memory", "sram"},
                        {"sram_cell", config.sram_cell},
                        {"note", "SRAM baseline: only the synapse cells differ from the STT design"}});
  }
  // Only the selected cell is read, so parameters_used lists just the numbers this run used.
  SttCellData cell;
  SramCellData sram;
  if (use_sram) {
    sram = load_sram_cell(config.data_dir, config.sram_cell, log);
  } else {
    cell = load_stt_cell(config.data_dir, config.stt_cell, log);
  }
  const PeripheryData periphery = load_periphery(config.data_dir, log);
  const DigitalData digital = load_digital(config.data_dir, log);
  const double cell_reference_nm = use_sram ? sram.reference_node_nm : cell.reference_node_nm;
  for (const double reference : {cell_reference_nm, periphery.reference_node_nm}) {
    (void)scaling.at(reference);  // a reference node without scaling data is a data error
  }
  TechnologyModel model;
  Scaler scaler(scaling, config.node_nm, log);
  Builder builder{sizes, use_sram ? nullptr : &cell, use_sram ? &sram : nullptr, periphery, digital, scaler, model};
  builder.synapse_array();
  builder.trace_and_control();
  builder.neuron_and_rng();
  nlohmann::ordered_json used = log.json();
  for (const auto& item : model.parameters_used.items()) {
    used[item.key()] = item.value();
  }
  model.parameters_used = used;
  return model;
}

}  // namespace spinaps::tech
