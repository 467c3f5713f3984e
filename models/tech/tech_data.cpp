#include "models/tech/tech_data.h"

#include <cmath>

namespace spinaps::tech {
namespace {

constexpr double kBig = 1e9;

/// The common text keys of a section: "source" (required), "derivation" and "checked" (optional).
std::string read_texts(config::ConfigNode& node) {
  std::string source = node.text("source");
  (void)node.text_or("derivation", "");
  (void)node.text_or("checked", "");
  return source;
}

SizeRule read_rule(config::ConfigNode& node, const std::string& key) {
  static const std::vector<std::string> kNames = {"none", "rows", "cols", "rows_x_cols", "cols_squared", "log2_rows"};
  const std::string name = node.choice_or(key, kNames, "none");
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      return static_cast<SizeRule>(i);
    }
  }
  return SizeRule::kNone;
}

Primitive read_primitive(config::ConfigNode& root, const std::string& section, const std::string& energy_key,
                         const std::string& area_key, bool has_leakage, ParamLog& log) {
  config::ConfigNode node = root.child(section);
  const std::string source = read_texts(node);
  const double reference = node.real("reference_node_nm", 1, 1000);
  Primitive primitive;
  primitive.energy_pj = log.read(node, energy_key, 0, kBig, reference, source);
  primitive.area_um2 = log.read(node, area_key, 0, kBig, reference, source);
  if (has_leakage) {
    primitive.leakage_uw = log.read(node, "leakage_uw_per_bit", 0, kBig, reference, source);
  }
  node.finish();
  return primitive;
}

std::uint32_t count(config::ConfigNode& node, const std::string& key) {
  return static_cast<std::uint32_t>(node.integer(key, 0, 1u << 20));
}

}  // namespace

double size_ratio(SizeRule rule, double rows, double cols, double reference_rows, double reference_cols) {
  switch (rule) {
    case SizeRule::kNone:
      return 1.0;
    case SizeRule::kRows:
      return rows / reference_rows;
    case SizeRule::kCols:
      return cols / reference_cols;
    case SizeRule::kRowsXCols:
      return (rows * cols) / (reference_rows * reference_cols);
    case SizeRule::kColsSquared:
      return (cols * cols) / (reference_cols * reference_cols);
    case SizeRule::kLog2Rows:
      return std::log2(std::max(rows, 2.0)) / std::log2(reference_rows);
  }
  return 1.0;
}

const char* size_rule_name(SizeRule rule) {
  switch (rule) {
    case SizeRule::kNone:
      return "none";
    case SizeRule::kRows:
      return "rows";
    case SizeRule::kCols:
      return "cols";
    case SizeRule::kRowsXCols:
      return "rows_x_cols";
    case SizeRule::kColsSquared:
      return "cols_squared";
    case SizeRule::kLog2Rows:
      return "log2_rows";
  }
  return "none";
}

namespace {

/// The entry `cell` of the "cells" object of a cell data file (`kind` names the cell type in the
/// error listing the allowed names). The document must outlive the returned node.
config::ConfigNode cell_entry(const config::Json& document, const std::string& file, const std::string& cell,
                              const std::string& kind, const std::vector<std::string>& allowed) {
  config::ConfigNode root(document, file, "");
  (void)root.text_or("description", "");
  config::ConfigNode cells = root.child("cells");
  if (!cells.has(cell)) {
    throw cells.error(cell, "no such " + kind + " cell; the cells allowed are: " + join_names(allowed));
  }
  cells.skip(cell);
  root.finish();
  return cells.child(cell);
}

/// The fields every memory cell has, recorded in `log`.
void read_memory_cell(config::ConfigNode& node, const std::string& cell, ParamLog& log, MemoryCellData& data) {
  data.name = cell;
  data.source = read_texts(node);
  data.reference_node_nm = node.real("reference_node_nm", 1, 1000);
  const double ref = data.reference_node_nm;
  data.cell_area_f2 = log.read(node, "cell_area_f2", 1, 1e4, ref, data.source);
  data.read_latency_ns = log.read(node, "read_latency_ns", 0, 1e6, ref, data.source);
  data.read_energy_pj_per_bit = log.read(node, "read_energy_pj_per_bit", 0, 1e6, ref, data.source);
  data.write_latency_ns = log.read(node, "write_latency_ns", 0, 1e6, ref, data.source);
  data.write_energy_pj_per_bit = log.read(node, "write_energy_pj_per_bit", 0, 1e6, ref, data.source);
}

}  // namespace

