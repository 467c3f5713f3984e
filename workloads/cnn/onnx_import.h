#pragma once
// Imports an ONNX model (a ModelProto file as torch.onnx.export or onnx.save write it) into the CNN
// Graph, with shapes inferred for every tensor. Supported operators and conventions: docs/onnx.md.
// Anything else (an unsupported operator or attribute, a missing initialiser, a truncated or
// corrupted file) throws one data::DatasetError whose message starts with the file and names the
// node (name and op_type) and what was expected; the CLI prints it on one line and exits 2.
#include <cstdint>
#include <string>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn {

struct OnnxImportOptions {
  /// Batch size (dimension 0) for every graph input: 0 keeps the file's (a symbolic batch
  /// dimension becomes 1); N > 0 overrides it, e.g. 1 to simulate one frame of ptychoNN_8.onnx,
  /// which was exported with batch 8.
  std::int64_t batch = 0;
};

/// The largest model file read: 2 GiB, protobuf's limit for one message.
inline constexpr std::uint64_t kMaximumOnnxFileBytes = (std::uint64_t{1} << 31) - 1;

Graph import_onnx(const std::string& path, const OnnxImportOptions& options = {});

/// The same from bytes already in memory; `source` names them in messages.
Graph import_onnx_bytes(const std::string& bytes, const std::string& source, const OnnxImportOptions& options = {});

}  // namespace spinaps::cnn
