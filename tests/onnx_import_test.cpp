// ONNX import and float reference: small models written with the protobuf API, imported from a
// file, run, and compared with values computed here by naive loops or by hand.
#include "workloads/cnn/onnx_import.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "tests/onnx_test_models.h"
#include "workloads/cnn/reference_inference.h"

#ifndef SPINAPS_SOURCE_DIR
#error "SPINAPS_SOURCE_DIR must be defined to find the fuzz seed corpus"
#endif

namespace spinaps::cnn {
namespace {

using testing::OnnxModel;
using testing::ramp;

/// Runs the one-input, one-output graph on `x`.
std::vector<float> run_single(const Graph& graph, const std::vector<float>& x) {
  const TensorMap outputs = run_reference(graph, {{graph.inputs.at(0), Tensor{graph.shapes.at(graph.inputs[0]), x}}});
  return outputs.at(graph.outputs.at(0)).values;
}

void expect_near_all(const std::vector<float>& actual, const std::vector<double>& expected, double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << "element " << i;
}

/// Naive NCHW convolution in double: the definition, one output at a time.
std::vector<double> naive_conv(const std::vector<float>& x, const Shape& xs, const std::vector<float>& w,
                               const Shape& ws, const std::vector<float>& bias, const WindowParams& p,
                               std::int64_t groups, const Shape& ys) {
  std::vector<double> y(static_cast<std::size_t>(element_count(ys)));
  const std::int64_t cg = ws[1], mg = ws[0] / groups;
  for (std::int64_t n = 0; n < ys[0]; ++n)
    for (std::int64_t m = 0; m < ys[1]; ++m)
      for (std::int64_t oy = 0; oy < ys[2]; ++oy)
        for (std::int64_t ox = 0; ox < ys[3]; ++ox) {
          double sum = bias.empty() ? 0.0 : bias[m];
          for (std::int64_t c = 0; c < cg; ++c)
            for (std::int64_t ky = 0; ky < ws[2]; ++ky)
              for (std::int64_t kx = 0; kx < ws[3]; ++kx) {
                const std::int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
                const std::int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
                if (iy < 0 || iy >= xs[2] || ix < 0 || ix >= xs[3]) continue;
                const std::int64_t channel = (m / mg) * cg + c;
                sum += static_cast<double>(x[((n * xs[1] + channel) * xs[2] + iy) * xs[3] + ix]) *
                       w[((m * cg + c) * ws[2] + ky) * ws[3] + kx];
              }
          y[((n * ys[1] + m) * ys[2] + oy) * ys[3] + ox] = sum;
        }
  return y;
}

TEST(OnnxImport, ConvWithAsymmetricPaddingAndStrideMatchesNaiveLoops) {
  OnnxModel model;
  const Shape xs{2, 3, 7, 6}, ws{4, 3, 3, 2};
  const std::vector<float> w = ramp(72), bias{0.5F, -1.0F, 0.25F, 2.0F};
  model.input("x", xs);
  model.initializer("w", ws, w);
  model.initializer("b", {4}, bias);
  auto& conv = model.node("Conv", {"x", "w", "b"}, "y", "conv");
  OnnxModel::attribute(conv, "pads", std::vector<std::int64_t>{1, 0, 2, 1});
  OnnxModel::attribute(conv, "strides", std::vector<std::int64_t>{2, 1});
  model.output("y");
  const Graph graph = import_onnx(model.write("conv"));
  WindowParams p;
  p.pad_top = 1, p.pad_left = 0, p.pad_bottom = 2, p.pad_right = 1, p.stride_h = 2;
  const Shape ys{2, 4, 4, 6};  // H: (7 + 3 - 3) / 2 + 1 = 4; W: (6 + 1 - 2) / 1 + 1 = 6
  ASSERT_EQ(graph.shapes.at("y"), ys);
  const std::vector<float> x = ramp(element_count(xs), 0.1F);
  expect_near_all(run_single(graph, x), naive_conv(x, xs, w, ws, bias, p, 1, ys), 1e-4);
}

TEST(OnnxImport, GroupedDilatedConvWithoutBiasMatchesNaiveLoops) {
  OnnxModel model;
  const Shape xs{1, 4, 9, 9}, ws{6, 2, 3, 3};
  const std::vector<float> w = ramp(108, -0.2F);
  model.input("x", xs);
  model.initializer("w", ws, w);
  auto& conv = model.node("Conv", {"x", "w"}, "y", "grouped");
  OnnxModel::attribute(conv, "group", std::int64_t{2});
  OnnxModel::attribute(conv, "dilations", std::vector<std::int64_t>{2, 2});
  OnnxModel::attribute(conv, "auto_pad", std::string("SAME_UPPER"));
  model.output("y");
  const Graph graph = import_onnx(model.write("grouped"));
  WindowParams p;
  p.dilation_h = p.dilation_w = 2;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 2;  // SAME: extent 5, total pad 4
  const Shape ys{1, 6, 9, 9};
  ASSERT_EQ(graph.shapes.at("y"), ys);
  const std::vector<float> x = ramp(element_count(xs));
  expect_near_all(run_single(graph, x), naive_conv(x, xs, w, ws, {}, p, 2, ys), 1e-4);
}

TEST(OnnxImport, MaxPoolWithPaddingAndCeilModeMatchesNaiveLoops) {
  OnnxModel model;
  model.input("x", {1, 2, 5, 5});
  auto& pool = model.node("MaxPool", {"x"}, "y", "pool");
  OnnxModel::attribute(pool, "kernel_shape", std::vector<std::int64_t>{3, 3});
  OnnxModel::attribute(pool, "strides", std::vector<std::int64_t>{2, 2});
  OnnxModel::attribute(pool, "pads", std::vector<std::int64_t>{1, 1, 1, 1});
  OnnxModel::attribute(pool, "ceil_mode", std::int64_t{1});
  model.output("y");
  const Graph graph = import_onnx(model.write("pool"));
  ASSERT_EQ(graph.shapes.at("y"), (Shape{1, 2, 3, 3}));  // ceil((5 + 2 - 3) / 2) + 1 = 3
  const std::vector<float> x = ramp(50);
  std::vector<double> expected;
  for (int c = 0; c < 2; ++c)
    for (int oy = 0; oy < 3; ++oy)
      for (int ox = 0; ox < 3; ++ox) {
        double best = -std::numeric_limits<double>::infinity();
        for (int iy = 2 * oy - 1; iy <= 2 * oy + 1; ++iy)
          for (int ix = 2 * ox - 1; ix <= 2 * ox + 1; ++ix)
            if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) best = std::max<double>(best, x[(c * 5 + iy) * 5 + ix]);
        expected.push_back(best);
      }
  expect_near_all(run_single(graph, x), expected, 0.0);
}

/// Resize of [[1, 2], [3, 4]] to 4x4 by a scale of 2, as the edge model does it (scales from an
/// initialiser, an empty roi from a Constant node).
Graph bilinear_2x2_to_4x4(const std::string& coordinate_mode) {
  OnnxModel model(12);
  model.input("x", {1, 1, 2, 2});
  model.initializer("scales", {4}, {1.0F, 1.0F, 2.0F, 2.0F});
  auto& roi = model.node("Constant", {}, "roi", "empty_roi");
  auto* value = roi.add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto_AttributeType_TENSOR);
  value->mutable_t()->set_data_type(onnx::TensorProto_DataType_FLOAT);
  value->mutable_t()->add_dims(0);
  auto& resize = model.node("Resize", {"x", "roi", "scales"}, "y", "up");
  OnnxModel::attribute(resize, "mode", std::string("linear"));
  OnnxModel::attribute(resize, "coordinate_transformation_mode", coordinate_mode);
  OnnxModel::attribute(resize, "cubic_coeff_a", -0.75F);
  OnnxModel::attribute(resize, "nearest_mode", std::string("floor"));
  model.output("y");
  return import_onnx(model.write("resize_" + coordinate_mode));
}

