#pragma once
// One run of the memristive CNN accelerator: plan the graph onto the configured chip, price it with
// the tile and mesh technology models, program the tiles, stream the frames through the SystemC
// model (one kernel per process: call once), and gather the result core every accelerator fills
// (hw/common/run_result.h) beside what only this accelerator has. Optionally runs the functional
// golden model on the same frames and checks that outputs and counts agree bit for bit.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_config.h"
#include "hw/cnn_accel/layer_plan.h"
#include "hw/cnn_accel/pipeline.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/common/run_result.h"
#include "hw/memristor/tile_technology.h"
#include "hw/noc/noc_energy.h"
#include "hw/noc/noc_statistics.h"
#include "workloads/cnn/graph.h"
#include "workloads/cnn/reference_inference.h"

namespace spinaps::cnn_accel {

struct SimulationOptions {
  bool check_golden = false;
  /// Also run the functional model with ideal converters (the same devices), and with ideal
  /// devices and ideal converters (the same weight and input bits): the floors the hardware's
  /// fidelity is set beside.
  bool fidelity_floors = false;
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  /// When set, observes the pipeline's rows of the frames it wants (never changes a result).
  PipelineTraceSink* trace = nullptr;
};

struct GoldenCheck {
  bool ran = false;
  bool outputs_identical = false;
  bool counts_identical = false;
  std::string first_difference;
};

struct AcceleratorTechnology {
  memristor::TileTechnology tiles;  ///< one tile and one node's digital unit and buffer
  noc::NocTechnology mesh;
  noc::NocConfig noc;                 ///< with the link length used (the node pitch unless configured)
  energy::ActionTable actions;        ///< tile, digital, buffer and (on a mesh) NoC actions
  energy::ComponentTable components;  ///< the chip's tiles, nodes and mesh (add_chip_components)
  std::uint32_t mesh_rows_built = 0;  ///< mesh rows whose routers and links are part of the chip
  nlohmann::ordered_json parameters_used = nlohmann::ordered_json::object();
  [[nodiscard]] double node_pitch_mm() const { return noc.link_length_mm; }
};

struct AcceleratorResult {
  hw::RunResult run;  ///< the energy table, counts, components, time and statistics of the chip
  AcceleratorPlan plan;
  AcceleratorTechnology technology;
  std::uint64_t frames = 0;
  std::vector<FrameRecord> records;
  std::map<std::uint64_t, cnn::TensorMap> outputs;
  std::vector<UnitCounts> unit_counts;  ///< per unit, all frames
  std::vector<std::uint64_t> unit_busy_cycles;
  noc::NocStatistics noc_statistics;
  bool has_mesh = false;
  std::uint64_t activation_packets = 0, partial_sum_packets = 0, local_transfers = 0;
  std::uint64_t max_frames_in_flight = 0;
  GoldenCheck golden;
  DeviceFaultCounts faults;
  /// With fidelity_floors, per frame: the outputs of the same tiles read through ideal converters,
  /// and of ideal devices (no spread, read noise, faults or drift) through ideal converters.
  std::vector<cnn::TensorMap> ideal_converter_outputs;
  std::vector<cnn::TensorMap> quantisation_floor_outputs;
};

/// The configuration with ideal devices: no programming spread, read noise, stuck devices or drift,
/// the same levels, weight and input bits; no converter or output calibration (its converters are
/// read as ideal, and ideal devices have nothing to correct).
AcceleratorConfig ideal_device_config(const AcceleratorConfig& config);

/// The tiles' technology for the config and the mesh's with the node pitch as link length; no
/// components yet (they depend on the plan).
AcceleratorTechnology build_accelerator_technology(const AcceleratorConfig& config);

/// The chip's components for the plan: with mapping.chip_sizing "to_model", the tiles the plan uses,
/// the digital units and buffers of the nodes that hold a layer, and the routers and links of the
/// mesh rows up to the last one holding a layer (no packet crosses the others); "as_configured",
/// every tile, node, router and link of the configured mesh.
void add_chip_components(AcceleratorTechnology& technology, const AcceleratorConfig& config,
                         const AcceleratorPlan& plan);

/// Plans, prices and simulates. `frames` are streamed at config.workload.stream_rate_hz;
/// `calibration` sets the input quantisers.
AcceleratorResult simulate_accelerator(const AcceleratorConfig& config, const cnn::Graph& graph,
                                       const std::vector<cnn::TensorMap>& frames,
                                       const std::vector<cnn::TensorMap>& calibration,
                                       const SimulationOptions& options);

/// Timing of the tiles and digital units from their technology.
UnitTiming unit_timing(const memristor::TileTechnology& technology);
/// The tile technology inputs of a config (before planning: slices from the device).
memristor::TileTechnologyInputs tile_technology_inputs(const AcceleratorConfig& config);

}  // namespace spinaps::cnn_accel
