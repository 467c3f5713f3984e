#pragma once
// Shape inference and validation of a Graph. Graph inputs must have their shapes in graph.shapes
// already; every constant and node output gets one here. Auto-padding is resolved into explicit
// pads and negative axes made non-negative, so later passes (reference, summary, mapping) read
// plain numbers. Every problem throws data::DatasetError "SOURCE: node 'NAME' (OP): ..." naming
// what was expected.
#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

void infer_shapes(Graph& graph);

/// Output size of a sliding window along one axis, or 0 when the window does not fit.
std::int64_t window_output_length(std::int64_t input_length, std::int64_t kernel, std::int64_t stride,
                                  std::int64_t dilation, std::int64_t pad_begin, std::int64_t pad_end, bool ceil_mode);

}  // namespace spinaps::cnn