TEST(OnnxImport, BilinearResizeHalfPixelMatchesHandComputedExample) {
  // By hand: output index o maps to x = (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to
  // [0, 1], so each axis interpolates with weights 0, 0.25, 0.75, 1 between its two pixels:
  // value = 1 + wx * (2 - 1) + wy * (3 - 1).
  const std::vector<double> expected{1.0, 1.25, 1.75, 2.0, 1.5, 1.75, 2.25, 2.5,
                                     2.5, 2.75, 3.25, 3.5, 3.0, 3.25, 3.75, 4.0};
  for (const std::string mode : {"half_pixel", "pytorch_half_pixel"}) {
    const Graph graph = bilinear_2x2_to_4x4(mode);
    ASSERT_EQ(graph.shapes.at("y"), (Shape{1, 1, 4, 4})) << mode;
    expect_near_all(run_single(graph, {1.0F, 2.0F, 3.0F, 4.0F}), expected, 1e-6);
  }
}

TEST(OnnxImport, LinearResizeAlignCornersAndAsymmetricMatchHandValues) {
  // 2 -> 4 pixels of [1, 2]: align_corners maps o to o / 3 (1, 4/3, 5/3, 2); asymmetric to o / 2
  // (1, 1.5, 2, 2: the last clamps to the edge).
  const Graph align = bilinear_2x2_to_4x4("align_corners");
  const Graph asymmetric = bilinear_2x2_to_4x4("asymmetric");
  const std::vector<float> x{1.0F, 2.0F, 1.0F, 2.0F};  // rows equal: only W matters
  const std::vector<double> align_row{1.0, 4.0 / 3.0, 5.0 / 3.0, 2.0}, asymmetric_row{1.0, 1.5, 2.0, 2.0};
  std::vector<double> align_expected, asymmetric_expected;
  for (int row = 0; row < 4; ++row) {
    align_expected.insert(align_expected.end(), align_row.begin(), align_row.end());
    asymmetric_expected.insert(asymmetric_expected.end(), asymmetric_row.begin(), asymmetric_row.end());
  }
  expect_near_all(run_single(align, x), align_expected, 1e-6);
  expect_near_all(run_single(asymmetric, x), asymmetric_expected, 1e-6);
}

