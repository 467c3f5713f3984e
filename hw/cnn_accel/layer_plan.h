#pragma once
// How a shaped CNN graph is laid onto the accelerator: one unit per graph node (weight layers on
// crossbar tiles, everything else on the digital unit of a node), the im2col matrix of each weight
// layer cut into tiles, copies of the slowest layers made from spare tiles (balanced replication),
// tiles placed on mesh nodes in layer order, and each unit's per-row timing. Rows are the unit of
// work and of transfer: a unit emits its output one image row (all columns and channels) at a time,
// and a row may start once the input rows it reads have arrived (docs/cnn_accelerator.md).
#include <cstdint>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_config.h"
#include "workloads/cnn/graph.h"

namespace spinaps::cnn_accel {

/// Cycle counts the tile technology gives for one phase and one digital operation.
struct UnitTiming {
  std::uint32_t adc_conversion_cycles = 1;
  std::uint32_t array_read_cycles = 1;
  std::uint32_t digital_op_cycles = 1;
};

/// Where a unit's input comes from.
struct UnitInput {
  std::string value;
  int producer = -1;      ///< index of the producing unit; -1 for a graph input
  bool constant = false;  ///< a constant operand (weights, biases, broadcast scalars): not streamed
  std::int64_t rows = 1;  ///< rows the producer emits per frame
};

struct UnitPlan {
  std::size_t node_index = 0;  ///< into Graph::nodes
  std::string name;
  std::string op_type;
  cnn::OpKind kind = cnn::OpKind::kIdentity;
  bool weight_layer = false;
  std::vector<UnitInput> inputs;  ///< in node order
  std::vector<int> consumers;     ///< units reading this unit's output
  bool graph_output = false;
  /// Rows emitted per frame: H of an NCHW output, else 1; a whole-tensor unit emits its single row
  /// once every input row has arrived.
  std::int64_t rows = 1;
  bool whole_tensor = false;
  std::int64_t row_elements = 0;        ///< output elements of one row (all channels)
  std::int64_t row_input_elements = 0;  ///< activation-input elements read per output row

  // Weight layers (Conv, Gemm, MatMul).
  std::int64_t positions_per_row = 0;     ///< output pixels (im2col vectors) of one row
  std::int64_t k = 0, m = 0, groups = 1;  ///< im2col matrix of one group: k inputs x m outputs
  std::uint32_t slices = 1;
  std::int64_t row_chunks = 0, column_chunks = 0;
  std::int64_t tiles_per_copy = 0;         ///< row chunks x column chunks x groups
  std::uint32_t copies = 1;                ///< replication
  std::int64_t first_tile = 0;             ///< global index of its first tile (copies are contiguous)
  double utilisation = 0.0;                ///< weight devices over devices of its tiles
  std::int64_t conversions_per_phase = 0;  ///< on the busiest tile of a copy, per input vector
  std::uint32_t phases = 1;                ///< DAC phases of one input vector
  std::uint32_t read_cycles = 1;           ///< word-line pulse and settling of one phase
  std::uint64_t conversion_cycles = 1;     ///< ceil(conversions / ADCs) x ADC conversion cycles

  // Placement and timing.
  std::uint32_t home_node = 0;       ///< where its input rows arrive and its output rows leave
  std::vector<std::uint32_t> nodes;  ///< every node holding one of its tiles (weight) or its digital work
  /// Per copy: the nodes other than home holding its tiles (their partial sums travel to home).
  std::vector<std::vector<std::uint32_t>> remote_nodes_per_copy;
  std::uint64_t digital_ops_per_row = 0;  ///< element operations of a digital unit per row
  std::uint32_t digital_lanes = 1;
  std::uint32_t digital_op_cycles = 1;

  /// Cycles of one output row. Weight layer, each copy streaming its n positions: the phases are
  /// pipelined (the next phase's read overlaps this phase's conversions through sample-and-hold):
  /// read + (n x phases - 1) x max(read, conversion) + conversion. Digital unit:
  /// ceil(operations / lanes) x operation cycles.
  [[nodiscard]] std::uint64_t row_cycles() const;
  /// Positions of one row a copy handles: copy c takes x = c, c + copies, ...
  [[nodiscard]] std::int64_t positions_of_copy(std::uint32_t copy) const;
  /// The last row of input `input` that output row `row` reads (the row may start once rows
  /// 0..that have arrived).
  [[nodiscard]] std::int64_t last_input_row(std::size_t input, std::int64_t row) const;

  // For last_input_row: the spatial window of Conv / MaxPool, or the Resize row ratio.
  std::int64_t window_stride = 1, window_extent = 1, window_pad_top = 0;
  std::int64_t input_rows = 1;
  bool resize = false;
};

struct AcceleratorPlan {
  std::vector<UnitPlan> units;  ///< in graph order (topological)
  UnitTiming timing;
  std::int64_t tiles_used = 0;
  std::int64_t tile_capacity = 0;
  std::int64_t nodes_used = 0;
  std::uint32_t host_node = 0;  ///< where frames enter and results leave
  std::int64_t tiles_per_node = 1;
  std::uint32_t nodes = 1;  ///< of the mesh
  std::uint32_t activation_bits = 8;

  /// Tiles of copy `copy` of weight unit `unit` that sit on mesh node `node`.
  [[nodiscard]] std::int64_t tiles_on_node(const UnitPlan& unit, std::uint32_t copy, std::uint32_t node) const;
  /// Cycles of one frame on the slowest unit (the pipeline's initiation interval bound).
  [[nodiscard]] std::uint64_t bottleneck_cycles_per_frame() const;
};

/// Plans a shaped graph (batch 1). Throws config::ConfigError naming the config file when the
/// tiles needed exceed the tiles of the mesh, and cnn node errors for unsupported shapes.
AcceleratorPlan plan_accelerator(const cnn::Graph& graph, const AcceleratorConfig& config, const UnitTiming& timing);

}  // namespace spinaps::cnn_accel
