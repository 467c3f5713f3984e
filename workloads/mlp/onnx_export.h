#pragma once
// Writes a trained MLP as an ONNX model (opset 13) that workloads/cnn/onnx_import.h reads back and
// `spinaps onnx` lists: input "x" [1, inputs], one Gemm per layer (B = the [outputs, inputs]
// weights with transB = 1, C = the bias), Relu between layers, output "y" [1, outputs] (logits).
#include <string>

#include "workloads/mlp/mlp.h"

namespace spinaps::mlp {

/// The serialised ModelProto; `description` goes into the model's doc_string.
std::string onnx_model_bytes(const Mlp& network, const std::string& description);

/// Writes onnx_model_bytes atomically to `path` (std::runtime_error naming the path on failure).
void export_onnx(const Mlp& network, const std::string& path, const std::string& description);

}  // namespace spinaps::mlp
