#pragma once
// The report of a memristive CNN accelerator run in the common shape (report_core.h): the headline
// metrics (frames/s, latency, energy per frame, TOPS, TOPS/W with and without leakage, GSOPS-style
// efficiency, area, fidelity against the float reference) and the accelerator's own sections under
// "memristive_cnn" (layers, mapping, streaming against the beamline target, mesh traffic, device
// faults, per-output fidelity, classification). Every figure is defined in the report's
// "definitions" and in docs/cnn_accelerator.md. Deterministic: no wall-clock values.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "tools/report/report_core.h"
#include "workloads/cnn/layer_summary.h"
#include "workloads/ptycho/grid.h"

namespace spinaps::report {

/// The beamline rate the edge PtychoNN must keep up with (detectors at up to 2 kHz).
inline constexpr double kTargetFramesPerSecond = 2000.0;

struct CnnReportInputs {
  std::string command_line;
  CommandLineInputs command;       ///< the -p overrides
  std::string frames_description;  ///< where the frames came from
  /// Measured in a saturated run (stream rate 0) of the same model and config; < 0 when not run.
  double max_sustained_rate_hz = -1.0;
  /// Class labels of the frames (digit classifiers): the report adds tile and float accuracy.
  std::vector<int> labels;
  /// Ground-truth phases of the frames (ptychography frames): the report compares the phase output
  /// of the float reference and of the tiles with them.
  std::vector<ptycho::RealImage> ground_truth_phase;
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
OrderedJson build_cnn_report(const cnn_accel::AcceleratorConfig& config, const cnn::Graph& graph,
                             const std::vector<cnn::LayerSummary>& layers, const cnn_accel::AcceleratorResult& result,
                             const std::vector<OutputFidelity>& fidelity, const std::vector<cnn::TensorMap>& references,
                             const CnnReportInputs& inputs);

/// The human-readable summary and per-layer table of a CNN report.
std::string format_cnn_report(const OrderedJson& report);

}  // namespace spinaps::report
