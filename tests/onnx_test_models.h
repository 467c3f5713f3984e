#pragma once
// Small ONNX models built in tests with the protobuf API and written to a scratch file, so that the
// importer reads exactly what torch.onnx.export or onnx.save would write.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "workloads/cnn/graph.h"

namespace spinaps::cnn::testing {

class OnnxModel {
 public:
  explicit OnnxModel(std::int64_t opset = 13) {
    model_.set_ir_version(7);
    model_.set_producer_name("spinaps tests");
    auto* entry = model_.add_opset_import();
    entry->set_domain("");
    entry->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  void input(const std::string& name, const Shape& shape) {
    describe(model_.mutable_graph()->add_input(), name, shape);
  }
  void output(const std::string& name) { model_.mutable_graph()->add_output()->set_name(name); }

  void initializer(const std::string& name, const Shape& shape, const std::vector<float>& values) {
    auto* tensor = model_.mutable_graph()->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto_DataType_FLOAT);
    for (const std::int64_t dim : shape) tensor->add_dims(dim);
    for (const float value : values) tensor->add_float_data(value);
  }

  void integer_initializer(const std::string& name, const std::vector<std::int64_t>& values) {
    auto* tensor = model_.mutable_graph()->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto_DataType_INT64);
    tensor->add_dims(static_cast<std::int64_t>(values.size()));
    for (const std::int64_t value : values) tensor->add_int64_data(value);
  }

  onnx::NodeProto& node(const std::string& op_type, const std::vector<std::string>& inputs, const std::string& output,
                        const std::string& name) {
    auto* node = model_.mutable_graph()->add_node();
    node->set_op_type(op_type);
    node->set_name(name);
    for (const std::string& input : inputs) node->add_input(input);
    node->add_output(output);
    return *node;
  }

  static void attribute(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
    auto* attribute = add_attribute(node, name, onnx::AttributeProto_AttributeType_INT);
    attribute->set_i(value);
  }
  static void attribute(onnx::NodeProto& node, const std::string& name, const std::vector<std::int64_t>& values) {
    auto* attribute = add_attribute(node, name, onnx::AttributeProto_AttributeType_INTS);
    for (const std::int64_t value : values) attribute->add_ints(value);
  }
  static void attribute(onnx::NodeProto& node, const std::string& name, float value) {
    auto* attribute = add_attribute(node, name, onnx::AttributeProto_AttributeType_FLOAT);
    attribute->set_f(value);
  }
  static void attribute(onnx::NodeProto& node, const std::string& name, const std::string& value) {
    auto* attribute = add_attribute(node, name, onnx::AttributeProto_AttributeType_STRING);
    attribute->set_s(value);
  }

  [[nodiscard]] std::string bytes() const { return model_.SerializeAsString(); }

  /// Writes the model to a scratch file named after `stem` and returns its path.
  [[nodiscard]] std::string write(const std::string& stem) const { return write_bytes(stem, bytes()); }

  static std::string write_bytes(const std::string& stem, const std::string& bytes) {
    const auto path =
        std::filesystem::temp_directory_path() / ("spinaps_onnx_" + stem + "_" + std::to_string(::getpid()) + ".onnx");
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(file.good()) << path;
    return path.string();
  }

  onnx::ModelProto& proto() { return model_; }

 private:
  static void describe(onnx::ValueInfoProto* value, const std::string& name, const Shape& shape) {
    value->set_name(name);
    auto* tensor = value->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    for (const std::int64_t dim : shape) tensor->mutable_shape()->add_dim()->set_dim_value(dim);
  }

  static onnx::AttributeProto* add_attribute(onnx::NodeProto& node, const std::string& name,
                                             onnx::AttributeProto_AttributeType type) {
    auto* attribute = node.add_attribute();
    attribute->set_name(name);
    attribute->set_type(type);
    return attribute;
  }

  onnx::ModelProto model_;
};

/// 0.5, 1.5, ... shifted by `offset` and alternating in sign: distinct values that catch mixed-up indices.
inline std::vector<float> ramp(std::size_t count, float offset = 0.0F) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = (static_cast<float>(i % 7) - 3.0F) * 0.25F + static_cast<float>(i) * 0.01F + offset;
  }
  return values;
}

}  // namespace spinaps::cnn::testing