SttCellData load_stt_cell(const std::string& data_dir, const std::string& cell, ParamLog& log) {
  const std::string file = data_file(data_dir, "stt_cells.json");
  const config::Json document = config::read_json_file(file);
  config::ConfigNode node = cell_entry(document, file, cell, "STT", available_cells(data_dir));
  SttCellData data;
  read_memory_cell(node, cell, log, data);
  const double ref = data.reference_node_nm;
  data.write_switching_probability = log.read(node, "write_switching_probability", 0, 1, ref, data.source);
  // Descriptive values: recorded for the report, not used in the energy model.
  for (const char* key : {"resistance_parallel_ohm", "resistance_antiparallel_ohm", "tmr_percent", "read_voltage_v",
                          "supply_voltage_v", "write_current_ua", "macro_read_energy_pj_per_bit"}) {
    if (node.has(key)) {
      (void)log.read(node, key, 0, 1e9, ref, data.source);
    }
  }
  if (!node.has("resistance_parallel_ohm") && !node.has("tmr_percent")) {
    throw node.error("tmr_percent", "is required when resistance_parallel_ohm/resistance_antiparallel_ohm are absent");
  }
  node.finish();
  return data;
}

SramCellData load_sram_cell(const std::string& data_dir, const std::string& cell, ParamLog& log) {
  const std::string file = data_file(data_dir, "sram_cells.json");
  const config::Json document = config::read_json_file(file);
  config::ConfigNode node = cell_entry(document, file, cell, "SRAM", available_sram_cells(data_dir));
  SramCellData data;
  read_memory_cell(node, cell, log, data);
  const double ref = data.reference_node_nm;
  data.leakage_uw_per_bit = log.read(node, "leakage_uw_per_bit", 0, 1e6, ref, data.source);
  if (node.has("cell_aspect_ratio")) {
    (void)log.read(node, "cell_aspect_ratio", 0, 100, ref, data.source);  // descriptive, recorded only
  }
  node.finish();
  return data;
}

