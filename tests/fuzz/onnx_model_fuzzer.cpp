// Any bytes as an ONNX model must import or give a DatasetError naming the file. A model that
// imports is summarised, and run through the float reference when it is small enough to take
// milliseconds, so shape inference and the kernels are fuzzed together.
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.h"
#include "workloads/cnn/layer_summary.h"
#include "workloads/cnn/onnx_import.h"
#include "workloads/cnn/reference_inference.h"
#include "workloads/mnist/idx_dataset.h"

namespace {

/// Reference inference only below this much work (MACs, vector ops and output elements).
constexpr std::uint64_t kMaximumWork = 1'000'000;

bool small_enough(const spinaps::cnn::Graph& graph) {
  std::uint64_t work = 0;
  for (const auto& layer : spinaps::cnn::summarise_layers(graph)) {
    work += layer.macs + layer.vector_ops + static_cast<std::uint64_t>(spinaps::cnn::element_count(layer.output_shape));
    if (work > kMaximumWork) return false;
  }
  for (const std::string& input : graph.inputs) {
    if (spinaps::cnn::element_count(graph.shapes.at(input)) > static_cast<std::int64_t>(kMaximumWork)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = spinaps::fuzz::write_scratch_file("model.onnx", data, size);
  try {
    const spinaps::cnn::Graph graph = spinaps::cnn::import_onnx(file);
    if (!small_enough(graph)) return 0;
    spinaps::cnn::TensorMap inputs;
    for (const std::string& name : graph.inputs) {
      const spinaps::cnn::Shape& shape = graph.shapes.at(name);
      inputs[name] = {shape, std::vector<float>(static_cast<std::size_t>(spinaps::cnn::element_count(shape)), 0.5F)};
    }
    (void)spinaps::cnn::run_reference(graph, inputs);
  } catch (const spinaps::data::DatasetError&) {
  }
  return 0;
}
