#include "workloads/cnn/batchnorm_folding.h"

#include <cmath>
#include <limits>

namespace spinaps::cnn::onnx_import {

namespace {

/// A folded value as float, failing (instead of overflowing) when it leaves float's range.
float folded_float(double value, const onnx_reader::NodeAttributes& attributes) {
  if (!(std::fabs(value) <= static_cast<double>(std::numeric_limits<float>::max()))) {
    attributes.fail("folding gives a weight or bias beyond float range; expected moderate scale and variance");
  }
  return static_cast<float>(value);
}

}  // namespace

void fold_batch_norm(ImportContext& context, const onnx::NodeProto& proto, onnx_reader::NodeAttributes& attributes) {
  if (proto.input_size() != 5) {
    attributes.fail("has " + std::to_string(proto.input_size()) + " inputs; expected 5 (X, scale, B, mean, var)");
  }
  const double epsilon = attributes.real("epsilon", 1e-5F);
  if (attributes.integer("training_mode", 0) != 0) attributes.fail("attribute 'training_mode' is 1; expected 0");
  if (attributes.integer("spatial", 1) != 1) attributes.fail("attribute 'spatial' is 0; expected 1 (per channel)");
  attributes.ignore({"momentum", "is_test", "consumed_inputs"});  // training-time or legacy, no effect here
  attributes.finish();

  Graph& graph = context.graph();
  const std::string& input = proto.input(0);
  Node* conv = nullptr;
  for (auto it = graph.nodes.rbegin(); it != graph.nodes.rend() && conv == nullptr; ++it) {
    if (it->output == input) conv = &*it;
  }
  if (conv == nullptr || conv->kind != OpKind::kConv) {
    attributes.fail("input '" + input + "' is not the output of a Conv; expected BatchNormalization directly after " +
                    "a Conv (it is folded into the Conv's weights)");
  }
  if (context.uses(input) != 1) {
    attributes.fail("the Conv output '" + input + "' is read elsewhere too; expected the BatchNormalization to be " +
                    "its only reader (needed to fold it into the Conv)");
  }
  const auto weights = graph.constants.find(conv->inputs[1]);
  if (weights == graph.constants.end() || weights->second.shape.size() != 4 || weights->second.values.empty()) {
    attributes.fail("the preceding Conv's weights are not a constant [M, C, kH, kW] tensor; expected them to be");
  }
  const auto channels = static_cast<std::size_t>(weights->second.shape[0]);
  std::vector<std::vector<float>> parameters;  // gamma, beta, mean, var
  for (int index = 1; index <= 4; ++index) {
    parameters.push_back(context.float_input(attributes, proto, index));
    if (parameters.back().size() != channels) {
      attributes.fail("input " + std::to_string(index) + " has " + std::to_string(parameters.back().size()) +
                      " values; expected one per Conv output channel (" + std::to_string(channels) + ")");
    }
  }
  Tensor folded_weights = weights->second;
  Tensor folded_bias{{weights->second.shape[0]}, std::vector<float>(channels, 0.0F)};
  if (conv->inputs.size() == 3) {
    const auto bias = graph.constants.find(conv->inputs[2]);
    if (bias == graph.constants.end() || bias->second.values.size() != channels) {
      attributes.fail("the preceding Conv's bias is not a constant of " + std::to_string(channels) + " values");
    }
    folded_bias.values = bias->second.values;
  }
  const std::size_t per_channel = folded_weights.values.size() / channels;
  for (std::size_t m = 0; m < channels; ++m) {
    const double variance = static_cast<double>(parameters[3][m]) + epsilon;
    if (!(variance > 0.0)) attributes.fail("variance + epsilon is not positive for channel " + std::to_string(m));
    const double factor = parameters[0][m] / std::sqrt(variance);
    for (std::size_t i = 0; i < per_channel; ++i) {
      float& weight = folded_weights.values[m * per_channel + i];
      weight = folded_float(weight * factor, attributes);
    }
    folded_bias.values[m] = folded_float(
        (static_cast<double>(folded_bias.values[m]) - parameters[2][m]) * factor + parameters[1][m], attributes);
  }
  // Weights may be shared with other Convs, so the folded ones are copies under new names.
  const std::string weight_name = attributes.node_name() + ":folded_weight";
  const std::string bias_name = attributes.node_name() + ":folded_bias";
  if (graph.constants.count(weight_name) != 0 || graph.constants.count(bias_name) != 0) {
    attributes.fail("the names for the folded weights ('" + weight_name + "') are taken; expected them free");
  }
  graph.constants[weight_name] = std::move(folded_weights);
  graph.constants[bias_name] = std::move(folded_bias);
  conv->inputs = {conv->inputs[0], weight_name, bias_name};
  conv->output = proto.output(0);
  context.add_activation(conv->output);
}

}  // namespace spinaps::cnn::onnx_import
