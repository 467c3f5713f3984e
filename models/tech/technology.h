#pragma once
// Technology selection and CMOS node scaling.
//
// The configuration names a node and an STT cell; every physical number lives in the JSON data files
// under models/tech/ (units in the key names, a "source" per section). NodeScaling turns a value
// published at a reference node into the configured node with Stillmaker & Baas factors
// (node_scaling.json). ParamLog remembers every raw number read, its unit, its source and the value
// it was scaled to, so a report can show where each number came from.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/config/choice.h"
#include "models/config/config_reader.h"

namespace spinaps::tech {

struct TechnologyConfig {
  double node_nm = 28.0;
  std::string stt_cell = "isscc2018_28nm_75f2";
  /// "stt" (the SpinAPS design) or "sram": the same chip with its synapse bits in SRAM cells, the
  /// baseline the STT design is compared against. Only the synapse cells change (docs/technology.md).
  std::string memory = "stt";
  std::string sram_cell = "nvsim_cacti_6t_146f2";  ///< a cell of sram_cells.json; used when memory is "sram"
  std::string
      data_dir;  ///< directory holding stt_cells.json, array_periphery.json, digital_45nm.json, node_scaling.json
};

/// "stt", "sram": the configuration's technology.memory.
const config::ChoiceTable<std::string>& synapse_memory_choices();

/// Whether a technology section names the synapse memory cells (the SpinAPS chip) or only the CMOS
/// node (an accelerator whose arrays are described elsewhere, e.g. the memristive tiles' devices).
enum class TechnologyKeys { kWithSynapseMemory, kNodeOnly };

/// Parses the "technology" node: "node_nm" (a node of node_scaling.json), optional "data_dir"
/// (default models/tech under the data root; a relative path is resolved against config_dir), and
/// with kWithSynapseMemory "stt_cell" (a cell of stt_cells.json), optional "memory" ("stt" or
/// "sram", default "stt") and optional "sram_cell" (a cell of sram_cells.json). Calls node.finish().
TechnologyConfig parse_technology_config(config::ConfigNode node, const std::string& config_dir,
                                         TechnologyKeys keys = TechnologyKeys::kWithSynapseMemory);

/// models/tech under the data root (models/io/data_paths.h).
std::string default_data_dir();

/// "<data_dir>/<name>".
std::string data_file(const std::string& data_dir, const std::string& name);

/// The unit a key name carries: "energy_pj_per_bit" -> "pJ/bit", "area_um2" -> "um^2", "tmr_percent"
/// -> "%"; "1" for a dimensionless key.
std::string unit_of_key(const std::string& key);

/// Node names ("180", ..., "7") in node_scaling.json order, and the STT cell names in stt_cells.json.
std::vector<std::string> available_nodes(const std::string& data_dir);
std::vector<std::string> available_cells(const std::string& data_dir);
/// The SRAM cell names in sram_cells.json.
std::vector<std::string> available_sram_cells(const std::string& data_dir);

/// A number read from a data file: its value, its reference node and an id "file:key.path" under
/// which ParamLog keeps its provenance.
struct Param {
  double value = 0.0;
  double reference_node_nm = 0.0;
  std::string id;
};

/// Every raw parameter used: value, unit (from the key), reference node, source, and (once used)
/// the value scaled to the configured node with the rule applied.
class ParamLog {
 public:
  /// Reads `key` as a number in [min_value, max_value] and records it.
  Param read(config::ConfigNode& node, const std::string& key, double min_value, double max_value,
             double reference_node_nm, const std::string& source);
  /// Records the value `param` took at the configured node and how it got there.
  void scaled(const Param& param, double scaled_value, const std::string& rule);
  /// Records a fact that is not a data-file number (e.g. the node factors).
  void note(const std::string& id, nlohmann::ordered_json entry);
  [[nodiscard]] const nlohmann::ordered_json& json() const { return json_; }

 private:
  nlohmann::ordered_json json_ = nlohmann::ordered_json::object();
};

/// Factors of one node relative to an arbitrary base (only ratios are used).
struct NodeFactors {
  double area_rel_45nm = 1.0;
  double energy = 1.0;  ///< Stillmaker & Baas energy factor at the nominal Vdd
  double delay = 1.0;   ///< Stillmaker & Baas delay factor at the nominal Vdd
  std::string derivation;
};

/// CMOS scaling between nodes of node_scaling.json.
class NodeScaling {
 public:
  /// Loads node_scaling.json; throws config::ConfigError naming the file and key on bad data.
  static NodeScaling load(const std::string& file);

  [[nodiscard]] bool has(double node_nm) const;
  /// Throws config::ConfigError listing the allowed nodes.
  [[nodiscard]] const NodeFactors& at(double node_nm) const;
  [[nodiscard]] std::vector<std::string> node_names() const { return names_; }
  [[nodiscard]] const std::string& file() const { return file_; }

  /// Multiply a value published at `from_nm` by these to get it at `to_nm`.
  [[nodiscard]] double energy(double from_nm, double to_nm) const;
  [[nodiscard]] double leakage(double from_nm, double to_nm) const { return energy(from_nm, to_nm); }
  [[nodiscard]] double area(double from_nm, double to_nm) const;
  [[nodiscard]] double delay(double from_nm, double to_nm) const;

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::map<double, NodeFactors> nodes_;
};

/// "180, 130, ..." for error messages.
std::string join_names(const std::vector<std::string>& names);

}  // namespace spinaps::tech
