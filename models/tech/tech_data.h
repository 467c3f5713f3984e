#pragma once
// The raw contents of the technology data files, each number kept with its provenance (Param).
// Loaders throw config::ConfigError naming the file and the key of a missing or malformed value.
#include <cstdint>
#include <string>

#include "models/tech/technology.h"

namespace spinaps::tech {

/// What every memory cell of a data file gives: area, read and write figures, their source.
struct MemoryCellData {
  std::string name;
  std::string source;
  double reference_node_nm = 0.0;
  Param cell_area_f2;
  Param read_latency_ns;
  Param read_energy_pj_per_bit;
  Param write_latency_ns;
  Param write_energy_pj_per_bit;
};

struct SttCellData : MemoryCellData {
  Param write_switching_probability;
};

/// A 6T/8T SRAM cell for the SRAM baseline: all CMOS, so every value scales with the node, and it
/// leaks per cell (an MTJ does not).
struct SramCellData : MemoryCellData {
  Param leakage_uw_per_bit;
};

/// How a periphery value moves from the reference subarray to one of rows x cols.
enum class SizeRule { kNone, kRows, kCols, kRowsXCols, kColsSquared, kLog2Rows };

struct ScaledPart {
  Param value;
  SizeRule rule = SizeRule::kNone;
};

struct PeripheryData {
  std::string source;
  double reference_node_nm = 0.0;
  double reference_rows = 0.0;
  double reference_cols = 0.0;
  Param sense_energy_pj, sense_latency_ns, sense_area_um2, sense_leakage_uw;
  ScaledPart row_decoder_energy_pj;
  Param row_decoder_latency_ns, row_decoder_area_um2_per_row, row_decoder_leakage_uw_per_row;
  ScaledPart predecoder_energy_pj, predecoder_area_um2, predecoder_leakage_uw;
  ScaledPart mux_decoder_energy_pj, mux_decoder_area_um2, mux_decoder_leakage_uw;
  ScaledPart precharge_energy_pj;
  Param precharge_latency_ns, precharge_area_um2_per_col, precharge_leakage_uw_per_col;
  ScaledPart routing_energy_pj;
};

/// One digital primitive: energy per bit (or per bit-product), area per bit, leakage per bit (if given).
struct Primitive {
  Param energy_pj;
  Param area_um2;
  Param leakage_uw;  ///< value 0 and empty id when the source gives none
};

struct DigitalData {
  Primitive adder, multiplier, reg, bitwise, comparator, counter;
  Param logic_leakage_uw_per_um2;
  // Structural counts (not physical values).
  std::uint32_t rng_mix_rounds_per_draw = 1, rng_setup_mix_rounds_per_sample = 2, rng_word_bits = 64,
                rng_multiplies_per_round = 2, rng_bit_ops_per_round = 256, rng_adder_bits_per_round = 64,
                rng_state_register_bits = 64, controller_counter_bits = 64, controller_state_register_bits = 8,
                priority_encoder_gate_ops_per_input = 2;
};

SttCellData load_stt_cell(const std::string& data_dir, const std::string& cell, ParamLog& log);
SramCellData load_sram_cell(const std::string& data_dir, const std::string& cell, ParamLog& log);
PeripheryData load_periphery(const std::string& data_dir, ParamLog& log);
DigitalData load_digital(const std::string& data_dir, ParamLog& log);

/// Ratio a SizeRule gives for a subarray of rows x cols against the reference one.
double size_ratio(SizeRule rule, double rows, double cols, double reference_rows, double reference_cols);
const char* size_rule_name(SizeRule rule);

}  // namespace spinaps::tech
