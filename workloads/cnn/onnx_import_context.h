#pragma once
// State shared by the ONNX importer (onnx_import.cpp: file, graph inputs and outputs, constants) and
// the per-operator translators (onnx_ops.cpp). Internal to workloads/cnn.
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "workloads/cnn/graph.h"
#include "workloads/cnn/onnx_reader.h"

namespace spinaps::cnn::onnx_import {

class ImportContext {
 public:
  ImportContext(std::string source, std::int64_t opset) : opset_(opset) { graph_.source = std::move(source); }

  [[nodiscard]] Graph& graph() { return graph_; }
  [[nodiscard]] std::int64_t opset() const { return opset_; }

  /// Initialisers and the outputs of Constant nodes (kept as protos: they may be glue read as
  /// integers, or data copied into graph().constants on first use).
  void add_constant(const std::string& name, const onnx::TensorProto& tensor);
  void add_owned_constant(const std::string& name, onnx::TensorProto tensor);
  [[nodiscard]] bool is_constant(const std::string& name) const { return constant_protos_.count(name) != 0; }
  void add_activation(const std::string& name) { activations_.insert(name); }
  void count_use(const std::string& name) { ++use_counts_[name]; }
  [[nodiscard]] int uses(const std::string& name) const;
  /// Fails unless `name` is new (not an input, initialiser or earlier output).
  void define(const onnx_reader::NodeAttributes& node, const std::string& name);

  /// Whether input `index` of the node is given (ONNX marks omitted optional inputs with "").
  [[nodiscard]] static bool has_input(const onnx::NodeProto& proto, int index);
  /// The name of float input `index`: an activation, or a constant copied into graph().constants.
  std::string data_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto, int index);
  /// A constant input read as integers (Reshape shape, Resize sizes).
  std::vector<std::int64_t> integer_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto,
                                          int index);
  /// A constant input read as floats (Resize scales).
  std::vector<float> float_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto, int index);

 private:
  const onnx::TensorProto& constant_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto,
                                          int index, const std::string& role);
  static std::string input_label(const onnx::NodeProto& proto, int index);
  /// "node 'NAME' (OP): input I ('VALUE')", the start of messages about a constant input.
  static std::string message_prefix(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto, int index);

  Graph graph_;
  std::int64_t opset_;
  std::map<std::string, const onnx::TensorProto*> constant_protos_;
  std::deque<onnx::TensorProto> owned_;  // Constant-node tensors; a deque keeps their addresses
  std::set<std::string> activations_;
  std::map<std::string, int> use_counts_;
};

/// Appends the IR of one ONNX node to the context's graph: a Node, a constant (Constant), or a
/// change to the preceding Conv (BatchNormalization, folded).
void translate_node(ImportContext& context, const onnx::NodeProto& proto, const std::string& node_name);

}  // namespace spinaps::cnn::onnx_import
