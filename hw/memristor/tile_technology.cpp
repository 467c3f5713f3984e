#include "hw/memristor/tile_technology.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "hw/memristor/tile_actions.h"
#include "models/config/config_reader.h"
#include "models/io/data_paths.h"
#include "models/tech/scaler.h"
#include "models/tech/tech_data.h"
#include "models/tech/technology.h"

namespace spinaps::memristor {
namespace {

constexpr double kBig = 1e9;
/// ENOB = (SNDR - 1.76 dB) / 6.02 dB: the ideal b-bit quantiser's SNR is 6.02 b + 1.76 dB.
constexpr double kSndrPerBitDb = 6.02;
constexpr double kSndrOffsetDb = 1.76;

std::string num(double value) {
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  throw std::invalid_argument("tile technology: " + field + ": " + problem);
}

void require_range(std::uint64_t value, std::uint64_t low, std::uint64_t high, const std::string& field) {
  if (value < low || value > high) {
    fail(field, "value " + std::to_string(value) + " is out of range; expected an integer in [" + std::to_string(low) +
                    ", " + std::to_string(high) + "]");
  }
}

/// Clock cycles covering `ns` at `clock_mhz`, at least 1. A product within 1e-12 (relative) above
/// an integer counts as that integer, so 2.000000000001 cycles of rounding noise do not become 3.
std::uint32_t cycles_for(double ns, double clock_mhz, const std::string& field) {
  const double cycles = ns * clock_mhz / 1000.0;
  const double rounded = std::ceil(cycles * (1.0 - 1e-12));
  if (!(rounded <= static_cast<double>(std::numeric_limits<std::uint32_t>::max()))) {
    fail(field, num(ns) + " ns at " + num(clock_mhz) + " MHz is more than 2^32 cycles");
  }
  return static_cast<std::uint32_t>(std::max(1.0, rounded));
}

/// The periphery data file, every number kept with its provenance.
struct PeripheryFile {
  std::string file;
  // ADC reference design (Murmann survey row) and the area-vs-energy exponent.
  tech::Param adc_power_mw, adc_rate_mhz, adc_sndr_db, adc_area_um2, adc_nominal_bits;
  tech::Param adc_area_exponent;
  // ISAAC's ADC figures, recorded for the cross-check only.
  tech::Param isaac_power_mw, isaac_rate_mhz, isaac_area_um2;
  // Word-line DAC and its resolution rule.
  tech::Param dac_bits, dac_power_mw, dac_instances, dac_cycle_ns, dac_area_um2;
  tech::Param dac_scale_per_bit;
  // Sample-and-hold.
  tech::Param sh_power_uw, sh_instances, sh_cycle_ns, sh_area_um2;
  // Crossbar read (device physics; the device's own values win).
  tech::Param read_voltage_v, read_pulse_ns, cell_area_f2;
  // Digital timing.
  tech::Param digital_op_ns;
  std::string sram_cell;
};

/// "source" (required), "derivation" and "checked" (optional, read so finish() accepts them).
std::string read_texts(config::ConfigNode& node) {
  std::string source = node.text("source");
  (void)node.text_or("derivation", "");
  (void)node.text_or("checked", "");
  return source;
}

PeripheryFile load_periphery_file(const std::string& file, const std::string& tech_data_dir, tech::ParamLog& log) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  PeripheryFile data;
  data.file = file;
  (void)root.text_or("description", "");
  {
    config::ConfigNode node = root.child("adc");
    const std::string source = read_texts(node);
    const double ref = node.real("reference_node_nm", 1, 1000);
    data.adc_power_mw = log.read(node, "power_mw", 1e-9, kBig, ref, source);
    data.adc_rate_mhz = log.read(node, "sample_rate_mhz", 1e-9, kBig, ref, source);
    // SNDR above the ideal 1-bit quantiser's 7.78 dB keeps ENOB >= 1.
    data.adc_sndr_db = log.read(node, "sndr_db", kSndrPerBitDb + kSndrOffsetDb, 300, ref, source);
    data.adc_area_um2 = log.read(node, "area_um2", 1e-9, kBig, ref, source);
    data.adc_nominal_bits = log.read(node, "nominal_resolution_bits", 1, 32, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("adc_area_scaling");
    const std::string source = read_texts(node);
    data.adc_area_exponent = log.read(node, "area_exponent_on_energy", 0, 10, 0, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("adc_cross_check_isaac");
    const std::string source = read_texts(node);
    const double ref = node.real("reference_node_nm", 1, 1000);
    data.isaac_power_mw = log.read(node, "power_mw_per_adc", 0, kBig, ref, source);
    data.isaac_rate_mhz = log.read(node, "sample_rate_mhz", 0, kBig, ref, source);
    data.isaac_area_um2 = log.read(node, "area_um2", 0, kBig, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("dac");
    const std::string source = read_texts(node);
    const double ref = node.real("reference_node_nm", 1, 1000);
    data.dac_bits = log.read(node, "resolution_bits", 1, 16, ref, source);
    data.dac_power_mw = log.read(node, "power_mw", 1e-12, kBig, ref, source);
    data.dac_instances = log.read(node, "instances", 1, kBig, ref, source);
    data.dac_cycle_ns = log.read(node, "cycle_ns", 1e-6, kBig, ref, source);
    data.dac_area_um2 = log.read(node, "area_um2", 1e-12, kBig, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("dac_resolution_scaling");
    const std::string source = read_texts(node);
    data.dac_scale_per_bit = log.read(node, "scale_per_extra_bit", 1, 16, 0, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("sample_hold");
    const std::string source = read_texts(node);
    const double ref = node.real("reference_node_nm", 1, 1000);
    data.sh_power_uw = log.read(node, "power_uw", 1e-12, kBig, ref, source);
    data.sh_instances = log.read(node, "instances", 1, kBig, ref, source);
    data.sh_cycle_ns = log.read(node, "cycle_ns", 1e-6, kBig, ref, source);
    data.sh_area_um2 = log.read(node, "area_um2", 1e-12, kBig, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("array");
    const std::string source = read_texts(node);
    data.read_voltage_v = log.read(node, "read_voltage_v", 1e-6, 10, 0, source);
    data.read_pulse_ns = log.read(node, "read_pulse_ns", 1e-6, 1e9, 0, source);
    data.cell_area_f2 = log.read(node, "cell_area_f2", 1, 1e4, 0, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("digital_timing");
    const std::string source = read_texts(node);
    const double ref = node.real("reference_node_nm", 1, 1000);
    data.digital_op_ns = log.read(node, "op_latency_ns", 1e-6, 1e6, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("activation_buffer");
    (void)read_texts(node);
    data.sram_cell = node.choice("sram_cell", tech::available_sram_cells(tech_data_dir));
    node.finish();
  }
  root.finish();
  return data;
}

/// Components as the builder names them: an area, then its leakage, merged into one entry.
struct PartList {
  std::vector<energy::ComponentCost> parts;
  void area(const std::string& component, const std::string& category, double um2, const std::string& derivation) {
    parts.push_back({component, category, um2 * 1e-6, 0.0, "area: " + derivation});
  }
  void leak(const std::string& component, const std::string& category, double uw, const std::string& derivation) {
    for (energy::ComponentCost& part : parts) {
      if (part.component == component) {
        part.leakage_mw = uw * 1e-3;
        part.derivation += "; leakage: " + derivation;
        return;
      }
    }
    parts.push_back({component, category, 0.0, uw * 1e-3, "leakage: " + derivation});
  }
  [[nodiscard]] energy::ComponentTable table() const {
    energy::ComponentTable result;
    for (const energy::ComponentCost& part : parts) result.add(part);
    return result;
  }
};

void validate_inputs(const TileTechnologyInputs& in) {
  const TileGeometry& g = in.geometry;
  require_range(g.rows, 1, 1u << 20, "geometry.rows");
  require_range(g.cols, 1, 1u << 20, "geometry.cols");
  require_range(g.adc_bits, 1, 32, "geometry.adc_bits");
  require_range(g.dac_bits, 1, 16, "geometry.dac_bits");
  require_range(g.input_bits, 1, 64, "geometry.input_bits");
  require_range(g.adcs_per_tile, 1, 1u << 20, "geometry.adcs_per_tile");
  require_range(g.accumulator_bits, 1, 128, "geometry.accumulator_bits");
  require_range(in.slices, 1, 1u << 16, "slices");
  require_range(in.activation_bits, 1, 16, "activation_bits");
  require_range(in.digital_lanes_per_node, 1, 1u << 20, "digital_lanes_per_node");
  if (g.cols / (2u * in.slices) < 1) {
    fail("geometry.cols", "must hold at least one logical column: 2 x " + std::to_string(in.slices) + " slices > " +
                              std::to_string(g.cols) + " columns");
  }
  if (!(std::isfinite(in.clock_mhz) && in.clock_mhz > 0.0)) {
    fail("clock_mhz", "must be a finite number > 0, got " + num(in.clock_mhz));
  }
  if (!(std::isfinite(in.node_nm) && in.node_nm > 0.0)) {
    fail("node_nm", "must be a finite number > 0, got " + num(in.node_nm));
  }
}

struct Builder {
  const TileTechnologyInputs& in;
  const PeripheryFile& p;
  const tech::DigitalData& dig;
  const tech::SramCellData& sram;
  tech::Scaler& sc;
  tech::ParamLog& log;
  TileTechnology& model;

  // Digital primitives at the configured node, per bit (per bit-product for the multiplier).
  double e_add = 0, e_mul = 0, e_reg = 0, e_cmp = 0, e_bit = 0;
  double a_add = 0, a_mul = 0, a_reg = 0, a_cmp = 0, a_bit = 0;
  double l_reg = 0, l_cmp = 0, l_bit = 0, logic_density = 0;

  PartList tile_parts{}, node_parts{};

  void action(const char* name, const char* unit, double pj, const std::string& category,
              const std::string& derivation) {
    model.actions.add(name, {pj, unit, category, derivation, source_of(category)});
  }
  /// Where the numbers of an action category come from.
  [[nodiscard]] std::string source_of(const std::string& category) const {
    if (category == "buffer") return "models/tech/sram_cells.json (cell '" + sram.name + "')";
    if (category == "array") return "device '" + in.device.name + "' (models/memristor/devices.json), else " + p.file;
    if (category == "dac" || category == "sample_hold" || category == "adc") return p.file;
    return "models/tech/digital_45nm.json (Horowitz ISSCC 2014; Aladdin)";
  }
  [[nodiscard]] std::string at_node() const {
    return " (Horowitz 45 nm adder/multiplier, Aladdin 40 nm register/gate/comparator, each scaled to " +
           num(sc.node()) + " nm)";
  }
  void derived(const std::string& id, double value, const std::string& unit, const std::string& derivation) {
    log.note("derived:" + id, {{"value", value}, {"unit", unit}, {"derivation", derivation}});
  }

  void digital_primitives() {
    e_add = sc.energy(dig.adder.energy_pj);
    e_mul = sc.energy(dig.multiplier.energy_pj);
    e_reg = sc.energy(dig.reg.energy_pj);
    e_cmp = sc.energy(dig.comparator.energy_pj);
    e_bit = sc.energy(dig.bitwise.energy_pj);
    a_add = sc.area(dig.adder.area_um2);
    a_mul = sc.area(dig.multiplier.area_um2);
    a_reg = sc.area(dig.reg.area_um2);
    a_cmp = sc.area(dig.comparator.area_um2);
    a_bit = sc.area(dig.bitwise.area_um2);
    l_reg = sc.leakage(dig.reg.leakage_uw);
    l_cmp = sc.leakage(dig.comparator.leakage_uw);
    l_bit = sc.leakage(dig.bitwise.leakage_uw);
    // Horowitz's adder and multiplier have no published leakage: Aladdin's logic leakage density,
    // device leakage scaled with the energy factor and device density with 1 / area factor.
    const tech::Param& d = dig.logic_leakage_uw_per_um2;
    logic_density = sc.leakage(d) / sc.area_factor(d.reference_node_nm);
    derived("logic_leakage_uw_per_um2_at_node", logic_density, "uW/um^2",
            "Aladdin logic leakage density x E(node)/E(" + num(d.reference_node_nm) + ") / (A(node)/A(" +
                num(d.reference_node_nm) + "))");
  }

  void dac() {
    const TileGeometry& g = in.geometry;
    const double scale = std::pow(p.dac_scale_per_bit.value, static_cast<double>(g.dac_bits) - p.dac_bits.value);
    (void)sc.unscaled(p.dac_scale_per_bit, "resolution rule");
    (void)sc.unscaled(p.dac_bits, "resolution of the reference DAC");
    const double instances = sc.unscaled(p.dac_instances, "a count");
    const double cycle = sc.unscaled(p.dac_cycle_ns, "ISAAC's crossbar cycle over which the power is drawn");
    const double power = sc.energy(p.dac_power_mw);
    const double pj = power / instances * cycle * scale;
    action(kActionDacDrive, "word line driven for one phase", pj, "dac",
           num(p.dac_power_mw.value) + " mW / " + num(instances) + " DACs x " + num(cycle) + " ns (ISAAC Table I) x " +
               num(p.dac_scale_per_bit.value) + "^(" + std::to_string(g.dac_bits) + " - " + num(p.dac_bits.value) +
               ") x E(" + num(sc.node()) + ")/E(" + num(p.dac_power_mw.reference_node_nm) + ") = " + num(pj) + " pJ");
    const double um2 = sc.area(p.dac_area_um2) / instances * scale;
    tile_parts.area("dacs", "dac", g.rows * um2,
                    std::to_string(g.rows) + " word-line DACs x " + num(p.dac_area_um2.value) + " um^2 / " +
                        num(instances) + " x " + num(scale) + " (resolution) x A(" + num(sc.node()) + ")/A(" +
                        num(p.dac_area_um2.reference_node_nm) + ")");
    tile_parts.leak("dacs", "dac", 0.0,
                    "not modelled: ISAAC gives total power at full activity only, charged per drive");
  }

  void array() {
    const TileGeometry& g = in.geometry;
    const DeviceParameters& d = in.device;
    const std::string device = "device '" + d.name + "'";
    auto pick = [&](double device_value, const tech::Param& file_value, const std::string& key,
                    const std::string& unit) {
      if (device_value > 0.0) {
        (void)sc.unscaled(file_value, "not used: " + device + " gives its own " + key);
        derived("array_" + key, device_value, unit, "from " + device + " (" + key + "), which wins over the file");
        return device_value;
      }
      (void)sc.unscaled(file_value, "device physics, not a CMOS quantity; used because " + device + " gives no " + key);
      derived("array_" + key, file_value.value, unit, "from " + file_value.id + ": " + device + " gives no " + key);
      return file_value.value;
    };
    const double volts = pick(d.read_voltage_v, p.read_voltage_v, "read_voltage_v", "V");
    const double pulse = pick(d.read_pulse_ns, p.read_pulse_ns, "read_pulse_ns", "ns");
    const double f2 = pick(d.cell_area_f2, p.cell_area_f2, "cell_area_f2", "F^2");
    model.array_read_voltage_v = volts;
    model.array_read_pulse_ns = pulse;
    // V^2 x 1 nS x t: V^2 [V^2] x 1e-9 [S] x t [ns] x 1e-9 [s/ns] = V^2 t 1e-18 J = V^2 t 1e-6 pJ.
    const double pj = volts * volts * pulse * 1e-6;
    action(kActionArrayReadNanosiemens, "nS read for one phase at full drive", pj, "array",
           "V^2 x 1 nS x t_read = " + num(volts) + "^2 V^2 x 1e-9 S x " + num(pulse) + " ns = " + num(pj) +
               " pJ (device physics: not scaled with the CMOS node)");
    const double f_um = sc.node() * 1e-3;
    const double cells = static_cast<double>(g.rows) * g.cols;
    tile_parts.area("array_cells", "array", cells * f2 * f_um * f_um,
                    std::to_string(g.rows) + " x " + std::to_string(g.cols) + " 1T1R cells x " + num(f2) + " F^2 x (" +
                        num(sc.node()) + " nm)^2 (F^2 count kept at the configured node)");
    tile_parts.leak(
        "array_cells", "array", 0.0,
        "not modelled: non-volatile devices; access-transistor leakage of unselected rows has no source here");
    model.array_read_cycles = cycles_for(pulse, in.clock_mhz, "read pulse");
  }

  void sample_hold() {
    const TileGeometry& g = in.geometry;
    const double instances = sc.unscaled(p.sh_instances, "a count");
    const double cycle = sc.unscaled(p.sh_cycle_ns, "ISAAC's crossbar cycle over which the power is drawn");
    const double power = sc.energy(p.sh_power_uw);
    const double pj = power * 1e-3 / instances * cycle;  // uW x ns = fJ
    action(kActionSampleHold, "column signal held", pj, "sample_hold",
           num(p.sh_power_uw.value) + " uW / " + num(instances) + " S&H x " + num(cycle) + " ns (ISAAC Table I) x E(" +
               num(sc.node()) + ")/E(" + num(p.sh_power_uw.reference_node_nm) + ") = " + num(pj) + " pJ");
    const std::uint64_t signals = (g.cols / (2u * in.slices)) * static_cast<std::uint64_t>(in.slices);
    const double um2 = sc.area(p.sh_area_um2) / instances;
    tile_parts.area("sample_holds", "sample_hold", static_cast<double>(signals) * um2,
                    std::to_string(signals) +
                        " S&H (one per differential column signal: floor(cols / (2 x slices)) x slices) x " +
                        num(p.sh_area_um2.value) + " um^2 / " + num(instances) + " x A(" + num(sc.node()) + ")/A(" +
                        num(p.sh_area_um2.reference_node_nm) + ")");
    tile_parts.leak("sample_holds", "sample_hold", 0.0,
                    "not modelled separately: the cited cell power is charged per sample over ISAAC's 100-ns hold");
  }

  void adc() {
    const TileGeometry& g = in.geometry;
    const double bits = g.adc_bits;
    const double rate = sc.unscaled(p.adc_rate_mhz,
                                    "sampling rate of the reference design; the conversion time "
                                    "derived from it is scaled with the delay factor");
    const double sndr = sc.unscaled(p.adc_sndr_db, "measured SNDR of the reference design");
    const double nominal = sc.unscaled(p.adc_nominal_bits, "decisions per conversion of the reference design");
    const double exponent = sc.unscaled(p.adc_area_exponent, "regression exponent");
    const double ref = p.adc_power_mw.reference_node_nm;
    const double enob_ref = (sndr - kSndrOffsetDb) / kSndrPerBitDb;
    const double e_ref_pj = p.adc_power_mw.value / rate * 1e3;  // mW / MHz = nJ
    const double fom_pj = e_ref_pj / std::exp2(enob_ref);
    derived("adc_enob_reference", enob_ref, "bit",
            "(" + num(sndr) + " - 1.76) / 6.02 (SNDR of " + p.adc_sndr_db.id + ")");
    derived("adc_walden_fom_pj_per_step", fom_pj, "pJ/conversion-step",
            num(p.adc_power_mw.value) + " mW / " + num(rate) + " MHz / 2^" + num(enob_ref) + " at " + num(ref) + " nm");
    const double power_at_node = sc.energy(p.adc_power_mw);
    const double fom_at_node = fom_pj * power_at_node / p.adc_power_mw.value;
    const double pj = fom_at_node * std::exp2(bits);
    action(kActionAdcConversion, "conversion", pj, "adc",
           "Walden FOM x 2^adc_bits = " + num(fom_pj * 1e3) + " fJ x 2^" + std::to_string(g.adc_bits) + " x E(" +
               num(sc.node()) + ")/E(" + num(ref) + ") = " + num(pj) +
               " pJ (adc_bits taken as effective bits; FOM of the Murmann-survey SAR reference design)");
    const double area_ratio = std::exp2(exponent * (bits - enob_ref));
    const double um2 = sc.area(p.adc_area_um2) * area_ratio;
    tile_parts.area("adcs", "adc", g.adcs_per_tile * um2,
                    std::to_string(g.adcs_per_tile) + " ADCs x " + num(p.adc_area_um2.value) + " um^2 x 2^(" +
                        num(exponent) + " x (" + std::to_string(g.adc_bits) + " - " + num(enob_ref) + ")) x A(" +
                        num(sc.node()) + ")/A(" + num(p.adc_area_um2.reference_node_nm) + ") = " + num(um2) +
                        " um^2 each");
    tile_parts.leak(
        "adcs", "adc", 0.0,
        "not modelled: the survey gives total power at the full sampling rate only, charged per conversion");
    const double t_ns = 1e3 / rate * bits / nominal * sc.delay_factor(ref);
    model.adc_conversion_ns = t_ns;
    derived("adc_conversion_ns", t_ns, "ns",
            "1 / " + num(rate) + " MHz x " + std::to_string(g.adc_bits) + " / " + num(nominal) + " decisions x D(" +
                num(sc.node()) + ")/D(" + num(ref) + ")");
    model.adc_conversion_cycles = cycles_for(t_ns, in.clock_mhz, "ADC conversion time");
    (void)sc.unscaled(p.isaac_power_mw, "recorded only: ISAAC cross-check, not used");
    (void)sc.unscaled(p.isaac_rate_mhz, "recorded only: ISAAC cross-check, not used");
    (void)sc.unscaled(p.isaac_area_um2, "recorded only: ISAAC cross-check, not used");
  }

  void tile_digital() {
    const TileGeometry& g = in.geometry;
    const double acc = g.accumulator_bits;
    const double act = in.activation_bits;
    const double add_reg = acc * (e_add + e_reg);
    const std::string per_bit = " x (adder " + num(e_add) + " + register write " + num(e_reg) + ") pJ/bit" + at_node();
    action(kActionShiftAdd, "result shifted and added", add_reg, "shift_add",
           num(acc) + " accumulator bits" + per_bit + "; the shift is wiring");
    action(kActionPartialSumAdd, "partial sum added", add_reg, "partial_sum", num(acc) + " accumulator bits" + per_bit);
    const double scale_pj = acc * act * e_mul + acc * e_add;
    action(kActionOutputScale, "output rescaled", scale_pj, "output_scale",
           num(acc) + " x " + num(act) + " bit-products x " + num(e_mul) +
               " pJ (accumulator x activation-width scale) + " + num(acc) + "-bit bias add x " + num(e_add) +
               " pJ/bit" + at_node());
    const std::uint32_t logical_columns = g.cols / (2u * in.slices);  // whole logical columns per tile
    const double logical = static_cast<double>(logical_columns);
    const double sa_um2 = logical * acc * a_reg + g.adcs_per_tile * acc * a_add;
    tile_parts.area("shift_add", "shift_add", sa_um2,
                    num(logical) + " logical-column accumulators x " + num(acc) + " register bits + " +
                        std::to_string(g.adcs_per_tile) + " shift-and-add adders (one per ADC) x " + num(acc) +
                        " bits");
    tile_parts.leak("shift_add", "shift_add", logical * acc * l_reg + g.adcs_per_tile * acc * a_add * logic_density,
                    "register leakage per bit + adder area x logic leakage density");
    const double os_um2 = acc * act * a_mul + acc * a_add;
    tile_parts.area("output_scale", "output_scale", os_um2,
                    "one " + num(acc) + " x " + num(act) + " multiplier + one " + num(acc) + "-bit adder per tile");
    tile_parts.leak("output_scale", "output_scale", os_um2 * logic_density, "area x logic leakage density");
  }

  void node_digital() {
    const double a = in.activation_bits;
    const double entries = std::exp2(a);
    const std::string mul = num(a) + " x " + num(a) + " bit-products x " + num(e_mul) + " pJ";
    const std::string cmp = "-bit comparator x " + num(e_cmp) + " pJ/bit";
    action(kActionRelu, "element", a * e_cmp, "digital", num(a) + cmp + at_node());
    action(kActionCompare, "window tap", a * e_cmp, "digital", num(a) + cmp + at_node());
    action(kActionInterpolate, "interpolation tap", a * a * e_mul + 2 * a * e_add, "digital",
           mul + " + " + num(2 * a) + "-bit add (product width) x " + num(e_add) + " pJ/bit" + at_node());
    action(kActionCopy, "element copied", 2 * a * e_reg, "digital",
           num(a) + "-bit register read + write x " + num(e_reg) + " pJ/bit" + at_node());
    action(kActionLookup, "table read", a * (e_reg + a * e_bit), "digital",
           "read of a " + num(entries) + "-entry x " + num(a) + "-bit table held in registers: " + num(a) +
               " output bits x (register read " + num(e_reg) + " + " + num(a) + " 2:1 mux levels x gate " + num(e_bit) +
               ") pJ" + at_node());
    action(kActionMultiply, "element", a * a * e_mul, "digital", mul + at_node());
    action(kActionAdd, "element", a * e_add, "digital", num(a) + "-bit add x " + num(e_add) + " pJ/bit" + at_node());
    action(
        kActionQuantise, "element quantised", a * a * e_mul + a * e_add + 2 * a * e_cmp, "digital",
        "scale multiply " + mul + " + " + num(a) + "-bit rounding add + two " + num(a) + cmp + " (clamp)" + at_node());
    const double lanes = in.digital_lanes_per_node;
    const double lut_um2 = entries * a * a_reg + (entries - 1) * a * a_bit;
    const double lane_um2 = a * a * a_mul + 2 * a * a_add + a * a_cmp + 2 * a * a_reg + lut_um2;
    node_parts.area("digital_unit", "digital", lanes * lane_um2,
                    num(lanes) + " lanes x (" + num(a) + "x" + num(a) + " multiplier + " + num(2 * a) +
                        "-bit adder + " + num(a) + "-bit comparator + " + num(2 * a) + "-bit register + " +
                        num(entries) + "x" + num(a) + " register LUT with mux tree)");
    const double lut_uw = entries * a * l_reg + (entries - 1) * a * l_bit;
    const double lane_uw = (a * a * a_mul + 2 * a * a_add) * logic_density + a * l_cmp + 2 * a * l_reg + lut_uw;
    node_parts.leak("digital_unit", "digital", lanes * lane_uw,
                    "comparator, register and LUT leakage per bit; multiplier and adder area x logic leakage density");
    model.digital_op_ns = sc.delay(p.digital_op_ns);
    model.digital_op_cycles = cycles_for(model.digital_op_ns, in.clock_mhz, "digital op latency");
  }

  void buffer() {
    const double read = sc.energy(sram.read_energy_pj_per_bit);
    const double write = sc.energy(sram.write_energy_pj_per_bit);
    const std::string scaled = " x E(" + num(sc.node()) + ")/E(" + num(sram.reference_node_nm) + ")";
    action(kActionBufferReadBit, "bit read", read, "buffer",
           "SRAM cell '" + sram.name + "' read energy per bit (cell + bitline)" + scaled);
    action(kActionBufferWriteBit, "bit written", write, "buffer",
           "SRAM cell '" + sram.name + "' write energy per bit (cell + bitline)" + scaled);
    const double bits = static_cast<double>(in.buffer_bytes_per_node) * 8.0;
    const double f_um = sc.node() * 1e-3;
    const double f2 = sc.unscaled(sram.cell_area_f2, "F^2 count kept; cell area = F^2 x (node)^2");
    node_parts.area("activation_buffer", "buffer", bits * f2 * f_um * f_um,
                    num(bits) + " bits x " + num(f2) + " F^2 x (" + num(sc.node()) +
                        " nm)^2; decoders and sense amplifiers not modelled");
    node_parts.leak("activation_buffer", "buffer", bits * sc.leakage(sram.leakage_uw_per_bit),
                    num(bits) + " SRAM cells x NVSim cell leakage" + scaled);
    (void)sc.unscaled(sram.read_latency_ns, "not used (one access per digital op is assumed)");
    (void)sc.unscaled(sram.write_latency_ns, "not used (one access per digital op is assumed)");
  }
};

}  // namespace

std::string default_periphery_file() { return io::data_path("models/memristor/tile_periphery.json"); }

TileTechnology build_tile_technology(const TileTechnologyInputs& inputs) {
  validate_inputs(inputs);
  validate(inputs.device);
  const std::string periphery_file = inputs.periphery_file.empty() ? default_periphery_file() : inputs.periphery_file;
  const std::string data_dir = inputs.tech_data_dir.empty() ? tech::default_data_dir() : inputs.tech_data_dir;

  tech::ParamLog log;
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(data_dir, "node_scaling.json"));
  (void)scaling.at(inputs.node_nm);  // ConfigError listing the nodes allowed
  const PeripheryFile periphery = load_periphery_file(periphery_file, data_dir, log);
  const tech::DigitalData digital = tech::load_digital(data_dir, log);
  const tech::SramCellData sram = tech::load_sram_cell(data_dir, periphery.sram_cell, log);

  TileTechnology model;
  tech::Scaler scaler(scaling, inputs.node_nm, log);
  Builder builder{inputs, periphery, digital, sram, scaler, log, model};
  builder.digital_primitives();
  builder.array();
  builder.dac();
  builder.sample_hold();
  builder.adc();
  builder.tile_digital();
  builder.node_digital();
  builder.buffer();
  model.tile_components = builder.tile_parts.table();
  model.node_components = builder.node_parts.table();

  for (const double node : {inputs.node_nm, 45.0, 40.0, 32.0}) {
    if (scaling.has(node)) {
      log.note("node_scaling:" + num(node) + "nm",
               {{"file", io::relative_to_data_root(scaling.file())}, {"derivation", scaling.at(node).derivation}});
    }
  }
  model.parameters_used = log.json();
  // unit_of_key has no decibel token; say it here rather than "1".
  if (model.parameters_used.contains(periphery.adc_sndr_db.id)) {
    model.parameters_used[periphery.adc_sndr_db.id]["unit"] = "dB";
  }
  model.actions.require(tile_action_names(), "tile technology");  // a missing price is a bug, not bad input
  return model;
}

}  // namespace spinaps::memristor
