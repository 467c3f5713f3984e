#include "workloads/cnn/onnx_import.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "workloads/cnn/onnx_import_context.h"
#include "workloads/cnn/shape_inference.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::cnn {

namespace onnx_import {

void ImportContext::add_constant(const std::string& name, const onnx::TensorProto& tensor) {
  constant_protos_[name] = &tensor;
}

void ImportContext::add_owned_constant(const std::string& name, onnx::TensorProto tensor) {
  owned_.push_back(std::move(tensor));
  constant_protos_[name] = &owned_.back();
}

int ImportContext::uses(const std::string& name) const {
  const auto found = use_counts_.find(name);
  return found == use_counts_.end() ? 0 : found->second;
}

void ImportContext::define(const onnx_reader::NodeAttributes& node, const std::string& name) {
  if (name.empty()) node.fail("has an output without a name; expected a named output");
  if (activations_.count(name) != 0 || constant_protos_.count(name) != 0) {
    node.fail("output '" + name + "' is already defined; expected every value to be defined once");
  }
}

bool ImportContext::has_input(const onnx::NodeProto& proto, int index) {
  return index < proto.input_size() && !proto.input(index).empty();
}

std::string ImportContext::input_label(const onnx::NodeProto& proto, int index) {
  return "input " + std::to_string(index) + " ('" + (index < proto.input_size() ? proto.input(index) : "") + "')";
}

std::string ImportContext::message_prefix(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto,
                                          int index) {
  return "node '" + node.node_name() + "' (" + node.op_type() + "): " + input_label(proto, index);
}

std::string ImportContext::data_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto,
                                      int index) {
  if (!has_input(proto, index)) node.fail(input_label(proto, index) + " is missing; expected a tensor");
  const std::string& name = proto.input(index);
  if (activations_.count(name) != 0 || graph_.constants.count(name) != 0) return name;
  const auto constant = constant_protos_.find(name);
  if (constant == constant_protos_.end()) {
    node.fail(input_label(proto, index) + " is neither a graph input, an initialiser nor the output of an earlier " +
              "node; expected the tensor to be defined (a missing initialiser?)");
  }
  const std::string prefix = message_prefix(node, proto, index);
  graph_.constants[name] = onnx_reader::decode_float_tensor(*constant->second, graph_.source, prefix);
  return name;
}

const onnx::TensorProto& ImportContext::constant_input(const onnx_reader::NodeAttributes& node,
                                                       const onnx::NodeProto& proto, int index,
                                                       const std::string& role) {
  const auto constant = constant_protos_.find(proto.input(index));
  if (constant == constant_protos_.end()) {
    node.fail(input_label(proto, index) + " is not an initialiser or Constant; expected " + role +
              " known when the model is loaded");
  }
  return *constant->second;
}

std::vector<std::int64_t> ImportContext::integer_input(const onnx_reader::NodeAttributes& node,
                                                       const onnx::NodeProto& proto, int index) {
  const std::string prefix = message_prefix(node, proto, index);
  return onnx_reader::decode_integer_tensor(constant_input(node, proto, index, "integers"), graph_.source, prefix);
}

std::vector<float> ImportContext::float_input(const onnx_reader::NodeAttributes& node, const onnx::NodeProto& proto,
                                              int index) {
  const std::string prefix = message_prefix(node, proto, index);
  return onnx_reader::decode_float_tensor(constant_input(node, proto, index, "floats"), graph_.source, prefix).values;
}

}  // namespace onnx_import

