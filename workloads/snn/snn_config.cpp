#include "workloads/snn/snn_config.h"

#include "models/io/atomic_file.h"

namespace spinaps::snn {

std::vector<std::uint32_t> layer_sizes(const SnnConfig& snn) {
  std::vector<std::uint32_t> sizes{snn.inputs};
  sizes.insert(sizes.end(), snn.hidden_layers.begin(), snn.hidden_layers.end());
  sizes.push_back(snn.outputs);
  return sizes;
}

SnnConfig layer_shape(const SnnConfig& snn, std::size_t layer) {
  const std::vector<std::uint32_t> sizes = layer_sizes(snn);
  SnnConfig shape = snn;
  shape.hidden_layers.clear();
  shape.inputs = sizes.at(layer);
  shape.outputs = sizes.at(layer + 1);
  return shape;
}

SnnConfig parse_snn_config(config::ConfigNode node, const std::string& config_dir) {
  SnnConfig snn;
  snn.inputs = static_cast<std::uint32_t>(node.integer("inputs", 1, 1U << 20U));
  snn.outputs = static_cast<std::uint32_t>(node.integer("outputs", 2, 4096));
  for (const std::uint64_t size : node.integer_list_or("hidden_layers", 1, 1U << 16U, 8)) {
    snn.hidden_layers.push_back(static_cast<std::uint32_t>(size));
  }
  snn.basis_functions = static_cast<std::uint32_t>(node.integer("basis_functions", 1, 8));
  snn.feedback_basis_functions = static_cast<std::uint32_t>(node.integer("feedback_basis_functions", 0, 8));
  snn.window_steps = static_cast<std::uint32_t>(node.integer("window_steps", 1, 12));
  snn.weight_bits = static_cast<std::uint32_t>(node.integer("weight_bits", 1, 16));
  snn.trace_bits = static_cast<std::uint32_t>(node.integer("trace_bits", 1, 16));
  snn.time_steps = static_cast<std::uint32_t>(node.integer("time_steps", 1, 1024));
  snn.early_stop = node.boolean("early_stop");
  snn.input_max_spike_probability = node.real("input_max_spike_probability", 0.0, 1.0);
  snn.sigmoid_range = node.real("sigmoid_range", 0.5, 64.0);
  snn.sigmoid_lut_entries = static_cast<std::uint32_t>(node.integer("sigmoid_lut_entries", 2, 65536));
  if ((snn.sigmoid_lut_entries & (snn.sigmoid_lut_entries - 1)) != 0) {
    throw node.error("sigmoid_lut_entries",
                     "value " + std::to_string(snn.sigmoid_lut_entries) + " is not allowed; expected a power of two");
  }
  snn.weights_file = io::resolve_path(config_dir, node.text_or("weights", ""));
  node.finish();
  return snn;
}

}  // namespace spinaps::snn
