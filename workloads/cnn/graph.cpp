#include "workloads/cnn/graph.h"

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::cnn {

std::string to_string(const Shape& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i == 0 ? "" : ",") + std::to_string(shape[i]);
  return text + "]";
}

std::int64_t element_count(const Shape& shape) {
  std::int64_t count = 1;
  for (const std::int64_t dimension : shape) count *= dimension;
  return count;
}

std::string op_name(OpKind kind) {
  switch (kind) {
    case OpKind::kConv:
      return "Conv";
    case OpKind::kRelu:
      return "Relu";
    case OpKind::kMaxPool:
      return "MaxPool";
    case OpKind::kResize:
      return "Resize";
    case OpKind::kTanh:
      return "Tanh";
    case OpKind::kSigmoid:
      return "Sigmoid";
    case OpKind::kMul:
      return "Mul";
    case OpKind::kAdd:
      return "Add";
    case OpKind::kGemm:
      return "Gemm";
    case OpKind::kMatMul:
      return "MatMul";
    case OpKind::kFlatten:
      return "Flatten";
    case OpKind::kConcat:
      return "Concat";
    case OpKind::kReshape:
      return "Reshape";
    case OpKind::kIdentity:
      return "Identity";
  }
  return "unknown";
}

const Node* producer_of(const Graph& graph, const std::string& value) {
  for (const Node& node : graph.nodes) {
    if (node.output == value) return &node;
  }
  return nullptr;
}

void throw_node_error(const std::string& source, const std::string& node_name, const std::string& op_type,
                      const std::string& problem) {
  throw data::DatasetError(source, "node '" + node_name + "' (" + op_type + "): " + problem);
}

void throw_node_error(const Graph& graph, const Node& node, const std::string& problem) {
  throw_node_error(graph.source, node.name, node.op_type, problem);
}

}  // namespace spinaps::cnn
