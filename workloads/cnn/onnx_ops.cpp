// Per-operator translation from ONNX nodes to the CNN Graph IR. Each translator reads and checks the
// operator's attributes (unknown ones are refused) and resolves constant "glue" inputs (Resize
// scales and sizes, Reshape targets) into the node's parameters.
#include <cmath>
#include <functional>

#include "workloads/cnn/batchnorm_folding.h"
#include "workloads/cnn/onnx_import_context.h"

namespace spinaps::cnn::onnx_import {

namespace {

using onnx_reader::NodeAttributes;

/// What one translator sees: the context, the proto, its checked attributes and the Node to fill.
struct Translation {
  ImportContext& context;
  const onnx::NodeProto& proto;
  NodeAttributes& attributes;
  Node& node;

  std::string data(int index) const { return context.data_input(attributes, proto, index); }
  void expect_input_count(int min_count, int max_count) const {
    if (proto.input_size() < min_count || proto.input_size() > max_count) {
      attributes.fail("has " + std::to_string(proto.input_size()) + " inputs; expected " + std::to_string(min_count) +
                      (min_count == max_count ? "" : " to " + std::to_string(max_count)));
    }
  }
  /// Inputs [0, count) as data, skipping omitted optional ones at the end.
  void data_inputs(int min_count, int max_count) const {
    expect_input_count(min_count, max_count);
    for (int index = 0; index < proto.input_size(); ++index) {
      if (index >= min_count && !ImportContext::has_input(proto, index)) continue;
      node.inputs.push_back(data(index));
    }
  }
};

std::vector<std::int64_t> pair_attribute(NodeAttributes& attributes, const std::string& name, std::int64_t fallback) {
  const std::vector<std::int64_t> values = attributes.integers(name, {fallback, fallback});
  if (values.size() != 2) {
    attributes.fail("attribute '" + name + "' has " + std::to_string(values.size()) +
                    " values; expected 2 (H, W: " + "only 2-D operators are supported)");
  }
  return values;
}

WindowParams read_window(NodeAttributes& attributes, std::int64_t kernel_h, std::int64_t kernel_w, bool dilations) {
  WindowParams window;
  const auto kernel = pair_attribute(attributes, "kernel_shape", -1);
  window.kernel_h = kernel[0] < 0 ? kernel_h : kernel[0];
  window.kernel_w = kernel[1] < 0 ? kernel_w : kernel[1];
  const auto strides = pair_attribute(attributes, "strides", 1);
  window.stride_h = strides[0];
  window.stride_w = strides[1];
  if (dilations) {
    const auto dilation = pair_attribute(attributes, "dilations", 1);
    window.dilation_h = dilation[0];
    window.dilation_w = dilation[1];
  }
  const std::string auto_pad = attributes.choice("auto_pad", {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}, "NOTSET");
  const auto pads = attributes.integers("pads", {0, 0, 0, 0});
  if (pads.size() != 4) attributes.fail("attribute 'pads' has " + std::to_string(pads.size()) + " values; expected 4");
  if (auto_pad == "NOTSET") {
    window.pad_top = pads[0];  // ONNX order: H begin, W begin, H end, W end
    window.pad_left = pads[1];
    window.pad_bottom = pads[2];
    window.pad_right = pads[3];
  } else if (auto_pad != "VALID") {
    window.auto_pad = auto_pad == "SAME_UPPER" ? WindowParams::AutoPad::kSameUpper : WindowParams::AutoPad::kSameLower;
  }
  return window;
}

void translate_conv(const Translation& t) {
  t.data_inputs(2, 3);
  // Without kernel_shape the weights' last two dimensions give the kernel.
  const auto weights = t.context.graph().constants.find(t.node.inputs[1]);
  const bool known = weights != t.context.graph().constants.end() && weights->second.shape.size() == 4;
  ConvParams params;
  params.window =
      read_window(t.attributes, known ? weights->second.shape[2] : 0, known ? weights->second.shape[3] : 0, true);
  params.groups = t.attributes.integer("group", 1);
  t.node.params = params;
}

void translate_max_pool(const Translation& t) {
  t.data_inputs(1, 1);
  if (!t.attributes.has("kernel_shape")) t.attributes.fail("attribute 'kernel_shape' is missing; expected 2 values");
  PoolParams params;
  params.window = read_window(t.attributes, 0, 0, t.context.opset() >= 10);
  params.ceil_mode = t.attributes.integer("ceil_mode", 0) != 0;
  t.attributes.ignore({"storage_order"});  // only affects the Indices output, which is refused
  t.node.params = params;
}

/// Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and Upsample (7-8: scales attribute;
/// 9: X, scales). Upsample and Resize-10 map outputs to inputs asymmetrically and take the floor.
void translate_resize(const Translation& t) {
  ResizeParams params;
  const bool upsample = t.proto.op_type() == "Upsample";
  const bool legacy = upsample || t.context.opset() < 11;
  const std::string mode = t.attributes.choice("mode",
                                               upsample ? std::vector<std::string>{"nearest", "linear", "bilinear"}
                                                        : std::vector<std::string>{"nearest", "linear"},
                                               "nearest");
  params.mode = mode == "nearest" ? ResizeMode::kNearest : ResizeMode::kLinear;
  if (legacy) {
    params.coordinates = CoordinateMode::kAsymmetric;
    params.rounding = NearestRounding::kFloor;
  } else {
    const std::string coordinates =
        t.attributes.choice("coordinate_transformation_mode",
                            {"half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners"}, "half_pixel");
    params.coordinates = coordinates == "half_pixel"           ? CoordinateMode::kHalfPixel
                         : coordinates == "pytorch_half_pixel" ? CoordinateMode::kPytorchHalfPixel
                         : coordinates == "asymmetric"         ? CoordinateMode::kAsymmetric
                                                               : CoordinateMode::kAlignCorners;
    const std::string rounding = t.attributes.choice(
        "nearest_mode", {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}, "round_prefer_floor");
    params.rounding = rounding == "round_prefer_floor"  ? NearestRounding::kRoundPreferFloor
                      : rounding == "round_prefer_ceil" ? NearestRounding::kRoundPreferCeil
                      : rounding == "floor"             ? NearestRounding::kFloor
                                                        : NearestRounding::kCeil;
    // Only cubic mode and tf_crop_and_resize read these, and both are refused above.
    t.attributes.ignore({"cubic_coeff_a", "exclude_outside", "extrapolation_value"});
  }
  const int scales_index = legacy ? 1 : 2;
  if (upsample && t.context.opset() < 9) {
    t.expect_input_count(1, 1);
    const auto scales = t.attributes.reals("scales");
    params.scales.assign(scales.begin(), scales.end());
  } else {
    t.expect_input_count(legacy ? 2 : 1, legacy ? 2 : 4);
    if (ImportContext::has_input(t.proto, scales_index)) {
      const auto scales = t.context.float_input(t.attributes, t.proto, scales_index);
      params.scales.assign(scales.begin(), scales.end());
    }
    if (!legacy && ImportContext::has_input(t.proto, 3))
      params.sizes = t.context.integer_input(t.attributes, t.proto, 3);
  }
  if (params.scales.empty() == params.sizes.empty()) {
    t.attributes.fail("has " + std::string(params.scales.empty() ? "neither" : "both") + " scales and sizes; " +
                      "expected exactly one of them");
  }
  for (const double scale : params.scales) {
    if (!(scale > 0.0) || !std::isfinite(scale)) t.attributes.fail("has a scale that is not positive and finite");
  }
  t.node.inputs.push_back(t.data(0));
  t.node.params = params;
}

void translate_gemm(const Translation& t) {
  t.data_inputs(2, 3);
  GemmParams params;
  params.alpha = t.attributes.real("alpha", 1.0F);
  params.beta = t.attributes.real("beta", 1.0F);
  params.transpose_a = t.attributes.integer("transA", 0) != 0;
  params.transpose_b = t.attributes.integer("transB", 0) != 0;
  t.node.params = params;
}

void translate_reshape(const Translation& t) {
  ReshapeParams params;
  if (t.context.opset() < 5) {
    t.data_inputs(1, 1);
    params.target = t.attributes.integers("shape", {});
  } else {
    t.expect_input_count(2, 2);
    t.node.inputs.push_back(t.data(0));
    params.target = t.context.integer_input(t.attributes, t.proto, 1);
    params.allow_zero = t.attributes.integer("allowzero", 0) != 0;
  }
  t.node.params = params;
}

/// Constant: one of value, value_float(s), value_int(s); becomes a constant, not a node.
void translate_constant(ImportContext& context, const onnx::NodeProto& proto, NodeAttributes& attributes) {
  onnx::TensorProto tensor;
  if (attributes.has("value")) {
    tensor = attributes.tensor("value");
  } else if (attributes.has("value_float") || attributes.has("value_floats")) {
    tensor.set_data_type(onnx::TensorProto_DataType_FLOAT);
    if (attributes.has("value_float")) {
      tensor.add_float_data(attributes.real("value_float", 0.0F));
    } else {
      for (const float value : attributes.reals("value_floats")) tensor.add_float_data(value);
      tensor.add_dims(tensor.float_data_size());
    }
  } else if (attributes.has("value_int") || attributes.has("value_ints")) {
    tensor.set_data_type(onnx::TensorProto_DataType_INT64);
    if (attributes.has("value_int")) {
      tensor.add_int64_data(attributes.integer("value_int", 0));
    } else {
      for (const std::int64_t value : attributes.integers("value_ints", {})) tensor.add_int64_data(value);
      tensor.add_dims(tensor.int64_data_size());
    }
  } else {
    attributes.fail("has no value; expected attribute 'value', 'value_float(s)' or 'value_int(s)'");
  }
  attributes.finish();
  if (proto.input_size() != 0) attributes.fail("has inputs; expected none");
  context.add_owned_constant(proto.output(0), std::move(tensor));
}

const std::map<std::string, std::pair<OpKind, std::function<void(const Translation&)>>>& translators() {
  static const std::map<std::string, std::pair<OpKind, std::function<void(const Translation&)>>> table = {
      {"Conv", {OpKind::kConv, translate_conv}},
      {"MaxPool", {OpKind::kMaxPool, translate_max_pool}},
      {"Resize", {OpKind::kResize, translate_resize}},
      {"Upsample", {OpKind::kResize, translate_resize}},
      {"Relu", {OpKind::kRelu, [](const Translation& t) { t.data_inputs(1, 1); }}},
      {"Tanh", {OpKind::kTanh, [](const Translation& t) { t.data_inputs(1, 1); }}},
      {"Sigmoid", {OpKind::kSigmoid, [](const Translation& t) { t.data_inputs(1, 1); }}},
      {"Identity", {OpKind::kIdentity, [](const Translation& t) { t.data_inputs(1, 1); }}},
      {"Mul", {OpKind::kMul, [](const Translation& t) { t.data_inputs(2, 2); }}},
      {"Add", {OpKind::kAdd, [](const Translation& t) { t.data_inputs(2, 2); }}},
      {"Gemm", {OpKind::kGemm, translate_gemm}},
      {"MatMul", {OpKind::kMatMul, [](const Translation& t) { t.data_inputs(2, 2); }}},
      {"Flatten",
       {OpKind::kFlatten,
        [](const Translation& t) {
          t.data_inputs(1, 1);
          t.node.params = AxisParams{t.attributes.integer("axis", 1)};
        }}},
      {"Concat",
       {OpKind::kConcat,
        [](const Translation& t) {
          if (!t.attributes.has("axis")) t.attributes.fail("attribute 'axis' is missing; expected an integer");
          t.data_inputs(1, std::max(1, t.proto.input_size()));
          t.node.params = AxisParams{t.attributes.integer("axis", 0)};
        }}},
      {"Reshape", {OpKind::kReshape, translate_reshape}},
  };
  return table;
}

std::string supported_list() {
  std::string list = "BatchNormalization (after Conv), Constant";
  for (const auto& [op_type, entry] : translators()) list += ", " + op_type;
  return list;
}

}  // namespace

void translate_node(ImportContext& context, const onnx::NodeProto& proto, const std::string& node_name) {
  NodeAttributes attributes(proto, context.graph().source, node_name);
  if (!proto.domain().empty() && proto.domain() != "ai.onnx") {
    attributes.fail("is in domain '" + proto.domain() + "'; expected an operator of the default ONNX domain");
  }
  const int outputs = proto.output_size();
  for (int index = 1; index < outputs; ++index) {
    if (!proto.output(index).empty()) {
      attributes.fail("has " + std::to_string(outputs) + " outputs; expected only the first (inference form)");
    }
  }
  if (outputs == 0) attributes.fail("has no output; expected one");
  context.define(attributes, proto.output(0));
  if (proto.op_type() == "Constant") {
    translate_constant(context, proto, attributes);
    return;
  }
  if (proto.op_type() == "BatchNormalization") {
    fold_batch_norm(context, proto, attributes);
    return;
  }
  const auto entry = translators().find(proto.op_type());
  if (entry == translators().end()) {
    attributes.fail("operator '" + proto.op_type() + "' is not supported; expected one of " + supported_list());
  }
  Node node;
  node.name = node_name;
  node.op_type = proto.op_type();
  node.kind = entry->second.first;
  node.output = proto.output(0);
  entry->second.second(Translation{context, proto, attributes, node});
  attributes.finish();
  context.add_activation(node.output);
  context.graph().nodes.push_back(std::move(node));
}

}  // namespace spinaps::cnn::onnx_import
