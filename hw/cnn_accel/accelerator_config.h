#pragma once
// Configuration of the memristive CNN accelerator (`spinaps run`, `spinaps map`): the device and its
// level count, the analog tile, the per-node digital unit and activation buffer, how layers are
// mapped, the mesh network, the clock and the workload. The keys every accelerator shares (seed,
// clock, technology, noc, workload, simulation) read as in a SpinAPS chip configuration. JSON form
// (configs/ptychonn_edge.json; units in the key names, unknown keys are errors;
// docs/cnn_accelerator.md documents every key):
//   {"accelerator": "memristive_cnn", "name": "...", "description": "...", "seed": 1,
//    "clock": {"frequency_mhz": 1000}, "technology": {"node_nm": 32},
//    "workload": {... workloads/cnn/cnn_workload.h ...}, "simulation": {"idle_skipping": true},
//    "device": {"name": "rram_neurram_wan2022", "levels": 16, "file": "...",
//               "dynamic_range": 0, "programming_sigma_levels": ..., "programming_sigma_us": ...,
//               "read_noise_sigma_relative": ..., "stuck_at_gmin_rate": ..., "stuck_at_gmax_rate": ...,
//               "drift_nu": ...},
//    "tile": {"rows": 128, "cols": 128, "weight_bits": 8, "input_bits": 8, "dac_bits": 1,
//             "adc_bits": 8, "adcs_per_tile": 8, "adc_range": "calibrated",
//             "adc_calibration_percentile": 100, "adc_full_scale_fraction": 1, "devices_per_slice": 1,
//             "read_time_s": 0, "accumulator_bits": 32},
//    "node": {"tiles_per_node": 8, "digital_lanes": 16, "buffer_bytes": 65536},
//    "mapping": {"replication": "balanced", "max_replication": 64, "calibration_frames": 1,
//                "calibration_percentile": 100, "weight_scale": "per_output_channel",
//                "chip_sizing": "to_model", "output_calibration": "per_column"},
//    "noc": {... hw/noc/noc_config.h ...},
//    "source": {"<key>": "where its value comes from"}}
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hw/memristor/tile_geometry.h"
#include "hw/noc/noc_config.h"
#include "models/config/common_config.h"
#include "models/config/config_reader.h"
#include "models/memristor/device_model.h"
#include "models/tech/technology.h"
#include "workloads/cnn/cnn_workload.h"

namespace spinaps::cnn_accel {

/// How spare tiles are spent on copies of a layer's weights.
enum class Replication {
  kNone,      ///< one copy of every layer
  kBalanced,  ///< repeatedly double the copies of the slowest weight layer while tiles remain
};

struct NodeConfig {
  std::uint32_t tiles_per_node = 8;    ///< crossbar tiles sharing one router, digital unit and buffer
  std::uint32_t digital_lanes = 16;    ///< element operations per cycle of the node's digital unit
  std::uint64_t buffer_bytes = 65536;  ///< activation buffer (SRAM) per node
};

/// How weights are scaled onto the conductance range before quantisation.
enum class WeightScale {
  kPerOutputChannel,  ///< one scale per output channel (aihwkit's column-wise weight scaling)
  kPerLayer,          ///< one scale for the layer's whole matrix
};

/// Which tiles and nodes make up the chip whose area and leakage are charged.
enum class ChipSizing {
  kToModel,       ///< the tiles the plan uses and the nodes that hold a layer (the mesh fabric stays whole)
  kAsConfigured,  ///< every tile of every node of the configured mesh, used or not
};

/// A correction of each output column fitted on the calibration frames (digital, after the ADCs).
enum class OutputCalibration {
  kNone,
  kPerColumn,  ///< gain and offset per output column, least squares against the exact product
};

struct MappingConfig {
  Replication replication = Replication::kBalanced;
  ChipSizing chip_sizing = ChipSizing::kToModel;
  OutputCalibration output_calibration = OutputCalibration::kPerColumn;
  WeightScale weight_scale = WeightScale::kPerOutputChannel;
  std::uint32_t max_replication = 64;    ///< copies of one layer at most
  std::uint32_t calibration_frames = 1;  ///< frames whose float activations set the input scales
  /// The input scale of a weight layer covers this percentile of |activation| over the calibration
  /// frames (100: the maximum, nothing clips; below 100 the largest values clip to full scale).
  double calibration_percentile = 100.0;
};

struct AcceleratorConfig {
  std::string file;  ///< the config file (errors and reports name it)
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  config::ClockConfig clock{1000.0};
  tech::TechnologyConfig technology;   ///< node_nm and data_dir (no synapse memory cells)
  std::string devices_file;            ///< default: models/memristor/devices.json
  memristor::DeviceParameters device;  ///< after the config's overrides, validated
  memristor::TileGeometry tile;
  NodeConfig node;
  MappingConfig mapping;
  noc::NocConfig noc;
  cnn::CnnWorkloadConfig workload;
  config::SimulationConfig simulation;  ///< idle_skipping only: frames arrive from SystemC threads (quantum 1)
  std::map<std::string, std::string> sources;
  config::Json document;  ///< the effective document after -p overrides (recorded in reports)

  [[nodiscard]] std::uint64_t tile_capacity() const {
    return static_cast<std::uint64_t>(noc.nodes()) * node.tiles_per_node;
  }
};

/// Reads, overrides (-p key.path=value) and validates a configuration file. Throws
/// config::ConfigError naming the file and the key.
AcceleratorConfig load_accelerator_config(const std::string& file, const std::vector<std::string>& overrides = {});
/// Validates an already-parsed document.
AcceleratorConfig parse_accelerator_config(const config::Json& document, const std::string& file);

/// "none", "balanced": the configuration's mapping.replication.
const config::ChoiceTable<Replication>& replication_choices();
/// "calibrated", "full_scale": the configuration's tile.adc_range.
const config::ChoiceTable<memristor::AdcRange>& adc_range_choices();
/// "none", "per_column": the configuration's mapping.output_calibration.
const config::ChoiceTable<OutputCalibration>& output_calibration_choices();
/// "to_model", "as_configured": the configuration's mapping.chip_sizing.
const config::ChoiceTable<ChipSizing>& chip_sizing_choices();
/// "per_output_channel", "per_layer": the configuration's mapping.weight_scale.
const config::ChoiceTable<WeightScale>& weight_scale_choices();
std::string replication_name(Replication replication);

/// Device pairs holding one weight: DeviceModel::slice_count(weight_bits) for a levelled device, 1
/// for an analog one (written to any target).
std::uint32_t slices_per_weight(const AcceleratorConfig& config);

}  // namespace spinaps::cnn_accel
