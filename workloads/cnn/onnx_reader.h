#pragma once
// Checked access to ONNX protobuf messages for the importer: attributes of one node (type-checked,
// each consumed at most once, unknown ones rejected) and initialiser tensors decoded to floats or
// integers after their sizes were checked against their dimensions. Internal to workloads/cnn:
// only the importer includes the ONNX headers.
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn::onnx_reader {

/// The attributes of one node. Every error names the file, the node and what was expected.
class NodeAttributes {
 public:
  NodeAttributes(const onnx::NodeProto& node, std::string source, std::string node_name);

  [[noreturn]] void fail(const std::string& problem) const;

  [[nodiscard]] bool has(const std::string& name) const;
  [[nodiscard]] std::int64_t integer(const std::string& name, std::int64_t fallback);
  [[nodiscard]] std::vector<std::int64_t> integers(const std::string& name, const std::vector<std::int64_t>& fallback);
  [[nodiscard]] float real(const std::string& name, float fallback);
  [[nodiscard]] std::vector<float> reals(const std::string& name);
  /// A string that must be one of `allowed`.
  [[nodiscard]] std::string choice(const std::string& name, const std::vector<std::string>& allowed,
                                   const std::string& fallback);
  [[nodiscard]] const onnx::TensorProto& tensor(const std::string& name);
  /// Marks attributes as known and without effect on inference (e.g. cubic_coeff_a in linear mode).
  void ignore(const std::vector<std::string>& names);
  /// Throws for the first attribute no accessor consumed.
  void finish() const;

  [[nodiscard]] const std::string& source() const { return source_; }
  [[nodiscard]] const std::string& node_name() const { return node_name_; }
  [[nodiscard]] const std::string& op_type() const { return node_.op_type(); }

 private:
  const onnx::AttributeProto* find(const std::string& name, onnx::AttributeProto_AttributeType type);

  const onnx::NodeProto& node_;
  std::string source_;
  std::string node_name_;
  std::set<std::string> consumed_;
};

/// Decodes a FLOAT or DOUBLE tensor; `fail_prefix` starts every message (e.g. "node 'X' (Conv):
/// input 1 'w'"), and errors are data::DatasetError naming `source`.
Tensor decode_float_tensor(const onnx::TensorProto& tensor, const std::string& source, const std::string& fail_prefix);

/// Decodes an INT64 or INT32 tensor to a flat vector.
std::vector<std::int64_t> decode_integer_tensor(const onnx::TensorProto& tensor, const std::string& source,
                                                const std::string& fail_prefix);

/// Number of elements the tensor's dims declare (checked: non-negative, at most kMaximumTensorElements).
std::int64_t declared_elements(const onnx::TensorProto& tensor, const std::string& source,
                               const std::string& fail_prefix);

}  // namespace spinaps::cnn::onnx_reader
