#pragma once
// The report of `spinaps map` (schema reports/schema/map-report.schema.json): throughput against
// the beamline target, latency, energy per frame with its breakdown, TOPS-style and GSOPS-style
// efficiency, area, the per-layer mapping and cost, the input queue, the mesh, and the fidelity of
// the tile-computed outputs against the float reference. Every figure is defined in the report's
// "definitions" and in docs/cnn_accelerator.md. Deterministic: no wall-clock values.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "workloads/cnn/layer_summary.h"

namespace spinaps::report {

/// The beamline rate the edge PtychoNN must keep up with (issue: detectors at up to 2 kHz).
inline constexpr double kTargetFramesPerSecond = 2000.0;

struct MapInputs {
  std::string model;  ///< file, or the name of a built-in model
  std::string config_file;
  std::vector<std::string> overrides;
  std::string frames_description;  ///< where the frames came from
  double stream_rate_hz = 0.0;
  /// Measured in a saturated run (stream rate 0) of the same model and config; < 0 when not run.
  double max_sustained_rate_hz = -1.0;
  /// Class labels of the frames (digit classifiers): the report adds tile and float accuracy.
  std::vector<int> labels;
};

/// Fidelity of one graph output over all frames against the float reference.
struct OutputFidelity {
  std::string output;
  double rel_error = 0.0;  ///< ||y - r||_2 / ||r||_2 over every element of every frame
  double psnr_db = 0.0;    ///< 10 log10(L^2 / MSE), L = max(r) - min(r) over all frames
  double ssim = 0.0;       ///< mean over frames (channel 0 as an image), NaN when smaller than the window
  double max_abs_error = 0.0;
};

/// `outputs` and `references` hold the graph outputs of the same frames, in frame order.
std::vector<OutputFidelity> measure_fidelity(const std::vector<cnn::TensorMap>& outputs,
                                             const std::vector<cnn::TensorMap>& references);

/// `references` are the float outputs of the same frames (for the classification figures).
nlohmann::ordered_json map_report_json(const cnn_accel::AcceleratorConfig& config, const cnn::Graph& graph,
                                       const std::vector<cnn::LayerSummary>& layers,
                                       const cnn_accel::AcceleratorResult& result,
                                       const std::vector<OutputFidelity>& fidelity,
                                       const std::vector<cnn::TensorMap>& references, const MapInputs& inputs);

/// The human-readable summary and per-layer table of a report document.
std::string format_map_report(const nlohmann::ordered_json& report);

}  // namespace spinaps::report
