#pragma once
// The numbers the accelerator computes: every weight layer's im2col matrix programmed onto its
// tiles (one CrossbarMatrix per copy and group, each copy programmed separately, so copies differ
// by their own variability; one weight scale per output channel or per layer), activations
// quantised to input codes with scales calibrated on the float reference, the column ADCs' ranges
// calibrated on the same calibration frames (tile.adc_range "calibrated": each copy observes the
// batches it would compute, with the calibration frames' float activations as inputs), optionally
// a per-column gain and offset fitted on the same frames (mapping.output_calibration), one output
// row computed at a time (the copies sharing the row's positions), digital operators in float. Both the cycle-level
// pipeline and the functional golden model call compute_unit, so their outputs agree bit for bit when the pipeline
// honours every dependency.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "hw/cnn_accel/layer_plan.h"
#include "hw/memristor/analog_tile.h"
#include "models/energy/action_counts.h"
#include "workloads/cnn/reference_inference.h"

namespace spinaps::cnn_accel {

/// The input quantiser of one weight layer: code = clamp(round(x / scale)) in the unsigned range
/// [0, 2^bits - 1] when the calibrated activations are never negative, else the signed range.
struct InputQuantiser {
  double scale = 1.0;
  bool signed_codes = false;
  double calibrated_min = 0.0, calibrated_max = 0.0;
};

/// The device fault map programming drew from the seed, over every copy of every layer.
struct DeviceFaultCounts {
  std::uint64_t devices = 0;  ///< devices holding weights (2 x slices x K x M per copy and group)
  std::uint64_t stuck_at_gmin = 0;
  std::uint64_t stuck_at_gmax = 0;
};

/// What one unit did: its actions (priced by the energy table) and, apart from them because they
/// cost nothing, the conversions whose code clipped at the ADC's range (a statistic the report gives
/// per layer as the clipped fraction).
struct UnitCounts {
  energy::ActionCounts actions;
  std::uint64_t adc_clipped_conversions = 0;
  bool operator==(const UnitCounts& other) const {
    return actions == other.actions && adc_clipped_conversions == other.adc_clipped_conversions;
  }
};

class TileNetwork {
 public:
  /// Calibrates the input quantisers on `calibration_inputs` (one input map per frame, run through
  /// the float reference) and programs every weight layer (seeded by config.seed).
  TileNetwork(const cnn::Graph& graph, const AcceleratorConfig& config, const AcceleratorPlan& plan,
              const std::vector<cnn::TensorMap>& calibration_inputs);

  /// Unit `unit`'s whole output for frame `frame` from its streamed inputs (in unit input order;
  /// nullptr for constants). Adds what it did to `counts`.
  [[nodiscard]] cnn::Tensor compute_unit(
      std::size_t unit, std::uint64_t frame, const std::vector<const cnn::Tensor*>& inputs, UnitCounts& counts,
      memristor::ConverterMode converter = memristor::ConverterMode::kHardware) const;

  /// Runs every unit in graph order on the frame's inputs (the functional golden model); returns the
  /// graph outputs and adds every unit's actions to counts[unit].
  [[nodiscard]] cnn::TensorMap run_functional(
      std::uint64_t frame, const cnn::TensorMap& inputs, std::vector<UnitCounts>& counts,
      memristor::ConverterMode converter = memristor::ConverterMode::kHardware) const;

  [[nodiscard]] DeviceFaultCounts fault_counts() const;
  [[nodiscard]] const InputQuantiser& quantiser(std::size_t unit) const { return quantisers_.at(unit); }
  [[nodiscard]] const AcceleratorPlan& plan() const { return plan_; }
  /// The graph value unit `unit` produces.
  [[nodiscard]] const std::string& output_name(std::size_t unit) const {
    return graph_.nodes[plan_.units.at(unit).node_index].output;
  }

 private:
  /// mapping.output_calibration "per_column": tile output' = gain x tile output + offset per
  /// output column, folded into the output stage's scale multiply and bias add.
  struct ColumnCorrection {
    std::vector<float> gain, offset;
  };
  struct WeightLayer {
    // [copy][group]
    std::vector<std::vector<std::unique_ptr<memristor::CrossbarMatrix>>> matrices;
    std::vector<std::vector<ColumnCorrection>> corrections;  ///< [copy][group]; empty without output calibration
    std::vector<float> bias;  ///< one per output channel (M x groups), or per output element for Gemm
    bool bias_per_element = false;
  };

  /// Where one batch of a weight layer goes: which copy and group compute it, the output row (y of a
  /// Conv, 0 for Gemm/MatMul), its positions and how position p maps to the output (x or vector).
  struct Batch {
    std::uint32_t copy = 0;
    std::int64_t group = 0;
    std::int64_t row = 0;
    std::int64_t positions = 0;
    const std::vector<std::int32_t>* codes = nullptr;  ///< positions x K input codes
    [[nodiscard]] std::int64_t position_index(std::int64_t p, std::uint32_t copies) const {
      return copy + p * static_cast<std::int64_t>(copies);
    }
  };
  /// Calls `visit` for every batch of one input tensor's codes, in the order compute_weight_layer runs
  /// them.
  void for_each_batch(std::size_t unit, const std::vector<std::int32_t>& codes, const cnn::Shape& input_shape,
                      const std::function<void(const Batch&)>& visit) const;
  void calibrate_converters(std::size_t unit, const std::vector<const cnn::Tensor*>& samples);
  /// Fits each column's gain and offset (least squares) of the tiles' outputs, through their
  /// converters, to the exact product of the same input codes and the float weights, over the
  /// calibration samples.
  void calibrate_outputs(std::size_t unit, const std::vector<const cnn::Tensor*>& samples,
                         const std::vector<std::vector<float>>& group_matrices);

  [[nodiscard]] cnn::Tensor compute_weight_layer(std::size_t unit, std::uint64_t frame, const cnn::Tensor& input,
                                                 UnitCounts& unit_counts, memristor::ConverterMode converter) const;
  [[nodiscard]] cnn::Tensor compute_digital(std::size_t unit, const std::vector<const cnn::Tensor*>& inputs,
                                            energy::ActionCounts& counts) const;

  const cnn::Graph& graph_;
  const AcceleratorConfig& config_;
  const AcceleratorPlan& plan_;
  memristor::DeviceModel device_;
  std::vector<InputQuantiser> quantisers_;  ///< per unit (weight layers only meaningful)
  std::vector<WeightLayer> weight_layers_;  ///< per unit (empty for digital units)
};

/// Adds a tile tally under the action names of tile_actions.h, and its clipped conversions.
void add_tally(const memristor::TileTally& tally, UnitCounts& counts);

}  // namespace spinaps::cnn_accel
