// Every bad model gives one data::DatasetError whose message names the file, the node (name and
// op_type) where there is one, and what was expected.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "tests/onnx_test_models.h"
#include "workloads/cnn/onnx_import.h"
#include "workloads/mnist/idx_dataset.h"

#ifndef SPINAPS_SOURCE_DIR
#error "SPINAPS_SOURCE_DIR must be defined to find the vendored model"
#endif

namespace spinaps::cnn {
namespace {

using testing::OnnxModel;

/// The message of the DatasetError importing `path` throws; fails the test if it throws nothing.
std::string import_error(const std::string& path) {
  try {
    (void)import_onnx(path);
  } catch (const data::DatasetError& error) {
    EXPECT_EQ(error.path(), path);
    return error.what();
  }
  ADD_FAILURE() << "importing " << path << " did not fail";
  return {};
}

/// x [1, 2, 4, 4] -> Conv (3x3, pad 1, weights w) -> Relu -> y.
OnnxModel conv_relu() {
  OnnxModel model;
  model.input("x", {1, 2, 4, 4});
  model.initializer("w", {2, 2, 3, 3}, testing::ramp(36));
  OnnxModel::attribute(model.node("Conv", {"x", "w"}, "c", "conv_1"), "pads", std::vector<std::int64_t>{1, 1, 1, 1});
  model.node("Relu", {"c"}, "y", "relu_1");
  model.output("y");
  return model;
}

TEST(OnnxErrors, UnsupportedOperatorNamesTheNodeAndTheSupportedOnes) {
  OnnxModel model = conv_relu();
  model.proto().mutable_graph()->mutable_node(1)->set_op_type("Softmax");
  const std::string path = model.write("unsupported");
  const std::string message = import_error(path);
  EXPECT_NE(message.find(path + ": node 'relu_1' (Softmax): operator 'Softmax' is not supported"), std::string::npos)
      << message;
  EXPECT_NE(message.find("Conv"), std::string::npos) << message;
}

TEST(OnnxErrors, TruncatedVendoredModelNamesTheFile) {
  std::ifstream original(SPINAPS_SOURCE_DIR "/workloads/ptychonn/ptychoNN_8.onnx", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000U);
  for (const std::size_t length : {bytes.size() / 2, bytes.size() - 1, std::size_t{3}}) {
    const std::string path = OnnxModel::write_bytes("truncated", bytes.substr(0, length));
    const std::string message = import_error(path);
    EXPECT_EQ(message.rfind(path + ": ", 0), 0U) << message;
  }
  const std::string message = import_error(OnnxModel::write_bytes("truncated", bytes.substr(0, bytes.size() / 2)));
  EXPECT_NE(message.find("truncated or corrupted"), std::string::npos) << message;
}

TEST(OnnxErrors, MissingInitialiserNamesTheNodeAndTheInput) {
  OnnxModel model = conv_relu();
  model.proto().mutable_graph()->clear_initializer();
  const std::string message = import_error(model.write("missing"));
  EXPECT_NE(message.find("node 'conv_1' (Conv): input 1 ('w') is neither a graph input, an initialiser"),
            std::string::npos)
      << message;
}

TEST(OnnxErrors, BadAttributesNameTheNodeAndWhatWasExpected) {
  OnnxModel group = conv_relu();
  OnnxModel::attribute(*group.proto().mutable_graph()->mutable_node(0), "group", std::int64_t{3});
  EXPECT_NE(import_error(group.write("group")).find("node 'conv_1' (Conv): group 3"), std::string::npos);

  OnnxModel unknown = conv_relu();
  OnnxModel::attribute(*unknown.proto().mutable_graph()->mutable_node(1), "alpha", 0.1F);
  EXPECT_NE(import_error(unknown.write("unknown")).find("node 'relu_1' (Relu): attribute 'alpha' is not supported"),
            std::string::npos);

  OnnxModel typed = conv_relu();
  OnnxModel::attribute(*typed.proto().mutable_graph()->mutable_node(0), "strides", std::int64_t{2});
  EXPECT_NE(import_error(typed.write("typed")).find("attribute 'strides' has type INT; expected INTS"),
            std::string::npos);

  OnnxModel mode = conv_relu();
  auto& resize = mode.node("Resize", {"y", "", "scales"}, "z", "resize_1");
  mode.initializer("scales", {4}, {1.0F, 1.0F, 2.0F, 2.0F});
  OnnxModel::attribute(resize, "mode", std::string("cubic"));
  EXPECT_NE(import_error(mode.write("cubic"))
                .find("node 'resize_1' (Resize): attribute 'mode' is 'cubic'; expected "
                      "one of 'nearest', 'linear'"),
            std::string::npos);
}

TEST(OnnxErrors, ShapeErrorsNameTheNode) {
  OnnxModel model = conv_relu();
  model.proto().mutable_graph()->mutable_initializer(0)->clear_dims();
  for (const std::int64_t dim : {2, 3, 3, 3}) model.proto().mutable_graph()->mutable_initializer(0)->add_dims(dim);
  const std::string message = import_error(model.write("shape"));  // 54 dims but 36 values
  EXPECT_NE(message.find("node 'conv_1' (Conv): input 1 ('w'): holds 36 values; expected 54"), std::string::npos)
      << message;
}

TEST(OnnxErrors, BatchNormWithoutAPrecedingConvIsRefused) {
  OnnxModel model;
  model.input("x", {1, 1, 2, 2});
  for (const char* name : {"g", "b", "m", "v"}) model.initializer(name, {1}, {1.0F});
  model.node("BatchNormalization", {"x", "g", "b", "m", "v"}, "y", "bn_1");
  model.output("y");
  EXPECT_NE(import_error(model.write("bn"))
                .find("node 'bn_1' (BatchNormalization): input 'x' is not the output of "
                      "a Conv"),
            std::string::npos);
}

TEST(OnnxErrors, EmptyMissingAndNonModelFilesNameTheFile) {
  EXPECT_NE(import_error(OnnxModel::write_bytes("empty", "")).find("holds no graph"), std::string::npos);
  EXPECT_NE(import_error("/nonexistent/model.onnx").find("does not exist"), std::string::npos);
  const std::string text = import_error(OnnxModel::write_bytes("text", "{\"not\": \"a model\"}\n"));
  EXPECT_NE(text.find(": "), std::string::npos) << text;
}

}  // namespace
}  // namespace spinaps::cnn
