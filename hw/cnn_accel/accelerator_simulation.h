#pragma once
// One `spinaps map` run: plan the graph onto the configured accelerator, price it with the tile and
// mesh technology models, program the tiles, stream the frames through the SystemC model (one
// kernel per process: call once), and gather everything a report needs. Optionally runs the
// functional golden model on the same frames and checks that outputs and action counts agree.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_config.h"
#include "hw/cnn_accel/layer_plan.h"
#include "hw/cnn_accel/pipeline.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_technology.h"
#include "hw/noc/noc_energy.h"
#include "hw/noc/noc_statistics.h"
#include "models/energy/action_counts.h"
#include "workloads/cnn/graph.h"
#include "workloads/cnn/reference_inference.h"

namespace spinaps::cnn_accel {

struct SimulationOptions {
  double stream_rate_hz = 0.0;  ///< 0: every frame waits at time 0 (saturated throughput)
  bool check_golden = false;
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct GoldenCheck {
  bool ran = false;
  bool outputs_identical = false;
  bool counts_identical = false;
  std::string first_difference;
};

struct AcceleratorTechnology {
  memristor::TileTechnology tiles;
  noc::NocTechnology mesh;
  noc::NocConfig noc;  ///< with the node pitch as link length
  double node_pitch_mm = 0.0;
  double area_mm2 = 0.0;  ///< every tile of the mesh, every node's digital unit and buffer, the mesh
  double leakage_mw = 0.0;
  nlohmann::ordered_json area_breakdown_mm2;
  /// Energy of one action by name (tile, digital, buffer and NoC actions).
  [[nodiscard]] double energy_pj(const std::string& action) const;
};

struct AcceleratorResult {
  AcceleratorPlan plan;
  AcceleratorTechnology technology;
  double period_ns = 1.0;
  std::uint64_t frames = 0;
  std::vector<FrameRecord> records;
  std::map<std::uint64_t, cnn::TensorMap> outputs;
  std::vector<energy::ActionCounts> unit_counts;  ///< per unit, all frames
  std::vector<std::uint64_t> unit_busy_cycles;
  energy::ActionCounts noc_actions;
  noc::NocStatistics noc_statistics;
  bool has_mesh = false;
  std::uint64_t activation_packets = 0, partial_sum_packets = 0, local_transfers = 0;
  std::uint64_t max_frames_in_flight = 0;
  hw::Cycle end_cycle = 0;  ///< the last frame's completion
  std::uint64_t scheduler_activations = 0;
  double wall_seconds = 0.0;
  GoldenCheck golden;
  DeviceFaultCounts faults;
};

/// The tiles' technology for the config, the mesh's with the node pitch as link length, and the
/// chip's area and leakage (every node of the mesh counted, used or not).
AcceleratorTechnology build_accelerator_technology(const AcceleratorConfig& config);

/// Plans, prices and simulates. `frames` are streamed; `calibration` sets the input quantisers.
AcceleratorResult simulate_accelerator(const AcceleratorConfig& config, const cnn::Graph& graph,
                                       const std::vector<cnn::TensorMap>& frames,
                                       const std::vector<cnn::TensorMap>& calibration,
                                       const SimulationOptions& options);

/// Timing of the tiles and digital units from their technology.
UnitTiming unit_timing(const memristor::TileTechnology& technology);
/// The tile technology inputs of a config (before planning: slices from the device).
memristor::TileTechnologyInputs tile_technology_inputs(const AcceleratorConfig& config);

}  // namespace spinaps::cnn_accel
