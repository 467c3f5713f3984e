// The two PtychoNN models: the vendored, trained edge model imported from ONNX and the original
// two-branch architecture built in C++; shapes, layer summaries and float reference inference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/onnx_test_models.h"
#include "workloads/cnn/layer_summary.h"
#include "workloads/cnn/onnx_import.h"
#include "workloads/cnn/ptychonn_original.h"
#include "workloads/cnn/reference_inference.h"

#ifndef SPINAPS_SOURCE_DIR
#error "SPINAPS_SOURCE_DIR must be defined to find the vendored model"
#endif

namespace spinaps::cnn {
namespace {

const std::string kEdgeModel = SPINAPS_SOURCE_DIR "/workloads/ptychonn/ptychoNN_8.onnx";
constexpr double kPi = 3.14159265358979323846;

Graph edge_model(std::int64_t batch) {
  OnnxImportOptions options;
  options.batch = batch;
  return import_onnx(kEdgeModel, options);
}

/// A smooth, deterministic stand-in for a binned diffraction pattern: a bright centre with rings.
Tensor diffraction_like(const Shape& shape) {
  Tensor x{shape, std::vector<float>(static_cast<std::size_t>(element_count(shape)))};
  const std::int64_t size = shape[2];
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    const double row = static_cast<double>((static_cast<std::int64_t>(i) / size) % size) - size / 2.0;
    const double col = static_cast<double>(static_cast<std::int64_t>(i) % size) - size / 2.0;
    const double radius = std::hypot(row, col) / size;
    x.values[i] = static_cast<float>(std::exp(-20.0 * radius * radius) * (1.0 + 0.3 * std::cos(40.0 * radius)));
  }
  return x;
}

std::size_t count_kind(const Graph& graph, OpKind kind) {
  return static_cast<std::size_t>(
      std::count_if(graph.nodes.begin(), graph.nodes.end(), [kind](const Node& node) { return node.kind == kind; }));
}

TEST(EdgePtychoNN, VendoredModelIsTheSharedReferenceCopy) {
  const std::string shared = SPINAPS_SOURCE_DIR "/../shared/reference/edge-ptychonn/ptychoNN_8.onnx";
  std::ifstream vendored(kEdgeModel, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(vendored)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.size(), 2942265U) << "PROVENANCE.md gives 2,942,265 bytes";
  std::ifstream reference(shared, std::ios::binary);
  if (!reference) GTEST_SKIP() << "the shared reference directory is not here; size checked only";
  const std::string original((std::istreambuf_iterator<char>(reference)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(bytes == original) << "workloads/ptychonn/ptychoNN_8.onnx differs from " << shared;
}

TEST(EdgePtychoNN, ImportsWithTheFilesBatchAndShapes) {
  const Graph graph = import_onnx(kEdgeModel);
  ASSERT_EQ(graph.inputs, std::vector<std::string>{"input.1"});
  ASSERT_EQ(graph.outputs, std::vector<std::string>{"94"});
  EXPECT_EQ(graph.shapes.at("input.1"), (Shape{8, 1, 128, 128}));
  EXPECT_EQ(graph.shapes.at("94"), (Shape{8, 1, 128, 128}));
}

TEST(EdgePtychoNN, OneFrameHasTheDocumentedLayersMacsAndParameters) {
  const Graph graph = edge_model(1);
  EXPECT_EQ(graph.nodes.size(), 43U) << "48 ONNX nodes less 5 Constants";
  EXPECT_EQ(count_kind(graph, OpKind::kConv), 17U);
  EXPECT_EQ(count_kind(graph, OpKind::kRelu), 16U);
  EXPECT_EQ(count_kind(graph, OpKind::kMaxPool), 4U);
  EXPECT_EQ(count_kind(graph, OpKind::kResize), 4U);
  EXPECT_EQ(count_kind(graph, OpKind::kTanh), 1U);
  EXPECT_EQ(count_kind(graph, OpKind::kMul), 1U);
  for (const Node& node : graph.nodes) {
    if (node.kind != OpKind::kResize) continue;
    const auto& resize = std::get<ResizeParams>(node.params);
    EXPECT_EQ(resize.mode, ResizeMode::kLinear) << node.name;
    EXPECT_EQ(resize.coordinates, CoordinateMode::kPytorchHalfPixel) << node.name;
  }
  const std::vector<LayerSummary> layers = summarise_layers(graph);
  // PROVENANCE.md's 733,937 initialiser values are 733,921 Conv weights and biases and the 16 Resize
  // scales (resolved into the Resize nodes here); the final Mul reads the factor pi.
  EXPECT_EQ(total_parameters(layers), 733921U + 1U);
  const std::uint64_t macs = total_macs(layers);
  EXPECT_EQ(macs, 316'145'664U);  // "about 316 M multiply-accumulates per frame"
  EXPECT_EQ(total_macs(summarise_layers(edge_model(2))), 2 * macs);
  const LayerSummary& first = layers.front();
  EXPECT_EQ(first.op_type, "Conv");
  EXPECT_EQ(first.weight_rows, 9);  // 1 channel x 3 x 3
  EXPECT_EQ(first.weight_columns, 16);
  EXPECT_EQ(first.macs, 128U * 128U * 16U * 9U);
}

TEST(EdgePtychoNN, InferenceOnAFixedInputIsFiniteBoundedAndDeterministic) {
  const Graph graph = edge_model(1);
  const Tensor x = diffraction_like(graph.shapes.at("input.1"));
  const Tensor first = run_reference(graph, {{"input.1", x}}).at("94");
  const Tensor second = run_reference(graph, {{"input.1", x}}).at("94");
  ASSERT_EQ(first.shape, (Shape{1, 1, 128, 128}));
  EXPECT_TRUE(first.values == second.values) << "bit-identical on a repeat";
  float low = first.values[0], high = first.values[0];
  for (const float value : first.values) {
    ASSERT_TRUE(std::isfinite(value));
    low = std::min(low, value);
    high = std::max(high, value);
  }
  EXPECT_GE(low, -kPi);  // pi * tanh
  EXPECT_LE(high, kPi);
  EXPECT_GT(high - low, 1e-3) << "a phase image, not a constant";
}

TEST(EdgePtychoNN, BatchOfTwoEqualsTwoSingleFrames) {
  const Graph single = edge_model(1), pair = edge_model(2);
  Tensor a = diffraction_like({1, 1, 128, 128}), b = a;
  for (float& value : b.values) value = 1.0F - value;
  Tensor both{{2, 1, 128, 128}, a.values};
  both.values.insert(both.values.end(), b.values.begin(), b.values.end());
  const std::vector<float> together = run_reference(pair, {{"input.1", both}}).at("94").values;
  const std::vector<float> first = run_reference(single, {{"input.1", a}}).at("94").values;
  const std::vector<float> second = run_reference(single, {{"input.1", b}}).at("94").values;
  ASSERT_EQ(together.size(), first.size() + second.size());
  EXPECT_TRUE(std::equal(first.begin(), first.end(), together.begin()));
  EXPECT_TRUE(std::equal(second.begin(), second.end(), together.begin() + static_cast<std::ptrdiff_t>(first.size())));
}

TEST(OriginalPtychoNN, HasThePapersShapesAndParameterCount) {
  const Graph graph = build_original_ptychonn();
  EXPECT_EQ(graph.shapes.at("diffraction"), (Shape{1, 1, 64, 64}));
  EXPECT_EQ(graph.outputs, (std::vector<std::string>{"amplitude", "phase"}));
  EXPECT_EQ(graph.shapes.at("amplitude"), (Shape{1, 1, 64, 64}));
  EXPECT_EQ(graph.shapes.at("phase"), (Shape{1, 1, 64, 64}));
  EXPECT_EQ(graph.shapes.at("enc3_pool"), (Shape{1, 128, 8, 8}));
  const std::vector<LayerSummary> layers = summarise_layers(graph);
  EXPECT_EQ(count_kind(graph, OpKind::kConv), 20U);  // 6 encoder + 2 x 7 decoder, as in the Keras summary
  EXPECT_EQ(count_kind(graph, OpKind::kResize), 6U);
  // The Keras model summary of train_network.ipynb: "Total params: 1,154,210"; plus the factor pi.
  EXPECT_EQ(total_parameters(layers), 1154210U + 1U);
  const OriginalPtychoNNOptions linear{1, 64, 32, 1, false};
  EXPECT_EQ(total_parameters(summarise_layers(build_original_ptychonn(linear))), 1154210U);
}

TEST(OriginalPtychoNN, SeededWeightsGiveDeterministicBoundedOutputs) {
  const Graph graph = build_original_ptychonn();
  const Graph again = build_original_ptychonn();
  OriginalPtychoNNOptions other;
  other.seed = 2;
  const Graph reseeded = build_original_ptychonn(other);
  EXPECT_TRUE(graph.constants.at("enc1_conv1.weight").values == again.constants.at("enc1_conv1.weight").values);
  EXPECT_FALSE(graph.constants.at("enc1_conv1.weight").values == reseeded.constants.at("enc1_conv1.weight").values);
  // He initialisation: standard deviation sqrt(2 / fan_in) = sqrt(2 / 288) for the second encoder conv.
  const std::vector<float>& weights = graph.constants.at("enc1_conv2.weight").values;
  double sum_squares = 0.0;
  for (const float w : weights) sum_squares += static_cast<double>(w) * w;
  EXPECT_NEAR(std::sqrt(sum_squares / static_cast<double>(weights.size())), std::sqrt(2.0 / 288.0), 0.004);

  const Tensor x = diffraction_like({1, 1, 64, 64});
  const TensorMap outputs = run_reference(graph, {{"diffraction", x}});
  EXPECT_TRUE(outputs.at("phase").values == run_reference(again, {{"diffraction", x}}).at("phase").values);
  for (const float a : outputs.at("amplitude").values) ASSERT_TRUE(a >= 0.0F && a <= 1.0F) << a;
  for (const float p : outputs.at("phase").values) ASSERT_TRUE(std::abs(p) <= kPi) << p;
}

TEST(OriginalPtychoNN, NearestUpsamplingRepeatsEachPixel) {
  const Graph graph = build_original_ptychonn();
  const Node* up = producer_of(graph, "amp1_up");
  ASSERT_NE(up, nullptr);
  Tensor x{{1, 1, 2, 3}, {1, 2, 3, 4, 5, 6}};
  const Tensor y = run_node(*up, {&x}, {1, 1, 4, 6});
  EXPECT_EQ(y.values, (std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6}));
}

TEST(LayerSummary, TableListsEveryLayerAndTheTotals) {
  const std::string table = format_layer_table(summarise_layers(edge_model(1)));
  EXPECT_NE(table.find("Conv_0"), std::string::npos);
  EXPECT_NE(table.find("Resize_25"), std::string::npos);
  EXPECT_NE(table.find("total"), std::string::npos);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 43 + 2);  // header, layers, total
}

}  // namespace
}  // namespace spinaps::cnn
