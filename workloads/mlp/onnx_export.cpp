#include "workloads/mlp/onnx_export.h"

#include <onnx/onnx_pb.h>

#include <stdexcept>

#include "models/io/atomic_file.h"

namespace spinaps::mlp {
namespace {

void describe(onnx::ValueInfoProto* value, const std::string& name, std::int64_t width) {
  value->set_name(name);
  auto* tensor = value->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto_DataType_FLOAT);
  tensor->mutable_shape()->add_dim()->set_dim_value(1);
  tensor->mutable_shape()->add_dim()->set_dim_value(width);
}

void add_initializer(onnx::GraphProto* graph, const std::string& name, const std::vector<std::int64_t>& dims,
                     const float* values, std::size_t count) {
  auto* tensor = graph->add_initializer();
  tensor->set_name(name);
  tensor->set_data_type(onnx::TensorProto_DataType_FLOAT);
  for (const std::int64_t dim : dims) tensor->add_dims(dim);
  for (std::size_t n = 0; n < count; ++n) tensor->add_float_data(values[n]);
}

}  // namespace

std::string onnx_model_bytes(const Mlp& network, const std::string& description) {
  if (network.layers.empty()) throw std::invalid_argument("ONNX export: the network has no layers");
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("spinaps study mlp");
  model.set_producer_version(SPINAPS_VERSION);
  model.set_doc_string(description);
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(13);
  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("mlp");
  describe(graph->add_input(), "x", network.inputs());
  std::string current = "x";
  for (std::size_t l = 0; l < network.layers.size(); ++l) {
    const DenseLayer& layer = network.layers[l];
    const std::string index = std::to_string(l + 1);
    // Row-major [outputs, inputs] for ONNX: Eigen is column-major, so copy through a row-major matrix.
    const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> weights = layer.weights;
    add_initializer(graph, "fc" + index + ".weight", {weights.rows(), weights.cols()}, weights.data(),
                    static_cast<std::size_t>(weights.size()));
    add_initializer(graph, "fc" + index + ".bias", {layer.bias.size()}, layer.bias.data(),
                    static_cast<std::size_t>(layer.bias.size()));
    const bool last = l + 1 == network.layers.size();
    const std::string gemm_output = last ? "y" : "fc" + index;
    auto* gemm = graph->add_node();
    gemm->set_op_type("Gemm");
    gemm->set_name("fc" + index);
    gemm->add_input(current);
    gemm->add_input("fc" + index + ".weight");
    gemm->add_input("fc" + index + ".bias");
    gemm->add_output(gemm_output);
    auto* transpose_b = gemm->add_attribute();
    transpose_b->set_name("transB");
    transpose_b->set_type(onnx::AttributeProto_AttributeType_INT);
    transpose_b->set_i(1);
    current = gemm_output;
    if (!last) {
      auto* relu = graph->add_node();
      relu->set_op_type("Relu");
      relu->set_name("relu" + index);
      relu->add_input(current);
      current = "relu" + index;
      relu->add_output(current);
    }
  }
  describe(graph->add_output(), "y", network.outputs());
  return model.SerializeAsString();
}

void export_onnx(const Mlp& network, const std::string& path, const std::string& description) {
  io::write_file_atomically(path, onnx_model_bytes(network, description));
}

}  // namespace spinaps::mlp
