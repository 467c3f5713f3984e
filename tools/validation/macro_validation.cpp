#include "tools/validation/macro_validation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "hw/memristor/analog_tile.h"
#include "hw/memristor/tile_actions.h"
#include "models/config/config_reader.h"
#include "models/io/data_paths.h"
#include "models/memristor/device_model.h"
#include "models/tech/technology.h"
#include "tools/validation/validation_markdown.h"

namespace spinaps::validation {
namespace {

using config::ConfigNode;
using config::Json;

// Seeds of the random weights and input vector, and of the devices' programming spread: fixed, so
// the section is the same on every run.
constexpr std::uint64_t kWeightAndInputSeed = 1;
constexpr std::uint64_t kProgrammingSeed = 2;
constexpr std::uint64_t kReadNoiseSeed = 3;
/// Weights are drawn over the whole range [-kWeightMax, kWeightMax].
constexpr double kWeightMax = 1.0;
/// The most word lines or bit lines memristor::CrossbarMatrix accepts.
constexpr std::uint32_t kMaxTileLines = 4096;
/// One multiply-accumulate counts as two operations (NeuRRAM's stated definition, and the usual one).
constexpr std::uint64_t kOpsPerMac = 2;

const char* const kLayoutColumns = "pairs_on_adjacent_columns";
const char* const kLayoutRows = "pairs_on_adjacent_rows";
const char* const kLayoutWeights = "weights";

// ---------------------------------------------------------------------------------------------
// Loading

/// An unknown key is reported before a missing one, so a misspelt key is named as it is spelt.
void require_known_keys(const Json& json, const std::string& file, const std::string& path,
                        const std::vector<std::string>& keys) {
  ConfigNode check(json, file, path);
  for (const std::string& key : keys) check.skip(key);
  check.finish();
}

enum class ItemKind { kNumber, kInteger, kBoolean, kText, kChoice };

struct ItemRule {
  ItemKind kind = ItemKind::kText;
  double low = 0.0;
  double high = 0.0;
  std::vector<std::string> choices;
};

ItemRule number_rule(double low, double high) { return {ItemKind::kNumber, low, high, {}}; }
ItemRule integer_rule(double low, double high) { return {ItemKind::kInteger, low, high, {}}; }
ItemRule boolean_rule() { return {ItemKind::kBoolean, 0, 0, {}}; }
ItemRule text_rule() { return {ItemKind::kText, 0, 0, {}}; }
ItemRule choice_rule(std::vector<std::string> choices) { return {ItemKind::kChoice, 0, 0, std::move(choices)}; }

/// {value, confidence, source, note}. A compared figure may only be P (or NC with a null value).
StatedItem read_item(ConfigNode& parent, const Json& parent_json, const std::string& key, const ItemRule& rule,
                     bool compared_figure = false) {
  ConfigNode node = parent.child(key);
  const Json& json = parent_json.at(key);
  require_known_keys(json, parent.file(), parent.path_of(key), {"value", "confidence", "source", "note"});
  StatedItem item;
  item.confidence = node.choice("confidence", {"P", "S", "NC"});
  if (compared_figure && item.confidence == "S") {
    throw node.error("confidence",
                     "only figures confirmed in the primary source (P) are compared; list an S figure under "
                     "published.context");
  }
  if (!node.has("value")) throw node.error("value", "is required but missing (null when not confirmed)");
  const Json& value = json.at("value");
  if (value.is_null()) {
    node.skip("value");
    if (item.confidence != "NC") {
      throw node.error("value", "is null (not confirmed), so the confidence must be NC, got " + item.confidence);
    }
  } else {
    if (item.confidence == "NC") {
      throw node.error("value",
                       "a value marked NC (not confirmed) is not used; set it to null and keep it in the note");
    }
    item.known = true;
    switch (rule.kind) {
      case ItemKind::kNumber:
        item.number = node.real("value", rule.low, rule.high);
        break;
      case ItemKind::kInteger:
        item.number = static_cast<double>(
            node.integer("value", static_cast<std::uint64_t>(rule.low), static_cast<std::uint64_t>(rule.high)));
        break;
      case ItemKind::kBoolean:
        item.flag = node.boolean("value");
        break;
      case ItemKind::kText:
        item.text = node.text("value");
        break;
      case ItemKind::kChoice:
        item.text = node.choice("value", rule.choices);
        break;
    }
  }
  item.source = item.known ? node.text("source") : node.text_or("source", "");
  item.note = node.text_or("note", "");
  node.finish();
  return item;
}

StatedConfiguration read_stated(ConfigNode& macro, const Json& macro_json) {
  static const std::vector<std::string> kKeys = {"node_nm",
                                                 "device",
                                                 "device_levels",
                                                 "array_rows",
                                                 "array_cols",
                                                 "array_layout",
                                                 "devices_per_weight",
                                                 "input_bits",
                                                 "input_signed",
                                                 "input_bits_per_phase",
                                                 "input_application",
                                                 "weight_bits",
                                                 "adc_bits",
                                                 "adcs",
                                                 "adc_type",
                                                 "clock_mhz"};
  ConfigNode node = macro.child("stated");
  const Json& json = macro_json.at("stated");
  require_known_keys(json, macro.file(), macro.path_of("stated"), kKeys);
  StatedConfiguration s;
  s.node_nm = read_item(node, json, "node_nm", number_rule(1, 1000));
  s.device = read_item(node, json, "device", text_rule());
  s.device_levels = read_item(node, json, "device_levels", integer_rule(0, 1024));
  s.array_rows = read_item(node, json, "array_rows", integer_rule(1, 4096));
  s.array_cols = read_item(node, json, "array_cols", integer_rule(1, 4096));
  s.array_layout = read_item(node, json, "array_layout", choice_rule({kLayoutColumns, kLayoutRows, kLayoutWeights}));
  s.devices_per_weight = read_item(node, json, "devices_per_weight", integer_rule(1, 64));
  s.input_bits = read_item(node, json, "input_bits", integer_rule(1, 16));
  s.input_signed = read_item(node, json, "input_signed", boolean_rule());
  s.input_bits_per_phase = read_item(node, json, "input_bits_per_phase", integer_rule(1, 16));
  s.input_application = read_item(node, json, "input_application", text_rule());
  s.weight_bits = read_item(node, json, "weight_bits", integer_rule(2, 16));
  s.adc_bits = read_item(node, json, "adc_bits", integer_rule(1, 16));
  s.adcs = read_item(node, json, "adcs", integer_rule(1, 4096));
  s.adc_type = read_item(node, json, "adc_type", text_rule());
  s.clock_mhz = read_item(node, json, "clock_mhz", number_rule(1e-3, 1e5));
  node.finish();
  if (!s.node_nm.known) {
    throw node.error("node_nm", "the model needs the node; only macros with a stated node fit here");
  }
  return s;
}

PublishedFigures read_published(ConfigNode& macro, const Json& macro_json) {
  ConfigNode node = macro.child("published");
  const Json& json = macro_json.at("published");
  const std::string path = macro.path_of("published");
  require_known_keys(json, macro.file(), path,
                     {"tops_per_w", "tops_per_mm2", "precision", "operation", "scope", "context"});
  PublishedFigures p;
  p.tops_per_w = read_item(node, json, "tops_per_w", number_rule(1e-6, 1e6), true);
  p.tops_per_mm2 = read_item(node, json, "tops_per_mm2", number_rule(1e-6, 1e6), true);
  p.precision = read_item(node, json, "precision", text_rule());
  p.operation = read_item(node, json, "operation", text_rule());
  p.scope = read_item(node, json, "scope", text_rule());
  node.skip("context");
  if (json.contains("context")) {
    const Json& list = json.at("context");
    if (!list.is_array()) throw node.error("context", "expected an array of figures");
    for (std::size_t n = 0; n < list.size(); ++n) {
      const std::string at = path + ".context[" + std::to_string(n) + "]";
      require_known_keys(list[n], macro.file(), at, {"figure", "value", "confidence", "source", "why_not_compared"});
      ConfigNode entry(list[n], macro.file(), at);
      ContextFigure figure;
      figure.figure = entry.text("figure");
      figure.value = entry.text("value");
      figure.confidence = entry.choice("confidence", {"P", "S", "NC"});
      figure.source = entry.text("source");
      figure.why_not_compared = entry.text("why_not_compared");
      entry.finish();
      p.context.push_back(figure);
    }
  }
  node.finish();
  return p;
}

// ---------------------------------------------------------------------------------------------
// Configuring the model

/// The node of node_scaling.json nearest to `node_nm` in log distance (the file interpolates
/// log-log between nodes, so that is its own measure of nearness).
double nearest_node(const tech::NodeScaling& scaling, double node_nm) {
  double best = 0.0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (const std::string& name : scaling.node_names()) {
    const double node = std::stod(name);
    const double distance = std::abs(std::log(node / node_nm));
    if (distance < best_distance) {
      best = node;
      best_distance = distance;
    }
  }
  return best;
}

std::string stated_text(const StatedItem& item, const std::string& unit = "") {
  if (!item.known) return "not confirmed";
  if (!item.text.empty()) return item.text;
  return format("%g", item.number) + unit;
}

std::string bool_text(bool flag) { return flag ? "signed" : "unsigned"; }

/// "a 4-bit", "an 8-bit" (the numbers said with a vowel first: 8, 11, 18, 80-89).
std::string a_bits(std::uint32_t bits) {
  const std::string digits = std::to_string(bits);
  const bool vowel = digits[0] == '8' || bits == 11 || bits == 18;
  return (vowel ? "an " : "a ") + digits + "-bit";
}

std::string layout_text(const std::string& layout) {
  if (layout == kLayoutRows) return "rows x cols devices, a weight's pair on adjacent word lines";
  if (layout == kLayoutWeights) return "rows x cols weights (unit cells)";
  return "rows x cols devices, a weight's pair on adjacent bit lines";
}

struct Configured {
  memristor::TileTechnologyInputs inputs;
  std::vector<ModelSetting> settings;
  bool node_substituted = false;
  bool signed_inputs = false;
};

Configured configure(const PublishedMacro& macro, std::size_t index, const std::string& file,
                     const tech::NodeScaling& scaling, const std::string& tech_data_dir) {
  const StatedConfiguration& s = macro.stated;
  const memristor::TileGeometry defaults;
  const memristor::TileTechnologyInputs input_defaults;
  const std::string at = "macros[" + std::to_string(index) + "].stated.";
  Configured c;
  memristor::TileTechnologyInputs& in = c.inputs;
  in.tech_data_dir = tech_data_dir;
  auto add = [&c](const std::string& parameter, const StatedItem& item, const std::string& stated,
                  const std::string& model, const std::string& basis) {
    c.settings.push_back({parameter, stated, item.confidence, model, basis});
  };
  auto basis_of = [](const StatedItem& item) {
    return item.known ? std::string("stated") : std::string("model default");
  };

  // Node: the stated one when node_scaling.json has it, else the nearest it has.
  c.node_substituted = !scaling.has(s.node_nm.number);
  in.node_nm = c.node_substituted ? nearest_node(scaling, s.node_nm.number) : s.node_nm.number;
  add("CMOS node", s.node_nm, stated_text(s.node_nm, " nm"), format("%g", in.node_nm) + " nm",
      c.node_substituted ? "nearest node of node_scaling.json (log distance): " + format("%g", s.node_nm.number) +
                               " nm has no scaling data"
                         : "stated");

  // Device: the named devices.json entry, with the stated levels when given.
  in.device = memristor::load_device(memristor::default_devices_file(), macro.model_device);
  if (s.device_levels.known) in.device.levels = static_cast<std::uint32_t>(s.device_levels.number);
  add("device", s.device, stated_text(s.device), code(macro.model_device) + " (devices.json)", macro.model_device_why);
  const std::string levels_model = in.device.levels == 0 ? "analog" : std::to_string(in.device.levels) + " levels";
  add("device levels", s.device_levels,
      s.device_levels.known && s.device_levels.number == 0 ? "analog" : stated_text(s.device_levels), levels_model,
      s.device_levels.known ? "stated" : "the devices.json entry's (analog)");

  // Precisions first: the slices per weight follow from the weight bits and the levels.
  in.geometry.input_bits = s.input_bits.known ? static_cast<std::uint32_t>(s.input_bits.number) : defaults.input_bits;
  in.geometry.dac_bits =
      s.input_bits_per_phase.known ? static_cast<std::uint32_t>(s.input_bits_per_phase.number) : defaults.dac_bits;
  if (in.geometry.dac_bits > in.geometry.input_bits) {
    throw config::ConfigError(file, at + "input_bits_per_phase",
                              "is more than input_bits (" + std::to_string(in.geometry.input_bits) + ")");
  }
  in.geometry.weight_bits =
      s.weight_bits.known ? static_cast<std::uint32_t>(s.weight_bits.number) : defaults.weight_bits;
  in.geometry.adc_bits = s.adc_bits.known ? static_cast<std::uint32_t>(s.adc_bits.number) : defaults.adc_bits;
  in.slices = in.device.levels >= 2 ? memristor::DeviceModel(in.device).slice_count(in.geometry.weight_bits) : 1;
  c.signed_inputs = s.input_signed.known && s.input_signed.flag;
  // The output rescale multiplies by a constant of the activation width: the macro's input width.
  in.activation_bits = in.geometry.input_bits;

  // Array: the model keeps a weight's pair on adjacent bit lines; other layouts are turned into it
  // with the same devices (pairs on rows) or the same weights (unit cells).
  const std::uint32_t stated_rows =
      s.array_rows.known ? static_cast<std::uint32_t>(s.array_rows.number) : defaults.rows;
  const std::uint32_t stated_cols =
      s.array_cols.known ? static_cast<std::uint32_t>(s.array_cols.number) : defaults.cols;
  const std::string layout = s.array_layout.known ? s.array_layout.text : kLayoutColumns;
  std::string array_basis;
  if (layout == kLayoutRows) {
    if (stated_rows % 2 != 0) {
      throw config::ConfigError(file, at + "array_rows", "pairs on adjacent rows need an even number of rows");
    }
    in.geometry.rows = stated_rows / 2;
    in.geometry.cols = stated_cols * 2;
    array_basis = "the pairs turned from adjacent word lines to adjacent bit lines: the same " +
                  with_commas(std::uint64_t{stated_rows} * stated_cols) + " devices and " +
                  std::to_string(stated_cols) + " outputs, " + std::to_string(stated_rows / 2) + " inputs";
  } else if (layout == kLayoutWeights) {
    in.geometry.rows = stated_rows;
    in.geometry.cols = stated_cols * 2 * in.slices;
    array_basis = "the same " + std::to_string(stated_rows) + " x " + std::to_string(stated_cols) +
                  " weights, each on the model's " + std::to_string(2 * in.slices) + " devices";
  } else {
    in.geometry.rows = stated_rows;
    in.geometry.cols = stated_cols;
    array_basis = s.array_rows.known && s.array_cols.known ? "stated" : "model default";
  }
  // The crossbar numerics hold at most 4096 lines a side; a weight needs 2 x slices bit lines.
  if (in.geometry.rows > kMaxTileLines) {
    throw config::ConfigError(file, at + "array_rows",
                              "gives " + std::to_string(in.geometry.rows) + " word lines; the model holds at most " +
                                  std::to_string(kMaxTileLines));
  }
  if (in.geometry.cols > kMaxTileLines || in.geometry.cols < 2 * in.slices) {
    throw config::ConfigError(file, at + "array_cols",
                              "gives " + std::to_string(in.geometry.cols) + " bit lines; the model needs 2 x " +
                                  std::to_string(in.slices) + " slices per weight and holds at most " +
                                  std::to_string(kMaxTileLines));
  }
  add("array rows", s.array_rows, stated_text(s.array_rows), std::to_string(in.geometry.rows) + " word lines",
      s.array_rows.known ? array_basis : "model default");
  add("array columns", s.array_cols, stated_text(s.array_cols), std::to_string(in.geometry.cols) + " bit lines",
      s.array_cols.known ? array_basis : "model default");
  add("array layout", s.array_layout, s.array_layout.known ? layout_text(layout) : "not confirmed",
      "a weight's pair on adjacent bit lines", s.array_layout.known ? array_basis : "the model's layout");
  add("devices per weight", s.devices_per_weight, stated_text(s.devices_per_weight), std::to_string(2 * in.slices),
      in.slices == 1 ? "the model's differential pair"
                     : "the model's differential pair x " + std::to_string(in.slices) + " slices (levels^s each)");

  add("input bits", s.input_bits, stated_text(s.input_bits), std::to_string(in.geometry.input_bits),
      basis_of(s.input_bits));
  add("input sign", s.input_signed, s.input_signed.known ? bool_text(s.input_signed.flag) : "not confirmed",
      bool_text(c.signed_inputs), s.input_signed.known ? "stated" : "model default (unsigned, as after a ReLU)");
  add("input bits per phase", s.input_bits_per_phase, stated_text(s.input_bits_per_phase),
      std::to_string(in.geometry.dac_bits) + " (" + count_of(memristor::dac_phases(in.geometry), "phase") + ")",
      basis_of(s.input_bits_per_phase));
  add("how inputs are applied", s.input_application, stated_text(s.input_application),
      a_bits(in.geometry.dac_bits) + " word-line DAC per phase, one conversion per phase", "the model's input path");
  add("weight bits", s.weight_bits, stated_text(s.weight_bits), std::to_string(in.geometry.weight_bits),
      basis_of(s.weight_bits));
  add("ADC bits", s.adc_bits, stated_text(s.adc_bits), std::to_string(in.geometry.adc_bits), basis_of(s.adc_bits));

  in.geometry.adcs_per_tile = s.adcs.known ? static_cast<std::uint32_t>(s.adcs.number) : defaults.adcs_per_tile;
  add("ADCs", s.adcs, stated_text(s.adcs), std::to_string(in.geometry.adcs_per_tile), basis_of(s.adcs));
  add("converter", s.adc_type, stated_text(s.adc_type), "SAR (Kull et al. via the Murmann survey; Walden rule)",
      "the model's only converter");

  in.clock_mhz = s.clock_mhz.known ? s.clock_mhz.number : input_defaults.clock_mhz;
  add("clock", s.clock_mhz, stated_text(s.clock_mhz, " MHz"), format("%g", in.clock_mhz) + " MHz",
      basis_of(s.clock_mhz));
  return c;
}

// ---------------------------------------------------------------------------------------------
// One MVM through the model

/// Weights uniform over [-kWeightMax, kWeightMax], from raw draws (the std distributions are
/// implementation-defined).
std::vector<float> random_weights(std::int64_t count, std::mt19937_64& rng) {
  std::vector<float> weights(static_cast<std::size_t>(count));
  for (float& w : weights) w = static_cast<float>(kWeightMax * (2.0 * memristor::uniform_open_closed(rng) - 1.0));
  return weights;
}

/// Input codes uniform over every code of `bits` bits: the top bits of one raw draw each.
std::vector<std::int32_t> random_inputs(std::int64_t count, std::uint32_t bits, bool signed_inputs,
                                        std::mt19937_64& rng) {
  std::vector<std::int32_t> inputs(static_cast<std::size_t>(count));
  const std::int64_t offset = signed_inputs ? (std::int64_t{1} << (bits - 1)) : 0;
  for (std::int32_t& x : inputs) {
    x = static_cast<std::int32_t>(static_cast<std::int64_t>(rng() >> (64 - bits)) - offset);
  }
  return inputs;
}

/// The one place the crossbar is built, so a change to its constructor (per-channel weight scales,
/// calibrated ADC ranges) is made here only.
memristor::CrossbarMatrix program_crossbar(const memristor::DeviceModel& device,
                                           const memristor::TileGeometry& geometry, const std::vector<float>& weights,
                                           std::int64_t rows, std::int64_t columns, std::mt19937_64& program_rng) {
  return memristor::CrossbarMatrix(device, geometry, weights.data(), rows, columns, kWeightMax, program_rng);
}

MacroModelFigures evaluate(const Configured& configured) {
  MacroModelFigures f;
  f.inputs = configured.inputs;
  f.node_substituted = configured.node_substituted;
  f.signed_inputs = configured.signed_inputs;
  const memristor::TileGeometry& g = f.inputs.geometry;
  const memristor::TileTechnology technology = memristor::build_tile_technology(f.inputs);

  // The whole array: every word line an input, every logical column an output.
  const memristor::DeviceModel device(f.inputs.device);
  f.logical_rows = g.rows;
  f.logical_columns = g.cols / (2 * static_cast<std::int64_t>(f.inputs.slices));
  std::mt19937_64 data_rng(kWeightAndInputSeed);
  const std::vector<float> weights = random_weights(f.logical_rows * f.logical_columns, data_rng);
  const std::vector<std::int32_t> inputs = random_inputs(f.logical_rows, g.input_bits, f.signed_inputs, data_rng);
  std::mt19937_64 program_rng(kProgrammingSeed);
  const memristor::CrossbarMatrix crossbar =
      program_crossbar(device, g, weights, f.logical_rows, f.logical_columns, program_rng);
  if (crossbar.tiles() != 1 || crossbar.slices() != f.inputs.slices) {
    throw std::logic_error("macro validation: the matrix must fill exactly one tile with the technology's slices");
  }
  memristor::TileTally tally;
  std::vector<float> outputs(static_cast<std::size_t>(f.logical_columns));
  std::mt19937_64 read_rng(kReadNoiseSeed);
  crossbar.multiply(inputs.data(), 1, f.signed_inputs, 1.0, outputs.data(), tally, read_rng);
  f.phases = crossbar.phases();
  f.ops_per_mvm =
      kOpsPerMac * static_cast<std::uint64_t>(f.logical_rows) * static_cast<std::uint64_t>(f.logical_columns);
  f.adc_clipped = tally.adc_clipped;

  // Time as the accelerator times a row (hw/cnn_accel/layer_plan.cpp, UnitPlan::row_cycles): the
  // next phase's read overlaps this phase's conversions.
  f.array_read_cycles = technology.array_read_cycles;
  const auto conversions = static_cast<std::uint64_t>(crossbar.conversions_per_phase(0));
  f.conversion_cycles = (conversions + g.adcs_per_tile - 1) / g.adcs_per_tile * technology.adc_conversion_cycles;
  const std::uint64_t step = std::max<std::uint64_t>(f.array_read_cycles, f.conversion_cycles);
  f.latency_cycles = f.array_read_cycles + (f.phases - 1) * step + f.conversion_cycles;
  f.interval_cycles = f.phases * step;
  f.adc_conversion_cycles = technology.adc_conversion_cycles;
  f.adc_conversion_ns = technology.adc_conversion_ns;
  f.read_pulse_ns = technology.array_read_pulse_ns;
  f.read_pulse_basis = f.inputs.device.read_pulse_ns > 0.0
                           ? "device " + code(f.inputs.device.name)
                           : "the NeuroSim default of tile_periphery.json (the device gives none)";

  // Energy: the tile's actions only; a macro has no digital unit or activation buffer.
  const std::vector<std::pair<const char*, std::uint64_t>> counts = {
      {memristor::kActionDacDrive, tally.dac_drives},
      {memristor::kActionArrayReadNanosiemens, tally.array_read_ns},
      {memristor::kActionSampleHold, tally.sample_holds},
      {memristor::kActionAdcConversion, tally.adc_conversions},
      {memristor::kActionShiftAdd, tally.shift_adds},
      {memristor::kActionPartialSumAdd, tally.partial_sum_adds},
      {memristor::kActionOutputScale, tally.output_scales}};
  for (const auto& [action, count] : counts) {
    const energy::ActionCost& cost = technology.actions.at(action);
    f.energy.push_back({cost.category, action, count, cost.energy_pj, static_cast<double>(count) * cost.energy_pj});
  }
  // mW x ns = pJ.
  f.energy.push_back(
      {"leakage", "tile leakage", 0, technology.tile_leakage_mw(), technology.tile_leakage_mw() * f.interval_ns()});
  for (const EnergyTerm& term : f.energy) f.energy_pj += term.energy_pj;

  for (const energy::ComponentCost& part : technology.tile_components.all()) {
    f.area.push_back({part.component, part.area_mm2});
  }
  f.area_mm2 = technology.tile_area_mm2();
  const auto ops = static_cast<double>(f.ops_per_mvm);
  f.tops_per_w = ops / f.energy_pj;                            // ops per pJ = 1e12 ops per J
  f.tops_per_mm2 = ops / f.interval_ns() * 1e-3 / f.area_mm2;  // ops per ns = 1e9 ops per s
  return f;
}

}  // namespace

double MacroModelFigures::interval_ns() const { return static_cast<double>(interval_cycles) * 1e3 / inputs.clock_mhz; }

double MacroModelFigures::latency_ns() const { return static_cast<double>(latency_cycles) * 1e3 / inputs.clock_mhz; }

std::string default_published_macros_file() { return io::data_path("models/memristor/published_macros.json"); }

std::vector<PublishedMacro> load_published_macros(const std::string& file) {
  const Json document = config::read_json_file(file);
  require_known_keys(document, file, "", {"description", "macros"});
  ConfigNode root(document, file, "");
  (void)root.text_or("description", "");
  root.skip("macros");
  root.finish();
  if (!document.contains("macros") || !document.at("macros").is_array()) {
    throw config::ConfigError(file, "macros", "expected an array of macros");
  }
  const Json& list = document.at("macros");
  if (list.empty() || list.size() > 8) throw config::ConfigError(file, "macros", "expected 1 to 8 macros");
  std::vector<PublishedMacro> macros;
  for (std::size_t n = 0; n < list.size(); ++n) {
    const std::string path = "macros[" + std::to_string(n) + "]";
    const Json& json = list[n];
    require_known_keys(json, file, path, {"id", "name", "citation", "model_device", "stated", "published"});
    ConfigNode node(json, file, path);
    PublishedMacro macro;
    macro.id = node.text("id");
    macro.name = node.text("name");
    macro.citation = node.text("citation");
    {
      ConfigNode device = node.child("model_device");
      require_known_keys(json.at("model_device"), file, path + ".model_device", {"name", "why"});
      macro.model_device = device.text("name");
      macro.model_device_why = device.text("why");
      device.finish();
    }
    macro.stated = read_stated(node, json);
    macro.published = read_published(node, json);
    node.finish();
    for (const PublishedMacro& other : macros) {
      if (other.id == macro.id) throw node.error("id", "'" + macro.id + "' is used twice");
    }
    macros.push_back(std::move(macro));
  }
  return macros;
}

MacroValidation compare_with_published_macros(const std::string& macros_file, const std::string& tech_data_dir) {
  MacroValidation result;
  result.data_file = macros_file;
  result.weight_and_input_seed = kWeightAndInputSeed;
  result.programming_seed = kProgrammingSeed;
  result.ops_per_mac = kOpsPerMac;
  const std::string data_dir = tech_data_dir.empty() ? tech::default_data_dir() : tech_data_dir;
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(data_dir, "node_scaling.json"));
  std::vector<PublishedMacro> macros = load_published_macros(macros_file);
  for (std::size_t index = 0; index < macros.size(); ++index) {
    PublishedMacro& macro = macros[index];
    const Configured configured = configure(macro, index, macros_file, scaling, data_dir);
    MacroComparison comparison;
    comparison.settings = configured.settings;
    comparison.model = evaluate(configured);
    comparison.macro = std::move(macro);
    result.comparisons.push_back(std::move(comparison));
  }
  return result;
}

}  // namespace spinaps::validation
