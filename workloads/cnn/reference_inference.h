#pragma once
// Floating-point reference inference of a shaped Graph (after infer_shapes): the numbers the
// memristive tiles are judged against. Conv is im2col + one Eigen GEMM per sample and group;
// everything else is a plain loop. Single-threaded and deterministic: the same graph and inputs
// give bit-identical outputs.
#include <map>
#include <string>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

using TensorMap = std::map<std::string, Tensor>;

struct ReferenceOptions {
  /// Also return every intermediate value (for per-layer comparisons); otherwise each is freed
  /// after its last reader and only the graph outputs come back.
  bool keep_intermediates = false;
};

/// Runs the graph on `inputs` (one tensor per graph input, with the inferred shape; anything else
/// throws std::invalid_argument) and returns the graph outputs by name.
TensorMap run_reference(const Graph& graph, const TensorMap& inputs, const ReferenceOptions& options = {});

/// One node on its input tensors (in node.inputs order); `output_shape` from shape inference.
Tensor run_node(const Node& node, const std::vector<const Tensor*>& inputs, const Shape& output_shape);

}  // namespace spinaps::cnn
