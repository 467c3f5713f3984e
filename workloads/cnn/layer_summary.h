#pragma once
// Per-layer figures of a shaped Graph, for reports and for mapping layers onto crossbar tiles: the
// operator, shapes, multiply-accumulates, parameters and, for weight layers, the weight matrix a
// crossbar holds after im2col unrolling.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

struct LayerSummary {
  std::string name;
  std::string op_type;
  OpKind kind = OpKind::kIdentity;
  Shape input_shape;  // of the first input
  Shape output_shape;
  /// Weight multiply-accumulates for the whole batch as shaped (Conv, Gemm, MatMul; 0 otherwise).
  std::uint64_t macs = 0;
  /// Elements of the constants the node reads (weights, biases, broadcast operands).
  std::uint64_t parameters = 0;
  /// Operations outside the weight MACs, for digital units: one per output element for Relu, Tanh,
  /// Sigmoid, Mul, Add; one compare per window tap for MaxPool; one per interpolation tap for Resize.
  std::uint64_t vector_ops = 0;
  /// Weight layers: the im2col weight matrix of one group, rows = inputs per output
  /// (C/group * kH * kW, or K), columns = outputs (M/group, or N); 0 for other layers.
  std::int64_t weight_rows = 0;
  std::int64_t weight_columns = 0;
  std::int64_t groups = 1;
};

std::vector<LayerSummary> summarise_layers(const Graph& graph);

std::uint64_t total_macs(const std::vector<LayerSummary>& layers);
std::uint64_t total_parameters(const std::vector<LayerSummary>& layers);

/// A fixed-width text table, one line per layer and a total line.
std::string format_layer_table(const std::vector<LayerSummary>& layers);

}  // namespace spinaps::cnn
