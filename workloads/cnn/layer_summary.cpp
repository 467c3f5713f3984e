#include "workloads/cnn/layer_summary.h"

#include <cstdio>

namespace spinaps::cnn {

namespace {

std::uint64_t elements(const Shape& shape) { return static_cast<std::uint64_t>(element_count(shape)); }

void describe_weights(const Graph& graph, const Node& node, LayerSummary& layer) {
  const Shape& output = layer.output_shape;
  switch (node.kind) {
    case OpKind::kConv: {
      const Shape& weights = graph.shapes.at(node.inputs[1]);
      const auto& params = std::get<ConvParams>(node.params);
      layer.groups = params.groups;
      layer.weight_rows = weights[1] * weights[2] * weights[3];
      layer.weight_columns = weights[0] / params.groups;
      layer.macs = elements(output) * static_cast<std::uint64_t>(layer.weight_rows);
      break;
    }
    case OpKind::kGemm: {
      const Shape& b = graph.shapes.at(node.inputs[1]);
      const bool transposed = std::get<GemmParams>(node.params).transpose_b;
      layer.weight_rows = transposed ? b[1] : b[0];
      layer.weight_columns = transposed ? b[0] : b[1];
      layer.macs = elements(output) * static_cast<std::uint64_t>(layer.weight_rows);
      break;
    }
    case OpKind::kMatMul: {
      const Shape& b = graph.shapes.at(node.inputs[1]);
      layer.weight_rows = b[0];
      layer.weight_columns = b[1];
      layer.macs = elements(output) * static_cast<std::uint64_t>(layer.weight_rows);
      break;
    }
    default:
      break;
  }
}

std::uint64_t vector_ops(const Node& node, const Shape& output) {
  switch (node.kind) {
    case OpKind::kRelu:
    case OpKind::kTanh:
    case OpKind::kSigmoid:
    case OpKind::kMul:
    case OpKind::kAdd:
      return elements(output);
    case OpKind::kMaxPool: {
      const WindowParams& window = std::get<PoolParams>(node.params).window;
      return elements(output) * static_cast<std::uint64_t>(window.kernel_h * window.kernel_w);
    }
    case OpKind::kResize:
      return elements(output) * (std::get<ResizeParams>(node.params).mode == ResizeMode::kLinear ? 4U : 1U);
    default:
      return 0;
  }
}

}  // namespace

std::vector<LayerSummary> summarise_layers(const Graph& graph) {
  std::vector<LayerSummary> layers;
  for (const Node& node : graph.nodes) {
    LayerSummary layer;
    layer.name = node.name;
    layer.op_type = node.op_type;
    layer.kind = node.kind;
    layer.input_shape = graph.shapes.at(node.inputs.at(0));
    layer.output_shape = graph.shapes.at(node.output);
    for (const std::string& input : node.inputs) {
      const auto constant = graph.constants.find(input);
      if (constant != graph.constants.end()) layer.parameters += constant->second.values.size();
    }
    describe_weights(graph, node, layer);
    layer.vector_ops = vector_ops(node, layer.output_shape);
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::uint64_t total_macs(const std::vector<LayerSummary>& layers) {
  std::uint64_t total = 0;
  for (const LayerSummary& layer : layers) total += layer.macs;
  return total;
}

std::uint64_t total_parameters(const std::vector<LayerSummary>& layers) {
  std::uint64_t total = 0;
  for (const LayerSummary& layer : layers) total += layer.parameters;
  return total;
}

std::string format_layer_table(const std::vector<LayerSummary>& layers) {
  std::string table;
  char line[256];
  std::snprintf(line, sizeof line, "%-14s %-9s %-18s %-18s %13s %10s %11s\n", "layer", "op", "input", "output", "MACs",
                "params", "weights");
  table += line;
  for (const LayerSummary& layer : layers) {
    const std::string weights =
        layer.weight_rows == 0 ? "-" : std::to_string(layer.weight_rows) + "x" + std::to_string(layer.weight_columns);
    std::snprintf(line, sizeof line, "%-14s %-9s %-18s %-18s %13llu %10llu %11s\n", layer.name.c_str(),
                  layer.op_type.c_str(), to_string(layer.input_shape).c_str(), to_string(layer.output_shape).c_str(),
                  static_cast<unsigned long long>(layer.macs), static_cast<unsigned long long>(layer.parameters),
                  weights.c_str());
    table += line;
  }
  std::snprintf(line, sizeof line, "%-14s %-9s %-18s %-18s %13llu %10llu\n", "total", "", "", "",
                static_cast<unsigned long long>(total_macs(layers)),
                static_cast<unsigned long long>(total_parameters(layers)));
  return table + line;
}

}  // namespace spinaps::cnn
