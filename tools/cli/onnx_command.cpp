// spinaps onnx: imports an ONNX model (docs/onnx.md) and prints what a mapper needs of it: every
// layer's operator, shapes, weight MACs, parameters, digital vector operations and the im2col weight
// matrix a crossbar tile would hold; `--out FILE` writes the same as JSON (atomically).
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "workloads/cnn/layer_summary.h"
#include "workloads/cnn/onnx_import.h"

namespace spinaps::cli {
namespace {

struct OnnxOptions {
  std::string model_file;
  std::int64_t batch = 1;
  std::string out_file;
  bool quiet = false;
};

nlohmann::ordered_json layers_json(const cnn::Graph& graph, const std::vector<cnn::LayerSummary>& layers,
                                   const OnnxOptions& options) {
  nlohmann::ordered_json document;
  document["schema"] = "spinaps-onnx-layers";
  document["schema_version"] = 1;
  document["model"] = options.model_file;
  document["batch"] = options.batch;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const std::string& name : graph.inputs) values[name] = graph.shapes.at(name);
  document["inputs"] = values;
  values = nlohmann::ordered_json::object();
  for (const std::string& name : graph.outputs) values[name] = graph.shapes.at(name);
  document["outputs"] = values;
  document["total_macs"] = cnn::total_macs(layers);
  document["total_parameters"] = cnn::total_parameters(layers);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const cnn::LayerSummary& layer : layers) {
    rows.push_back({{"name", layer.name},
                    {"op_type", layer.op_type},
                    {"input_shape", layer.input_shape},
                    {"output_shape", layer.output_shape},
                    {"macs", layer.macs},
                    {"parameters", layer.parameters},
                    {"vector_ops", layer.vector_ops},
                    {"weight_rows", layer.weight_rows},
                    {"weight_columns", layer.weight_columns},
                    {"groups", layer.groups}});
  }
  document["layers"] = rows;
  document["definitions"] = {
      {"macs", "weight multiply-accumulates of Conv, Gemm and MatMul for the whole batch"},
      {"vector_ops",
       "operations for digital units: one per output element of Relu, Tanh, Sigmoid, Mul, Add; one "
       "compare per MaxPool window tap; one per Resize interpolation tap"},
      {"weight_rows", "im2col weight matrix of one group: inputs per output (C/group x kH x kW, or K)"},
      {"weight_columns", "outputs of one group (M/group, or N)"}};
  return document;
}

int run_onnx(const OnnxOptions& options) {
  cnn::OnnxImportOptions import_options;
  import_options.batch = options.batch;
  const cnn::Graph graph = cnn::import_onnx(options.model_file, import_options);
  const std::vector<cnn::LayerSummary> layers = cnn::summarise_layers(graph);
  if (!options.quiet) {
    std::printf("spinaps onnx: %s, batch %lld, %zu layers\n", options.model_file.c_str(),
                static_cast<long long>(options.batch), layers.size());
    for (const std::string& name : graph.inputs) {
      std::printf("  input %s %s\n", name.c_str(), cnn::to_string(graph.shapes.at(name)).c_str());
    }
    for (const std::string& name : graph.outputs) {
      std::printf("  output %s %s\n", name.c_str(), cnn::to_string(graph.shapes.at(name)).c_str());
    }
    std::printf("%s", cnn::format_layer_table(layers).c_str());
  }
  if (!options.out_file.empty()) {
    io::write_file_atomically(options.out_file, layers_json(graph, layers, options).dump(2) + "\n");
    if (!options.quiet) std::printf("  written to %s\n", options.out_file.c_str());
  }
  return kExitOk;
}

}  // namespace

void register_onnx_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<OnnxOptions>();
  CLI::App* command = app.add_subcommand(
      "onnx", "import an ONNX model and list its layers (shapes, MACs, parameters, crossbar matrices)");
  command->add_option("MODEL", options->model_file, "ONNX model file")->required();
  command->add_option("--batch", options->batch, "batch size to shape the graph for (default 1; 0 keeps the file's)")
      ->check(CLI::Range(0, 1 << 20));
  command->add_option("--out", options->out_file, "write the layer list as JSON");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return run_onnx(*options); }); });
}

}  // namespace spinaps::cli