TEST(OnnxImport, NearestUpsampleAndResizeBySizesRepeatPixels) {
  // ONNX's own Upsample example (opset 9): scales 2 (H) and 3 (W) repeat each pixel.
  OnnxModel upsample(9);
  upsample.input("x", {1, 1, 2, 2});
  upsample.initializer("scales", {4}, {1.0F, 1.0F, 2.0F, 3.0F});
  OnnxModel::attribute(upsample.node("Upsample", {"x", "scales"}, "y", "up"), "mode", std::string("nearest"));
  upsample.output("y");
  const Graph graph = import_onnx(upsample.write("upsample"));
  ASSERT_EQ(graph.shapes.at("y"), (Shape{1, 1, 4, 6}));
  expect_near_all(run_single(graph, {1, 2, 3, 4}),
                  {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}, 0.0);
  // ONNX's resize_upsample_scales_nearest example: defaults half_pixel and round_prefer_floor give
  // the same picture (W: x = (o + 0.5) / 3 - 0.5 = -1/3, 0, 1/3, 2/3, 1, 4/3 rounds to 0, 0, 0, 1, 1, 1).
  OnnxModel defaults(13);
  defaults.input("x", {1, 1, 2, 2});
  defaults.initializer("scales", {4}, {1.0F, 1.0F, 2.0F, 3.0F});
  defaults.node("Resize", {"x", "", "scales"}, "y", "resize_defaults");
  defaults.output("y");
  expect_near_all(run_single(import_onnx(defaults.write("defaults")), {1, 2, 3, 4}),
                  {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}, 0.0);
  // Resize by sizes 2 -> 3, nearest, asymmetric + floor: o -> floor(o * 2 / 3) = 0, 0, 1.
  OnnxModel resize(13);
  resize.input("x", {1, 1, 2, 2});
  resize.integer_initializer("sizes", {1, 1, 3, 3});
  auto& node = resize.node("Resize", {"x", "", "", "sizes"}, "y", "by_sizes");
  OnnxModel::attribute(node, "coordinate_transformation_mode", std::string("asymmetric"));
  OnnxModel::attribute(node, "nearest_mode", std::string("floor"));
  resize.output("y");
  expect_near_all(run_single(import_onnx(resize.write("sizes")), {1, 2, 3, 4}), {1, 1, 2, 1, 1, 2, 3, 3, 4}, 0.0);
}

TEST(OnnxImport, BatchNormFoldedIntoConvEqualsUnfoldedNormalisation) {
  OnnxModel model;
  const Shape xs{1, 2, 5, 5}, ws{3, 2, 3, 3};
  const std::vector<float> w = ramp(54), bias{0.1F, -0.2F, 0.3F};
  const std::vector<float> gamma{1.5F, 0.5F, -2.0F}, beta{0.2F, -0.1F, 1.0F}, mean{0.3F, -0.4F, 0.05F},
      var{2.0F, 0.25F, 0.8F};
  model.input("x", xs);
  model.initializer("w", ws, w);
  model.initializer("b", {3}, bias);
  for (const auto& [name, values] : {std::pair{"gamma", gamma}, {"beta", beta}, {"mean", mean}, {"var", var}}) {
    model.initializer(name, {3}, values);
  }
  OnnxModel::attribute(model.node("Conv", {"x", "w", "b"}, "c", "conv"), "pads", std::vector<std::int64_t>{1, 1, 1, 1});
  OnnxModel::attribute(model.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, "y", "bn"), "epsilon",
                       1e-3F);
  model.output("y");
  const Graph graph = import_onnx(model.write("batchnorm"));
  ASSERT_EQ(graph.nodes.size(), 1U) << "BatchNormalization is folded away";
  EXPECT_EQ(graph.nodes[0].output, "y");
  WindowParams p;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
  const std::vector<float> x = ramp(50, 0.3F);
  std::vector<double> expected = naive_conv(x, xs, w, ws, bias, p, 1, {1, 3, 5, 5});
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const std::size_t c = i / 25;
    expected[i] = gamma[c] * (expected[i] - mean[c]) / std::sqrt(var[c] + 1e-3) + beta[c];
  }
  expect_near_all(run_single(graph, x), expected, 1e-4);
}

