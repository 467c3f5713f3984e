#pragma once
// BatchNormalization at inference is a per-channel affine map, so directly after a Conv it folds into
// the Conv's weights and bias: W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps).
// The tiles then hold W' and no normalisation unit is needed. Internal to the ONNX importer.
#include <onnx/onnx_pb.h>

#include "workloads/cnn/onnx_import_context.h"
#include "workloads/cnn/onnx_reader.h"

namespace spinaps::cnn::onnx_import {

/// Rewrites the Conv producing the node's input to also apply the normalisation (with copies of its
/// weights, which other nodes may share) and to produce the node's output. Fails, naming the node,
/// unless the input comes from a Conv read by nothing else and the parameters are constants.
void fold_batch_norm(ImportContext& context, const onnx::NodeProto& proto, onnx_reader::NodeAttributes& attributes);

}  // namespace spinaps::cnn::onnx_import
