#pragma once
// Section 4 of the validation report: the simulator's STT-RAM subarray model (models/tech +
// models/energy) against NVSim run on the same cell, node and array shape. The NVSim figures are
// data (models/tech/reference/nvsim_stt_reference.json, with the NVSim commit, the exact .cfg and
// .cell files and the command); NVSim itself is never built or run by the simulator.
#include <string>
#include <vector>

namespace spinaps::validation {

/// One subarray read, split the way both models can be split.
struct ArrayFigures {
  double read_latency_ns = 0.0;
  double cell_energy_pj = 0.0;       ///< bitline and cell, one row of `cols` bits
  double sense_energy_pj = 0.0;      ///< every sense amplifier of the subarray once
  double periphery_energy_pj = 0.0;  ///< predecoder, row decoder, mux decoder, precharge, output routing
  double cell_area_um2 = 0.0;
  double area_um2 = 0.0;
  double leakage_uw = 0.0;
  [[nodiscard]] double read_energy_pj() const { return cell_energy_pj + sense_energy_pj + periphery_energy_pj; }
};

struct NvsimCase {
  std::string id;
  std::string purpose;
  std::string cell;  ///< the cell of models/tech/stt_cells.json
  double node_nm = 0.0;
  unsigned rows = 0, cols = 0, sense_amps = 0;
  /// The run array_periphery.json was taken from: agreement there checks bookkeeping, not the model.
  bool anchor = false;
  ArrayFigures nvsim, spinaps;
  // NVSim's read-latency parts the explanation names.
  double nvsim_sense_latency_ns = 0.0;
  double nvsim_decoder_latency_ns = 0.0;  ///< predecoder + row decoder
  double nvsim_precharge_latency_ns = 0.0;
};

struct NvsimComparison {
  std::string reference_file;
  std::string nvsim_commit;
  std::string build_command;
  std::string node_note;
  std::vector<NvsimCase> cases;
};

/// Reads the reference file and evaluates the simulator's array model for every case with the
/// technology data of `tech_data_dir`. Throws config::ConfigError naming the file and the key.
NvsimComparison compare_with_nvsim(const std::string& reference_file, const std::string& tech_data_dir);

/// The section: every case side by side, the default configuration's case (cell and node of
/// `default_cell`, `default_node_nm`) part by part, and what each model includes.
std::string render_nvsim_comparison(const NvsimComparison& comparison, const std::string& default_cell,
                                    double default_node_nm);

}  // namespace spinaps::validation