TEST(OnnxImport, GemmWithTransposeAlphaBetaAndBroadcastBiasMatchesNaiveLoops) {
  OnnxModel model;
  const std::vector<float> b = ramp(12), c{0.5F, -0.5F, 1.0F};
  model.input("a", {2, 4});
  model.initializer("b", {3, 4}, b);  // transB: [N, K]
  model.initializer("c", {3}, c);
  auto& gemm = model.node("Gemm", {"a", "b", "c"}, "y", "fc");
  OnnxModel::attribute(gemm, "transB", std::int64_t{1});
  OnnxModel::attribute(gemm, "alpha", 0.5F);
  OnnxModel::attribute(gemm, "beta", 2.0F);
  model.output("y");
  const Graph graph = import_onnx(model.write("gemm"));
  const std::vector<float> a = ramp(8, 1.0F);
  std::vector<double> expected;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      double sum = 0.0;
      for (int k = 0; k < 4; ++k) sum += static_cast<double>(a[i * 4 + k]) * b[j * 4 + k];
      expected.push_back(0.5 * sum + 2.0 * c[j]);
    }
  expect_near_all(run_single(graph, a), expected, 1e-5);
}

TEST(OnnxImport, FlattenMatMulAddConcatReshapeAndActivationsCompose) {
  OnnxModel model;
  const std::vector<float> weights = ramp(8);
  model.input("x", {2, 1, 2, 2});
  model.initializer("w", {4, 2}, weights);
  model.initializer("shift", {1}, {0.25F});
  model.integer_initializer("target", {0, -1});
  OnnxModel::attribute(model.node("Flatten", {"x"}, "flat", "flatten"), "axis", std::int64_t{-3});
  model.node("MatMul", {"flat", "w"}, "mm", "matmul");
  model.node("Add", {"mm", "shift"}, "shifted", "add");
  model.node("Sigmoid", {"shifted"}, "s", "sigmoid");
  model.node("Tanh", {"shifted"}, "t", "tanh");
  OnnxModel::attribute(model.node("Concat", {"s", "t"}, "both", "concat"), "axis", std::int64_t{1});
  model.node("Reshape", {"both", "target"}, "y", "reshape");
  model.output("y");
  const Graph graph = import_onnx(model.write("compose"));
  ASSERT_EQ(graph.shapes.at("flat"), (Shape{2, 4}));
  ASSERT_EQ(graph.shapes.at("y"), (Shape{2, 4}));
  const std::vector<float> x = ramp(8, 0.5F);
  std::vector<double> expected;
  for (int n = 0; n < 2; ++n) {
    double z[2];
    for (int j = 0; j < 2; ++j) {
      z[j] = 0.25;
      for (int k = 0; k < 4; ++k) z[j] += static_cast<double>(x[n * 4 + k]) * weights[k * 2 + j];
    }
    expected.insert(expected.end(),
                    {1 / (1 + std::exp(-z[0])), 1 / (1 + std::exp(-z[1])), std::tanh(z[0]), std::tanh(z[1])});
  }
  expect_near_all(run_single(graph, x), expected, 1e-5);
}

TEST(OnnxImport, BatchOptionOverridesTheFilesBatch) {
  OnnxModel model;
  model.input("x", {8, 1, 4, 4});
  model.node("Relu", {"x"}, "y", "relu");
  model.output("y");
  const std::string path = model.write("batch");
  EXPECT_EQ(import_onnx(path).shapes.at("y"), (Shape{8, 1, 4, 4}));
  OnnxImportOptions options;
  options.batch = 1;
  EXPECT_EQ(import_onnx(path, options).shapes.at("y"), (Shape{1, 1, 4, 4}));
}

TEST(OnnxImport, FuzzSeedCorpusModelsImportAndRun) {
  // The seeds of tests/fuzz/corpus/onnx_model must stay valid, or the fuzzer starts from errors.
  std::size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SPINAPS_SOURCE_DIR "/tests/fuzz/corpus/onnx_model")) {
    const Graph graph = import_onnx(entry.path().string());
    TensorMap inputs;
    for (const std::string& name : graph.inputs) {
      inputs[name] =
          Tensor{graph.shapes.at(name), ramp(static_cast<std::size_t>(element_count(graph.shapes.at(name))))};
    }
    for (const auto& [name, tensor] : run_reference(graph, inputs)) {
      for (const float value : tensor.values) ASSERT_TRUE(std::isfinite(value)) << entry.path() << " " << name;
    }
    ++seeds;
  }
  EXPECT_GE(seeds, 4U);
}

}  // namespace
}  // namespace spinaps::cnn