PeripheryData load_periphery(const std::string& data_dir, ParamLog& log) {
  const std::string file = data_file(data_dir, "array_periphery.json");
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  PeripheryData data;
  (void)root.text_or("description", "");
  data.source = root.text("source");
  data.reference_node_nm = root.real("reference_node_nm", 1, 1000);
  data.reference_rows = root.real("reference_rows", 2, 1e6);
  data.reference_cols = root.real("reference_cols", 1, 1e6);
  const double ref = data.reference_node_nm;
  auto part = [&](config::ConfigNode& node, const std::string& key, const std::string& rule_key,
                  const std::string& source) {
    ScaledPart result;
    result.value = log.read(node, key, 0, kBig, ref, source);
    result.rule = read_rule(node, rule_key);
    return result;
  };
  {
    config::ConfigNode node = root.child("sense_amplifier");
    const std::string source = read_texts(node);
    data.sense_energy_pj = log.read(node, "energy_pj_per_sense", 0, kBig, ref, source);
    (void)read_rule(node, "energy_scales_with");
    data.sense_latency_ns = log.read(node, "latency_ns", 0, kBig, ref, source);
    data.sense_area_um2 = log.read(node, "area_um2", 0, kBig, ref, source);
    data.sense_leakage_uw = log.read(node, "leakage_uw", 0, kBig, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("row_decoder_wordline");
    const std::string source = read_texts(node);
    data.row_decoder_energy_pj = part(node, "energy_pj_per_activation", "energy_scales_with", source);
    data.row_decoder_latency_ns = log.read(node, "latency_ns", 0, kBig, ref, source);
    data.row_decoder_area_um2_per_row = log.read(node, "area_um2_per_row", 0, kBig, ref, source);
    data.row_decoder_leakage_uw_per_row = log.read(node, "leakage_uw_per_row", 0, kBig, ref, source);
    node.finish();
  }
  for (const std::string section : {"predecoder", "column_mux_decoder"}) {
    config::ConfigNode node = root.child(section);
    const std::string source = read_texts(node);
    const bool pre = section == "predecoder";
    (pre ? data.predecoder_energy_pj : data.mux_decoder_energy_pj) =
        part(node, "energy_pj_per_activation", "energy_scales_with", source);
    (pre ? data.predecoder_area_um2 : data.mux_decoder_area_um2) = part(node, "area_um2", "area_scales_with", source);
    (pre ? data.predecoder_leakage_uw : data.mux_decoder_leakage_uw) =
        part(node, "leakage_uw", "leakage_scales_with", source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("precharge");
    const std::string source = read_texts(node);
    data.precharge_energy_pj = part(node, "energy_pj_per_activation", "energy_scales_with", source);
    data.precharge_latency_ns = log.read(node, "latency_ns", 0, kBig, ref, source);
    data.precharge_area_um2_per_col = log.read(node, "area_um2_per_col", 0, kBig, ref, source);
    data.precharge_leakage_uw_per_col = log.read(node, "leakage_uw_per_col", 0, kBig, ref, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("output_routing");
    const std::string source = read_texts(node);
    data.routing_energy_pj = part(node, "energy_pj_per_activation", "energy_scales_with", source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("totals_for_reference");
    const std::string source = read_texts(node);
    for (const char* key :
         {"read_energy_pj_per_activation", "bitline_cell_read_energy_pj_per_activation", "leakage_uw", "area_um2"}) {
      (void)log.read(node, key, 0, kBig, ref, source);
    }
    node.finish();
  }
  root.finish();
  return data;
}

DigitalData load_digital(const std::string& data_dir, ParamLog& log) {
  const std::string file = data_file(data_dir, "digital_45nm.json");
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  (void)root.text_or("description", "");
  DigitalData data;
  data.adder = read_primitive(root, "adder", "energy_pj_per_bit", "area_um2_per_bit", false, log);
  data.multiplier =
      read_primitive(root, "multiplier", "energy_pj_per_bit_product", "area_um2_per_bit_product", false, log);
  data.reg = read_primitive(root, "register", "energy_pj_per_bit", "area_um2_per_bit", true, log);
  data.bitwise = read_primitive(root, "bitwise_gate", "energy_pj_per_bit", "area_um2_per_bit", true, log);
  data.comparator = read_primitive(root, "comparator", "energy_pj_per_bit", "area_um2_per_bit", true, log);
  data.counter = read_primitive(root, "counter", "energy_pj_per_bit", "area_um2_per_bit", true, log);
  {
    config::ConfigNode node = root.child("logic_leakage");
    const std::string source = read_texts(node);
    const double reference = node.real("reference_node_nm", 1, 1000);
    data.logic_leakage_uw_per_um2 = log.read(node, "leakage_uw_per_um2", 0, kBig, reference, source);
    node.finish();
  }
  {
    config::ConfigNode node = root.child("structures");
    (void)read_texts(node);
    data.rng_mix_rounds_per_draw = count(node, "rng_mix_rounds_per_draw");
    data.rng_setup_mix_rounds_per_sample = count(node, "rng_setup_mix_rounds_per_sample");
    data.rng_word_bits = count(node, "rng_word_bits");
    data.rng_multiplies_per_round = count(node, "rng_multiplies_per_round");
    data.rng_bit_ops_per_round = count(node, "rng_bit_ops_per_round");
    data.rng_adder_bits_per_round = count(node, "rng_adder_bits_per_round");
    data.rng_state_register_bits = count(node, "rng_state_register_bits");
    data.controller_counter_bits = count(node, "controller_counter_bits");
    data.controller_state_register_bits = count(node, "controller_state_register_bits");
    data.priority_encoder_gate_ops_per_input = count(node, "priority_encoder_gate_ops_per_input");
    node.finish();
  }
  root.finish();
  return data;
}

}  // namespace spinaps::tech
