#include "workloads/cnn/graph_builder.h"

#include <cmath>

#include "models/rng/counter_rng.h"
#include "workloads/cnn/shape_inference.h"

namespace spinaps::cnn {

namespace {

constexpr double kTwoPi = 6.283185307179586;

/// Standard normal number `index` of layer `layer`: Box-Muller on two counter-based uniform draws.
double standard_normal(std::uint64_t seed, std::uint64_t layer, std::uint32_t index) {
  const std::uint32_t pair = index / 2;
  const double u1 = (rng::draw_u32(seed, rng::Stream::kTraining, layer, 2 * pair, 0) + 1.0) / 4294967296.0;  // (0, 1]
  const double u2 = rng::draw_u32(seed, rng::Stream::kTraining, layer, 2 * pair + 1, 0) / 4294967296.0;
  const double radius = std::sqrt(-2.0 * std::log(u1));
  return radius * (index % 2 == 0 ? std::cos(kTwoPi * u2) : std::sin(kTwoPi * u2));
}

}  // namespace

std::string GraphBuilder::input(const std::string& name, const Shape& shape) {
  graph_.inputs.push_back(name);
  graph_.shapes[name] = shape;
  return name;
}

std::string GraphBuilder::add(Node node) {
  node.op_type = op_name(node.kind);
  node.output = node.name;
  graph_.nodes.push_back(node);
  return node.output;
}

std::string GraphBuilder::conv(const std::string& x, std::int64_t in_channels, std::int64_t out_channels,
                               std::int64_t kernel, std::int64_t pad, const std::string& name) {
  const std::uint64_t layer = weight_layers_++;
  Tensor weights{{out_channels, in_channels, kernel, kernel}, {}};
  const double deviation = std::sqrt(2.0 / static_cast<double>(in_channels * kernel * kernel));
  weights.values.resize(static_cast<std::size_t>(element_count(weights.shape)));
  for (std::size_t i = 0; i < weights.values.size(); ++i) {
    weights.values[i] = static_cast<float>(deviation * standard_normal(seed_, layer, static_cast<std::uint32_t>(i)));
  }
  graph_.constants[name + ".weight"] = std::move(weights);
  graph_.constants[name + ".bias"] = Tensor{{out_channels}, std::vector<float>(static_cast<std::size_t>(out_channels))};
  ConvParams params;
  params.window.kernel_h = params.window.kernel_w = kernel;
  params.window.pad_top = params.window.pad_left = params.window.pad_bottom = params.window.pad_right = pad;
  return add(Node{name, "", OpKind::kConv, {x, name + ".weight", name + ".bias"}, "", params});
}

std::string GraphBuilder::unary(OpKind kind, const std::string& x, const std::string& name) {
  return add(Node{name, "", kind, {x}, "", {}});
}

std::string GraphBuilder::max_pool(const std::string& x, std::int64_t size, const std::string& name) {
  PoolParams params;
  params.window.kernel_h = params.window.kernel_w = size;
  params.window.stride_h = params.window.stride_w = size;
  return add(Node{name, "", OpKind::kMaxPool, {x}, "", params});
}

std::string GraphBuilder::upsample_nearest(const std::string& x, std::int64_t factor, const std::string& name) {
  ResizeParams params;
  params.mode = ResizeMode::kNearest;
  // Output pixel o reads input floor(o / factor): Keras UpSampling2D and ONNX Upsample both do this.
  params.coordinates = CoordinateMode::kAsymmetric;
  params.rounding = NearestRounding::kFloor;
  params.scales = {1.0, 1.0, static_cast<double>(factor), static_cast<double>(factor)};
  return add(Node{name, "", OpKind::kResize, {x}, "", params});
}

std::string GraphBuilder::scale(const std::string& x, float factor, const std::string& name) {
  graph_.constants[name + ".factor"] = Tensor{{}, {factor}};
  return add(Node{name, "", OpKind::kMul, {x, name + ".factor"}, "", {}});
}

Graph GraphBuilder::finish(const std::vector<std::string>& outputs) {
  graph_.outputs = outputs;
  infer_shapes(graph_);
  return graph_;
}

}  // namespace spinaps::cnn