namespace {

using onnx_import::ImportContext;

[[noreturn]] void fail(const std::string& source, const std::string& problem) {
  throw data::DatasetError(source, problem);
}

std::int64_t default_domain_opset(const onnx::ModelProto& model, const std::string& source) {
  for (const auto& entry : model.opset_import()) {
    if (entry.domain().empty() || entry.domain() == "ai.onnx") return entry.version();
  }
  fail(source, "declares no opset for the default ONNX domain; expected an opset_import entry with domain ''");
}

/// Graph inputs that are not initialisers (IR version < 4 lists initialisers as inputs too).
void read_graph_inputs(const onnx::GraphProto& proto, ImportContext& context, const OnnxImportOptions& options) {
  Graph& graph = context.graph();
  for (const auto& input : proto.input()) {
    if (context.is_constant(input.name())) continue;
    const std::string where = "graph input '" + input.name() + "'";
    if (input.name().empty() || graph.shapes.count(input.name()) != 0) {
      fail(graph.source, where + " is unnamed or listed twice; expected unique names");
    }
    if (!input.type().has_tensor_type() || input.type().tensor_type().elem_type() != onnx::TensorProto_DataType_FLOAT) {
      fail(graph.source, where + " is not a float tensor; expected elem_type FLOAT");
    }
    Shape shape;
    for (const auto& dim : input.type().tensor_type().shape().dim()) {
      const bool first = shape.empty();
      if (dim.has_dim_value()) {
        if (dim.dim_value() < 1) {
          fail(graph.source, where + " has dimension " + std::to_string(shape.size()) + " = " +
                                 std::to_string(dim.dim_value()) + "; expected positive sizes");
        }
        shape.push_back(dim.dim_value());
      } else if (first) {
        shape.push_back(1);  // a symbolic batch ("N", "batch_size") is one frame unless overridden
      } else {
        fail(graph.source, where + " has a symbolic dimension " + std::to_string(shape.size()) +
                               "; expected fixed sizes except for the batch");
      }
    }
    if (shape.empty()) fail(graph.source, where + " has no shape; expected e.g. [N, C, H, W]");
    if (options.batch > 0) shape[0] = options.batch;
    graph.inputs.push_back(input.name());
    graph.shapes[input.name()] = shape;
    context.add_activation(input.name());
  }
  if (graph.inputs.empty()) fail(graph.source, "has no graph input besides initialisers; expected at least one");
}

/// Removes constants no node reads (e.g. a Conv's weights replaced by their BatchNorm-folded copy).
void prune_unused_constants(Graph& graph) {
  std::set<std::string> used(graph.outputs.begin(), graph.outputs.end());
  for (const Node& node : graph.nodes) used.insert(node.inputs.begin(), node.inputs.end());
  for (auto it = graph.constants.begin(); it != graph.constants.end();) {
    it = used.count(it->first) != 0 ? std::next(it) : graph.constants.erase(it);
  }
}

Graph import_model(const onnx::ModelProto& model, const std::string& source, const OnnxImportOptions& options) {
  if (!model.has_graph()) fail(source, "holds no graph; expected an ONNX ModelProto with a graph");
  const onnx::GraphProto& proto = model.graph();
  ImportContext context(source, default_domain_opset(model, source));
  for (const auto& initializer : proto.initializer()) {
    if (initializer.name().empty() || context.is_constant(initializer.name())) {
      fail(source, "initialiser '" + initializer.name() + "' is unnamed or given twice; expected unique names");
    }
    context.add_constant(initializer.name(), initializer);
  }
  if (proto.sparse_initializer_size() > 0) fail(source, "has sparse initialisers; expected dense ones");
  read_graph_inputs(proto, context, options);
  for (const auto& node : proto.node()) {
    for (const auto& input : node.input()) context.count_use(input);
  }
  for (const auto& output : proto.output()) context.count_use(output.name());
  std::set<std::string> node_names;
  for (int index = 0; index < proto.node_size(); ++index) {
    const onnx::NodeProto& node = proto.node(index);
    std::string name = node.name();
    if (name.empty() || node_names.count(name) != 0) name = node.op_type() + "#" + std::to_string(index);
    node_names.insert(name);
    onnx_import::translate_node(context, node, name);
  }
  Graph& graph = context.graph();
  for (const auto& output : proto.output()) graph.outputs.push_back(output.name());
  if (graph.outputs.empty()) fail(source, "has no graph output; expected at least one");
  prune_unused_constants(graph);
  infer_shapes(graph);
  return std::move(graph);
}

}  // namespace

Graph import_onnx_bytes(const std::string& bytes, const std::string& source, const OnnxImportOptions& options) {
  onnx::ModelProto model;
  if (bytes.size() > kMaximumOnnxFileBytes || !model.ParseFromString(bytes)) {
    fail(source, "is not a valid ONNX model: the protobuf encoding is truncated or corrupted (" +
                     std::to_string(bytes.size()) + " bytes); expected a ModelProto as onnx.save writes it");
  }
  return import_model(model, source, options);
}

Graph import_onnx(const std::string& path, const OnnxImportOptions& options) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) fail(path, "does not exist; expected an ONNX model file");
  if (error) fail(path, "cannot access file (" + error.message() + "); expected an ONNX model file");
  if (status.type() != std::filesystem::file_type::regular) fail(path, "is not a regular file; expected an ONNX model");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > kMaximumOnnxFileBytes) {
    fail(path, "is larger than " + std::to_string(kMaximumOnnxFileBytes) + " bytes or unreadable; expected an " +
                   "ONNX model of at most 2 GiB");
  }
  std::ifstream stream(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!stream.read(bytes.data(), static_cast<std::streamsize>(size))) {
    fail(path, "cannot be read; expected a readable ONNX model file");
  }
  return import_onnx_bytes(bytes, path, options);
}

}  // namespace spinaps::cnn
