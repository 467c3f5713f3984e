#include "workloads/cnn/reference_inference.h"

#include <cmath>
#include <stdexcept>

#include "workloads/cnn/reference_kernels.h"

namespace spinaps::cnn {

namespace {

template <typename Function>
Tensor map_values(const Tensor& x, Function function) {
  Tensor y{x.shape, std::vector<float>(x.values.size())};
  for (std::size_t i = 0; i < x.values.size(); ++i) y.values[i] = function(x.values[i]);
  return y;
}

/// A copy of `x` under another shape of the same size (Flatten, Reshape, Identity).
Tensor reshaped(const Tensor& x, const Shape& shape) { return Tensor{shape, x.values}; }

}  // namespace

Tensor run_node(const Node& node, const std::vector<const Tensor*>& inputs, const Shape& output_shape) {
  const Tensor& x = *inputs.at(0);
  const Tensor* optional_third = inputs.size() > 2 ? inputs[2] : nullptr;
  switch (node.kind) {
    case OpKind::kConv:
      return kernels::conv(x, *inputs.at(1), optional_third, std::get<ConvParams>(node.params), output_shape);
    case OpKind::kMaxPool:
      return kernels::max_pool(x, std::get<PoolParams>(node.params), output_shape);
    case OpKind::kResize:
      return kernels::resize(x, std::get<ResizeParams>(node.params), output_shape);
    case OpKind::kRelu:
      return map_values(x, [](float v) { return v > 0.0F ? v : 0.0F; });
    case OpKind::kTanh:
      return map_values(x, [](float v) { return std::tanh(v); });
    case OpKind::kSigmoid:
      return map_values(x, [](float v) { return 1.0F / (1.0F + std::exp(-v)); });
    case OpKind::kMul:
    case OpKind::kAdd:
      return kernels::binary(node.kind, x, *inputs.at(1), output_shape);
    case OpKind::kGemm:
      return kernels::gemm(x, *inputs.at(1), optional_third, std::get<GemmParams>(node.params), output_shape);
    case OpKind::kMatMul:
      return kernels::matmul(x, *inputs.at(1), output_shape);
    case OpKind::kConcat:
      return kernels::concat(inputs, std::get<AxisParams>(node.params).axis, output_shape);
    case OpKind::kFlatten:
    case OpKind::kReshape:
    case OpKind::kIdentity:
      return reshaped(x, output_shape);
  }
  throw std::logic_error("run_node: unknown operator kind");
}

TensorMap run_reference(const Graph& graph, const TensorMap& inputs, const ReferenceOptions& options) {
  TensorMap values;
  for (const std::string& name : graph.inputs) {
    const auto found = inputs.find(name);
    if (found == inputs.end()) {
      throw std::invalid_argument(graph.source + ": reference inference needs a tensor for graph input '" + name + "'");
    }
    const Shape& expected = graph.shapes.at(name);
    if (found->second.shape != expected ||
        static_cast<std::int64_t>(found->second.values.size()) != element_count(expected)) {
      throw std::invalid_argument(graph.source + ": graph input '" + name + "' has shape " +
                                  to_string(found->second.shape) + "; expected " + to_string(expected));
    }
    values[name] = found->second;
  }
  // The step after which each value is read no more (graph outputs: never).
  std::map<std::string, std::size_t> last_use;
  for (std::size_t step = 0; step < graph.nodes.size(); ++step) {
    for (const std::string& input : graph.nodes[step].inputs) last_use[input] = step;
  }
  for (const std::string& output : graph.outputs) last_use[output] = graph.nodes.size();
  for (std::size_t step = 0; step < graph.nodes.size(); ++step) {
    const Node& node = graph.nodes[step];
    std::vector<const Tensor*> operands;
    for (const std::string& input : node.inputs) {
      const auto constant = graph.constants.find(input);
      operands.push_back(constant != graph.constants.end() ? &constant->second : &values.at(input));
    }
    values[node.output] = run_node(node, operands, graph.shapes.at(node.output));
    if (options.keep_intermediates) continue;
    for (const std::string& input : node.inputs) {
      const auto last = last_use.find(input);
      if (last != last_use.end() && last->second == step) values.erase(input);
    }
  }
  if (options.keep_intermediates) return values;
  TensorMap outputs;
  for (const std::string& output : graph.outputs) {
    const auto constant = graph.constants.find(output);
    outputs[output] = constant != graph.constants.end() ? constant->second : values.at(output);
  }
  return outputs;
}

}  // namespace spinaps::cnn
