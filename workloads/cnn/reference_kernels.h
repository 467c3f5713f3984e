#pragma once
// The float kernels behind run_node, one per operator family. Shapes were checked by infer_shapes;
// each kernel writes a tensor of `output_shape`.
#include "workloads/cnn/graph.h"

namespace spinaps::cnn::kernels {

Tensor conv(const Tensor& x, const Tensor& weights, const Tensor* bias, const ConvParams& params,
            const Shape& output_shape);
Tensor max_pool(const Tensor& x, const PoolParams& params, const Shape& output_shape);
Tensor resize(const Tensor& x, const ResizeParams& params, const Shape& output_shape);
/// Mul or Add with numpy broadcasting.
Tensor binary(OpKind kind, const Tensor& a, const Tensor& b, const Shape& output_shape);
Tensor gemm(const Tensor& a, const Tensor& b, const Tensor* c, const GemmParams& params, const Shape& output_shape);
/// A [..., K] times B [K, N].
Tensor matmul(const Tensor& a, const Tensor& b, const Shape& output_shape);
Tensor concat(const std::vector<const Tensor*>& inputs, std::int64_t axis, const Shape& output_shape);

/// Input coordinate of output pixel `index` along one axis (ONNX coordinate_transformation_mode).
double source_coordinate(CoordinateMode mode, std::int64_t index, std::int64_t input_length, std::int64_t output_length,
                         double scale);

}  // namespace spinaps::cnn::kernels
