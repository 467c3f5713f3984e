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
  if (!s.node_nm.known)
    throw node.error("node_nm", "the model needs the node; only macros with a stated node fit here");
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

std::string with_commas(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

std::string integer_text(double value) { return std::to_string(static_cast<std::uint64_t>(value)); }

std::string stated_text(const StatedItem& item, const std::string& unit = "") {
  if (!item.known) return "not confirmed";
  if (!item.text.empty()) return item.text;
  return format("%g", item.number) + unit;
}

std::string bool_text(bool flag) { return flag ? "signed" : "unsigned"; }

/// "1 phase", "8 phases".
std::string count_of(std::uint64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

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

// ---------------------------------------------------------------------------------------------
// Rendering

std::string figure(double value) { return format("%.3g", value); }
/// Energies in pJ: whole picojoules from 1000 up (no exponent), four digits below.
std::string picojoules(double value) { return format(value >= 1000.0 ? "%.0f" : "%.4g", value); }
std::string share(double fraction) { return format("%.1f %%", 100.0 * fraction); }

std::string published_cell(const StatedItem& item) {
  if (item.known) return figure(item.number) + " (P)";
  return "not confirmed";
}

std::string ratio_cell(const StatedItem& published, double model) {
  return published.known ? times(model / published.number) : "-";
}

std::string precision_of(const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  return std::to_string(g.input_bits) + " / " + std::to_string(g.weight_bits) + " / " + std::to_string(g.adc_bits);
}

std::string node_cell(const MacroComparison& c) {
  const std::string stated = format("%g", c.macro.stated.node_nm.number);
  return c.model.node_substituted ? stated + " -> " + format("%g", c.model.inputs.node_nm) : stated;
}

/// What one energy term is, in the model's own numbers.
std::string describe_energy(const EnergyTerm& term, const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  const std::string each = format("%.3g", term.pj_per_count) + " pJ";
  if (term.category == "adc") {
    return with_commas(term.count) + " conversions (" + count_of(f.phases, "phase") + " x " +
           count_of(f.inputs.slices, "slice") + " x " +
           count_of(static_cast<std::uint64_t>(f.logical_columns), "output") + ") of " + std::to_string(g.adc_bits) +
           " bits at " + each + " (Walden rule on the 32-nm SAR reference, scaled to " +
           format("%g", f.inputs.node_nm) + " nm)";
  }
  if (term.category == "array") {
    return "the device read V^2 G t (" + format("%.3g", f.read_pulse_ns) + "-ns pulse from " + f.read_pulse_basis +
           ", " + format("%.4g", static_cast<double>(term.count) * 1e-6) + " mS read at full drive)";
  }
  if (term.category == "dac") {
    return with_commas(term.count) + " word-line drives at " + each + " (ISAAC's 1-bit driver x 2^(" +
           std::to_string(g.dac_bits) + " - 1))";
  }
  if (term.category == "shift_add") {
    return with_commas(term.count) + " shift-and-adds of " + std::to_string(g.accumulator_bits) +
           "-bit accumulators at " + each;
  }
  if (term.category == "output_scale") return with_commas(term.count) + " output rescales at " + each;
  if (term.category == "sample_hold") return with_commas(term.count) + " samples held at " + each;
  if (term.category == "partial_sum") return with_commas(term.count) + " partial-sum additions at " + each;
  return "the tile's leakage, " + format("%.3g", term.pj_per_count) + " mW over the " + format("%g", f.interval_ns()) +
         "-ns MVM interval";
}

std::string describe_area(const AreaTerm& term, const MacroModelFigures& f) {
  const memristor::TileGeometry& g = f.inputs.geometry;
  if (term.component == "adcs") {
    return std::to_string(g.adcs_per_tile) + " ADCs of " + format("%.0f", term.area_mm2 * 1e6 / g.adcs_per_tile) +
           " um2 each (the 32-nm SAR reference, Andrulis et al.'s area rule, scaled to " +
           format("%g", f.inputs.node_nm) + " nm)";
  }
  if (term.component == "array_cells") {
    const double f_um = f.inputs.node_nm * 1e-3;
    const double cell_f2 = term.area_mm2 * 1e6 / (static_cast<double>(g.rows) * g.cols * f_um * f_um);
    return std::to_string(g.rows) + " x " + std::to_string(g.cols) + " cells of " + format("%g", cell_f2) + " F^2";
  }
  if (term.component == "shift_add") {
    return "the " + std::to_string(g.accumulator_bits) + "-bit accumulator of each of the " +
           std::to_string(f.logical_columns) + " outputs and one adder per ADC";
  }
  if (term.component == "dacs") return std::to_string(g.rows) + " word-line DACs";
  return "the " + term.component;
}

/// The terms of `terms` by size, largest first (stable: equal terms keep their order).
template <typename Term>
std::vector<const Term*> largest_first(const std::vector<Term>& terms, double (*size)(const Term&)) {
  std::vector<const Term*> sorted;
  for (const Term& term : terms) sorted.push_back(&term);
  std::stable_sort(sorted.begin(), sorted.end(), [size](const Term* a, const Term* b) { return size(*a) > size(*b); });
  return sorted;
}

double energy_of(const EnergyTerm& term) { return term.energy_pj; }
double area_of(const AreaTerm& term) { return term.area_mm2; }

/// What the paper and the model do not share, from the data: each item is a cause the model's
/// figure cannot reflect.
std::vector<std::string> differences(const MacroComparison& c) {
  const StatedConfiguration& s = c.macro.stated;
  const MacroModelFigures& f = c.model;
  std::vector<std::string> list;
  if (f.node_substituted) {
    list.push_back("the paper's " + format("%g", s.node_nm.number) + " nm has no scaling data, so the model runs at " +
                   format("%g", f.inputs.node_nm) + " nm");
  }
  if (s.adc_type.known) {
    list.push_back("converter: " + s.adc_type.text + " (" + s.adc_type.confidence +
                   ") against the model's SAR ADC priced by the Walden rule");
  }
  if (s.input_application.known) {
    list.push_back("inputs: " + s.input_application.text + " (" + s.input_application.confidence +
                   ") against the model's " + std::to_string(f.inputs.geometry.dac_bits) +
                   "-bit word-line DAC per phase");
  }
  const std::uint32_t model_devices = 2 * f.inputs.slices;
  if (s.devices_per_weight.known && static_cast<std::uint32_t>(s.devices_per_weight.number) != model_devices) {
    list.push_back(integer_text(s.devices_per_weight.number) + " devices per weight (" +
                   s.devices_per_weight.confidence + ") against the model's " + std::to_string(model_devices));
  }
  std::vector<std::string> defaulted;
  for (const ModelSetting& setting : c.settings) {
    if (setting.confidence == "NC") defaulted.push_back(setting.parameter);
  }
  if (!defaulted.empty()) {
    std::string names;
    for (const std::string& name : defaulted) names += (names.empty() ? "" : ", ") + name;
    list.push_back("not confirmed for the paper, so the model's own: " + names);
  }
  const StatedItem& scope = c.macro.published.scope;
  if (scope.known) {
    list.push_back("the published figures cover " + scope.text + " (" + scope.confidence + ")");
  } else if (!scope.note.empty()) {
    list.push_back("what the published figures cover is not confirmed (" + scope.note + ")");
  }
  return list;
}

std::string render_energy_explanation(const MacroComparison& c) {
  const MacroModelFigures& f = c.model;
  const StatedItem& published = c.macro.published.tops_per_w;
  const std::vector<const EnergyTerm*> terms = largest_first<EnergyTerm>(f.energy, energy_of);
  const double model_pj_per_op = f.energy_pj / static_cast<double>(f.ops_per_mvm);
  std::ostringstream out;
  out << "- *TOPS/W*: ";
  if (published.known) {
    out << "model / published = " << times(f.tops_per_w / published.number) << " (the model "
        << (f.tops_per_w >= published.number ? "more" : "less") << " efficient): it needs "
        << format("%.3g", model_pj_per_op) << " pJ per operation against the published "
        << format("%.3g", 1.0 / published.number) << " pJ";
  } else {
    out << "published value not confirmed; the model needs " << format("%.3g", model_pj_per_op) << " pJ per operation";
  }
  out << ", " << share(terms[0]->energy_pj / f.energy_pj) << " of it " << describe_energy(*terms[0], f) << " and "
      << share(terms[1]->energy_pj / f.energy_pj) << " " << describe_energy(*terms[1], f) << ".";
  if (published.known) {
    const double top_pj_per_op = terms[0]->energy_pj / static_cast<double>(f.ops_per_mvm);
    out << " That term alone is " << times(top_pj_per_op * published.number) << " the published energy per operation.";
  }
  out << "\n";
  return out.str();
}

std::string render_area_explanation(const MacroComparison& c) {
  const MacroModelFigures& f = c.model;
  const StatedItem& published = c.macro.published.tops_per_mm2;
  const std::vector<const AreaTerm*> parts = largest_first<AreaTerm>(f.area, area_of);
  const bool read_bound = f.array_read_cycles >= f.conversion_cycles;
  std::ostringstream out;
  out << "- *TOPS/mm2*: ";
  if (published.known) {
    out << "model / published = " << times(f.tops_per_mm2 / published.number) << ": ";
  } else {
    out << "published value not confirmed; ";
  }
  out << "the model completes one MVM every " << format("%g", f.interval_ns()) << " ns (" << count_of(f.phases, "phase")
      << " x max(read " << f.array_read_cycles << ", conversions " << f.conversion_cycles << ") cycles at "
      << format("%g", f.inputs.clock_mhz) << " MHz, paced by the "
      << (read_bound ? format("%g", f.read_pulse_ns) + "-ns read pulse from " + f.read_pulse_basis
                     : "conversions: " + std::to_string(f.conversion_cycles / f.adc_conversion_cycles) +
                           " turns of the ADCs, each a " + format("%.3g", f.adc_conversion_ns) + "-ns conversion")
      << ") on " << format("%.4g", f.area_mm2) << " mm2, " << share(parts[0]->area_mm2 / f.area_mm2) << " of it "
      << describe_area(*parts[0], f) << ".\n";
  return out.str();
}

std::string render_macro(const MacroComparison& c) {
  const PublishedMacro& m = c.macro;
  const MacroModelFigures& f = c.model;
  std::ostringstream out;
  out << "### " << m.name << "\n\n" << m.citation << ".\n\n";
  MarkdownTable settings({"parameter", "the paper states", "confidence", "the model uses", "basis"}, 5);
  for (const ModelSetting& s : c.settings) settings.add_row({s.parameter, s.stated, s.confidence, s.model, s.basis});
  out << settings.render() << "\n";
  out << "Sources of the stated values: ";
  std::string sources;
  const StatedConfiguration& s = m.stated;
  const std::vector<std::pair<std::string, const StatedItem*>> items = {{"node", &s.node_nm},
                                                                        {"device", &s.device},
                                                                        {"levels", &s.device_levels},
                                                                        {"rows", &s.array_rows},
                                                                        {"columns", &s.array_cols},
                                                                        {"layout", &s.array_layout},
                                                                        {"devices per weight", &s.devices_per_weight},
                                                                        {"input bits", &s.input_bits},
                                                                        {"input sign", &s.input_signed},
                                                                        {"bits per phase", &s.input_bits_per_phase},
                                                                        {"input path", &s.input_application},
                                                                        {"weight bits", &s.weight_bits},
                                                                        {"ADC bits", &s.adc_bits},
                                                                        {"ADCs", &s.adcs},
                                                                        {"converter", &s.adc_type},
                                                                        {"clock", &s.clock_mhz}};
  for (const auto& [name, item] : items) {
    if (!item->known && item->note.empty()) continue;
    std::string entry = name + ": " + (item->known ? item->source : "not confirmed");
    if (!item->note.empty()) entry += " (" + item->note + ")";
    sources += (sources.empty() ? "" : "; ") + entry;
  }
  out << sources << ".\n\n";

  const PublishedFigures& p = m.published;
  auto published_text = [](const StatedItem& item) {
    return item.known ? figure(item.number) + " (P, " + item.source + ")"
                      : "published value not confirmed (" + item.note + ")";
  };
  out << "Published TOPS/W: " << published_text(p.tops_per_w)
      << ". Published TOPS/mm2: " << published_text(p.tops_per_mm2) << ". Measured at: "
      << (p.precision.known ? p.precision.text + " (" + p.precision.confidence + ")"
                            : "not confirmed (" + p.precision.note + ")")
      << ". One operation: "
      << (p.operation.known ? p.operation.text + " (" + p.operation.confidence + ", " + p.operation.source + ")"
                            : "not confirmed (" + p.operation.note + ")")
      << ".\n\n";
  if (!p.context.empty()) {
    out << "Listed, not compared:\n\n";
    for (const ContextFigure& x : p.context) {
      out << "- " << x.figure << ": " << x.value << " (" << x.confidence << ", " << x.source << "); "
          << x.why_not_compared << ".\n";
    }
    out << "\n";
  }

  out << "The model, one MVM of " << f.logical_rows << " inputs x " << f.logical_columns << " outputs ("
      << with_commas(f.ops_per_mvm) << " operations, " << count_of(f.phases, "input phase") << ", " << f.adc_clipped
      << " clipped conversions): " << picojoules(f.energy_pj) << " pJ, one MVM alone " << format("%g", f.latency_ns())
      << " ns, one more in a stream every " << format("%g", f.interval_ns()) << " ns, tile "
      << format("%.4g", f.area_mm2) << " mm2.\n\n";
  MarkdownTable energy({"term", "count", "pJ each", "pJ per MVM", "share"});
  for (const EnergyTerm& term : f.energy) {
    const bool leakage = term.category == "leakage";
    energy.add_row({leakage ? "tile leakage (mW x interval)" : code(term.action),
                    leakage ? "-" : with_commas(term.count),
                    leakage ? format("%.3g", term.pj_per_count) + " mW" : format("%.3g", term.pj_per_count),
                    picojoules(term.energy_pj), share(term.energy_pj / f.energy_pj)});
  }
  out << energy.render() << "\n";
  out << "Tile area: ";
  std::string area;
  for (const AreaTerm* part : largest_first<AreaTerm>(f.area, area_of)) {
    area += (area.empty() ? "" : ", ") + part->component + " " + format("%.3g", part->area_mm2) + " mm2 (" +
            share(part->area_mm2 / f.area_mm2) + ")";
  }
  out << area << ".\n\n";

  out << "**What explains the difference** (computed from the breakdown above):\n\n"
      << render_energy_explanation(c) << render_area_explanation(c) << "- *Not shared by the paper and the model*: ";
  std::string list;
  for (const std::string& item : differences(c)) list += (list.empty() ? "" : "; ") + item;
  out << list << ".\n\n";
  return out.str();
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

std::string render_macro_comparison(const MacroValidation& validation) {
  const memristor::TileGeometry defaults;
  const memristor::TileTechnologyInputs input_defaults;
  std::ostringstream out;
  out << "Inputs: " << code(validation.data_file)
      << ": published RRAM and PCM compute-in-memory macros, each item of their configuration and figures with its "
      << "confidence (P: confirmed in the primary source, S: only in the secondary source named, NC: not confirmed) "
      << "and source, from the research note on CIM macros. Only figures marked P are compared; S and NC figures "
      << "are listed, never compared. The tile model (" << code("hw/memristor") << ", "
      << code("docs/tile_technology.md")
      << ") takes every stated value (P or S) as it is and its own default for every one not confirmed ("
      << defaults.rows << " x " << defaults.cols << " devices, " << defaults.input_bits << "-bit unsigned inputs, "
      << defaults.dac_bits << " input bit per phase, " << defaults.weight_bits << "-bit weights, " << defaults.adc_bits
      << "-bit ADCs, " << defaults.adcs_per_tile << " ADCs per tile, " << format("%g", input_defaults.clock_mhz)
      << " MHz: the reference configuration of docs/tile_technology.md); a node without scaling data becomes the "
      << "nearest node of " << code("node_scaling.json") << ". Nothing is adjusted to a published figure.\n\n"
      << "Per macro the model computes one matrix-vector multiply (MVM) of the whole array, one tile: weights "
      << "uniform over the whole range and one input vector uniform over the stated input codes, drawn from "
      << code("std::mt19937_64") << " seeded " << kWeightAndInputSeed << " (the devices' programming spread seeded "
      << kProgrammingSeed << "); the action counts are those of " << code("CrossbarMatrix::multiply")
      << ", priced with the tile technology's action table, plus the tile's leakage over the MVM interval. The "
      << "digital units and activation buffers (" << code("digital.*") << ", " << code("buffer.*")
      << ") are left out: a macro has neither. Operations = " << kOpsPerMac
      << " x inputs x outputs (1 MAC = 2 operations; only NeuRRAM states its definition, the others' is not "
      << "confirmed). Time as the accelerator times a row (" << code("UnitPlan::row_cycles")
      << "): one MVM alone takes read + (phases - 1) x max(read, conversions) + conversions cycles, each further "
      << "MVM of a stream phases x max(read, conversions), with conversions = ceil(conversions per phase / ADCs) x "
      << "ADC conversion cycles; TOPS are from the stream interval, as peak throughputs are quoted. Area = one "
      << "tile's components (" << code("tile_components") << "). Ratios are model / published.\n\n";
  MarkdownTable table({"macro", "node (nm)", "bits in / w / ADC", "TOPS/W model", "TOPS/W published", "ratio",
                       "TOPS/mm2 model", "TOPS/mm2 published", "ratio"},
                      3);
  for (const MacroComparison& c : validation.comparisons) {
    const PublishedFigures& p = c.macro.published;
    table.add_row({c.macro.name, node_cell(c), precision_of(c.model), figure(c.model.tops_per_w),
                   published_cell(p.tops_per_w), ratio_cell(p.tops_per_w, c.model.tops_per_w),
                   figure(c.model.tops_per_mm2), published_cell(p.tops_per_mm2),
                   ratio_cell(p.tops_per_mm2, c.model.tops_per_mm2)});
  }
  out << table.render() << "\n"
      << "\"node\" shows the paper's node and, after an arrow, the node the model ran at when the paper's has no "
      << "scaling data. \"bits\" are the model's input, weight and ADC bits (stated where the paper states them). "
      << "\"not confirmed\" means no value confirmed in the primary source: the published figure is either not "
      << "published, only in a plot, or only in a secondary source (see each macro).\n\n";
  for (const MacroComparison& c : validation.comparisons) out << render_macro(c);
  return out.str();
}

}  // namespace spinaps::validation
