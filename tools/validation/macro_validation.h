#pragma once
// Section 5 of the validation report: the analog tile model (hw/memristor) configured like
// published RRAM and PCM compute-in-memory macros, beside their published TOPS/W and TOPS/mm2.
// The macros, their stated configuration and their figures are data
// (models/memristor/published_macros.json, every item with its confidence and source). Each stated
// value is used as it is; an unstated one takes the model's own default, so nothing is chosen to
// close a gap. The model's figures are for one matrix-vector multiply (MVM) of the whole array:
// action counts from memristor::CrossbarMatrix::multiply on seeded random weights and inputs, priced
// with the tile technology's action table; time by the accelerator's row rule; area = one tile.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/memristor/tile_technology.h"

namespace spinaps::validation {

/// One item of a paper's configuration or figures as the data file gives it.
struct StatedItem {
  bool known = false;      ///< false when not confirmed (confidence NC, value null)
  double number = 0.0;     ///< numeric items (integers too)
  bool flag = false;       ///< true/false items
  std::string text;        ///< text and choice items
  std::string confidence;  ///< "P", "S" or "NC"
  std::string source;      ///< where the value was confirmed (empty for NC)
  std::string note;
};

/// What the paper states about the macro (keys of `stated` in the data file).
struct StatedConfiguration {
  StatedItem node_nm;
  StatedItem device;
  StatedItem device_levels;  ///< 0 = analog
  StatedItem array_rows;
  StatedItem array_cols;
  StatedItem array_layout;  ///< pairs_on_adjacent_columns, pairs_on_adjacent_rows or weights
  StatedItem devices_per_weight;
  StatedItem input_bits;
  StatedItem input_signed;
  StatedItem input_bits_per_phase;
  StatedItem input_application;
  StatedItem weight_bits;
  StatedItem adc_bits;
  StatedItem adcs;
  StatedItem adc_type;
  StatedItem clock_mhz;
};

/// A published figure that is listed but never compared (S, NC, or another scope or precision).
struct ContextFigure {
  std::string figure;
  std::string value;
  std::string confidence;
  std::string source;
  std::string why_not_compared;
};

struct PublishedFigures {
  StatedItem tops_per_w;    ///< known only when confirmed in the primary source (P)
  StatedItem tops_per_mm2;  ///< known only when P
  StatedItem precision;     ///< the precision the figures were measured at
  StatedItem operation;     ///< the paper's definition of one operation
  StatedItem scope;         ///< what the figures include
  std::vector<ContextFigure> context;
};

struct PublishedMacro {
  std::string id;
  std::string name;
  std::string citation;
  std::string model_device;      ///< an entry of models/memristor/devices.json
  std::string model_device_why;  ///< why that entry
  StatedConfiguration stated;
  PublishedFigures published;
};

/// Reads the data file strictly: an unknown or misspelt key, a missing key, a value of the wrong
/// type or out of range, a non-null value marked NC, a null value not marked NC, or a compared
/// figure not marked P is a config::ConfigError naming the file and the key.
std::vector<PublishedMacro> load_published_macros(const std::string& file);

/// models/memristor/published_macros.json under the data root.
std::string default_published_macros_file();

/// One row of a macro's configuration table: what the paper states and what the model uses.
struct ModelSetting {
  std::string parameter;
  std::string stated;      ///< the stated value, or "not confirmed"
  std::string confidence;  ///< P, S or NC
  std::string model;       ///< the value the model uses
  std::string basis;       ///< "stated", "model default", or how it was derived
};

/// One priced term of the model's energy per MVM.
struct EnergyTerm {
  std::string category;  ///< the action's category (adc, array, dac, ...) or "leakage"
  std::string action;    ///< the action name (tile_actions.h) or "tile leakage"
  std::uint64_t count = 0;
  double pj_per_count = 0.0;
  double energy_pj = 0.0;
};

struct AreaTerm {
  std::string component;
  double area_mm2 = 0.0;
};

/// The model's figures for one MVM of the whole array.
struct MacroModelFigures {
  memristor::TileTechnologyInputs inputs;  ///< geometry, device, slices, clock and node as configured
  bool node_substituted = false;           ///< the paper's node has no scaling data; the nearest is used
  bool signed_inputs = false;
  std::uint32_t phases = 1;
  std::int64_t logical_rows = 0;     ///< inputs of the MVM
  std::int64_t logical_columns = 0;  ///< outputs of the MVM
  std::uint64_t ops_per_mvm = 0;     ///< 2 x logical_rows x logical_columns
  std::vector<EnergyTerm> energy;    ///< per action, then leakage; the digital units and buffer are left out
  double energy_pj = 0.0;
  std::uint64_t adc_clipped = 0;
  std::uint32_t array_read_cycles = 0;      ///< one phase's read pulse
  std::uint32_t adc_conversion_cycles = 0;  ///< one conversion
  std::uint64_t conversion_cycles = 0;      ///< ceil(conversions per phase / ADCs) x ADC conversion cycles
  std::uint64_t latency_cycles = 0;         ///< one MVM alone: read + (phases - 1) x max(read, conversion) + conversion
  std::uint64_t interval_cycles = 0;        ///< each further MVM of a stream: phases x max(read, conversion)
  double adc_conversion_ns = 0.0;
  double read_pulse_ns = 0.0;
  std::string read_pulse_basis;  ///< whether the pulse is the device's or the periphery file's default
  std::vector<AreaTerm> area;    ///< one tile's components
  double area_mm2 = 0.0;
  double tops_per_w = 0.0;    ///< ops_per_mvm / energy_pj
  double tops_per_mm2 = 0.0;  ///< ops_per_mvm / interval / area_mm2
  [[nodiscard]] double interval_ns() const;
  [[nodiscard]] double latency_ns() const;
};

struct MacroComparison {
  PublishedMacro macro;
  std::vector<ModelSetting> settings;
  MacroModelFigures model;
};

struct MacroValidation {
  std::string data_file;                    ///< as shown in the report
  std::uint64_t weight_and_input_seed = 0;  ///< std::mt19937_64 seed of the random weights and input vector
  std::uint64_t programming_seed = 0;       ///< seed of the devices' programming spread
  std::uint64_t ops_per_mac = 0;            ///< operations one multiply-accumulate counts as
  std::vector<MacroComparison> comparisons;
};

/// Loads `macros_file`, configures the tile model like every macro and computes its figures with
/// the technology data of `tech_data_dir` (node_scaling.json, digital_45nm.json, sram_cells.json).
/// Throws config::ConfigError naming the file and the key for bad data.
MacroValidation compare_with_published_macros(const std::string& macros_file, const std::string& tech_data_dir);

/// The section: model against published figures with ratios, each macro's configuration with its
/// confidence, the model's breakdown, and what explains each difference.
std::string render_macro_comparison(const MacroValidation& validation);

}  // namespace spinaps::validation
