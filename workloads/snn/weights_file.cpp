#include "workloads/snn/weights_file.h"

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"

namespace spinaps::snn {
namespace {

constexpr const char* kFormat = "spinaps-glm-weights";

std::vector<std::int32_t> read_integers(const config::Json& document, config::ConfigNode& node,
                                        const std::string& key) {
  if (!document.contains(key)) {
    throw node.error(key, "is required but missing");
  }
  node.skip(key);
  const auto& array = document.at(key);
  if (!array.is_array()) {
    throw node.error(key, "expected an array of integers");
  }
  std::vector<std::int32_t> values;
  values.reserve(array.size());
  for (std::size_t n = 0; n < array.size(); ++n) {
    if (!array[n].is_number_integer()) {
      throw node.error(key + "[" + std::to_string(n) + "]", "value " + array[n].dump() + " is not an integer");
    }
    const auto value = array[n].get<std::int64_t>();
    if (value < INT32_MIN || value > INT32_MAX) {
      throw node.error(key + "[" + std::to_string(n) + "]", "value does not fit 32 bits");
    }
    values.push_back(static_cast<std::int32_t>(value));
  }
  return values;
}

/// weight_lsb, weights, feedback and bias of one layer, read from `node` (the document root for
/// version 1, one entry of "layers" for version 2).
QuantisedNetwork read_layer(const config::Json& document, config::ConfigNode& node, const SnnConfig& shape,
                            const std::string& origin) {
  QuantisedNetwork layer;
  layer.shape = shape;
  layer.weight_lsb = node.real("weight_lsb", 1e-12, 1e12);
  layer.weights = read_integers(document, node, "weights");
  layer.feedback = read_integers(document, node, "feedback");
  layer.bias = read_integers(document, node, "bias");
  finalise_network(layer, origin);
  return layer;
}

void check_widths(config::ConfigNode& topology, const SnnConfig& expected) {
  auto expect_equal = [&](const std::string& key, std::uint32_t wanted) {
    const auto found = topology.integer(key, 0, 1U << 30U);
    if (found != wanted) {
      throw topology.error(key, "is " + std::to_string(found) + " but the configuration has " + std::to_string(wanted) +
                                    "; train weights for this configuration (spinaps train)");
    }
  };
  expect_equal("basis_functions", expected.basis_functions);
  expect_equal("feedback_basis_functions", expected.feedback_basis_functions);
  expect_equal("window_steps", expected.window_steps);
  expect_equal("weight_bits", expected.weight_bits);
  expect_equal("trace_bits", expected.trace_bits);
}

std::string describe_sizes(const std::vector<std::uint32_t>& sizes) {
  std::string text;
  for (const std::uint32_t size : sizes) text += (text.empty() ? "" : "-") + std::to_string(size);
  return text;
}

nlohmann::ordered_json widths_json(const SnnConfig& shape) {
  return {{"basis_functions", shape.basis_functions},
          {"feedback_basis_functions", shape.feedback_basis_functions},
          {"window_steps", shape.window_steps},
          {"weight_bits", shape.weight_bits},
          {"trace_bits", shape.trace_bits}};
}

nlohmann::ordered_json layer_json(const QuantisedNetwork& layer) {
  nlohmann::ordered_json entry;
  entry["weight_lsb"] = layer.weight_lsb;
  entry["bias"] = layer.bias;
  entry["feedback"] = layer.feedback;
  entry["weights"] = layer.weights;
  return entry;
}

}  // namespace

LayeredNetwork single_layer(const QuantisedNetwork& network) {
  LayeredNetwork layered;
  layered.shape = network.shape;
  layered.shape.hidden_layers.clear();
  layered.layers.push_back(network);
  return layered;
}

LayeredNetwork load_layered_network(const std::string& file, const SnnConfig& expected) {
  const config::Json document = config::read_json_file(file);
  config::ConfigNode root(document, file, "");
  if (root.text("format") != kFormat) {
    throw root.error("format", std::string("expected \"") + kFormat + "\"");
  }
  const auto version = root.integer("version", 1, 2);
  config::ConfigNode topology = root.child("topology");
  const std::vector<std::uint32_t> wanted = layer_sizes(expected);
  std::vector<std::uint32_t> found;
  if (version == 1) {
    found = {static_cast<std::uint32_t>(topology.integer("inputs", 1, 1U << 30U)),
             static_cast<std::uint32_t>(topology.integer("outputs", 1, 1U << 30U))};
  } else {
    for (const std::uint64_t size : topology.integer_list_or("layers", 1, 1U << 30U, 10)) {
      found.push_back(static_cast<std::uint32_t>(size));
    }
    if (found.size() < 2) {
      throw topology.error("layers", "expected at least two sizes (inputs and outputs)");
    }
  }
  if (found != wanted) {
    throw topology.error(version == 1 ? "inputs" : "layers",
                         "the file holds a " + describe_sizes(found) + " network but the configuration has " +
                             describe_sizes(wanted) + "; train weights for this configuration (spinaps train)");
  }
  check_widths(topology, expected);
  topology.finish();

  LayeredNetwork network;
  network.shape = expected;
  if (version == 1) {
    network.layers.push_back(read_layer(document, root, layer_shape(expected, 0), file));
  } else {
    root.skip("layers");
    const auto& layers = document.contains("layers") ? document.at("layers") : config::Json();
    if (!layers.is_array() || layers.size() != wanted.size() - 1) {
      throw root.error("layers", "expected an array of " + std::to_string(wanted.size() - 1) + " layer objects");
    }
    for (std::size_t l = 0; l < layers.size(); ++l) {
      config::ConfigNode node(layers[l], file, "layers[" + std::to_string(l) + "]");
      network.layers.push_back(read_layer(layers[l], node, layer_shape(expected, l), file));
      node.finish();
    }
  }
  root.skip("training");
  root.finish();
  return network;
}

QuantisedNetwork load_network(const std::string& file, const SnnConfig& expected) {
  return load_layered_network(file, expected).layers.front();
}

void save_layered_network(const std::string& file, const LayeredNetwork& network,
                          const nlohmann::ordered_json& training_record) {
  const SnnConfig& shape = network.shape;
  nlohmann::ordered_json document;
  document["format"] = kFormat;
  if (network.depth() == 1) {
    const QuantisedNetwork& layer = network.layers.front();
    document["version"] = 1;
    nlohmann::ordered_json topology = {{"inputs", layer.shape.inputs}, {"outputs", layer.shape.outputs}};
    topology.update(widths_json(shape));
    document["topology"] = topology;
    document["weight_lsb"] = layer.weight_lsb;
    document["training"] = training_record;
    document["bias"] = layer.bias;
    document["feedback"] = layer.feedback;
    document["weights"] = layer.weights;
  } else {
    document["version"] = 2;
    nlohmann::ordered_json topology = {{"layers", layer_sizes(shape)}};
    topology.update(widths_json(shape));
    document["topology"] = topology;
    document["training"] = training_record;
    document["layers"] = nlohmann::ordered_json::array();
    for (const QuantisedNetwork& layer : network.layers) document["layers"].push_back(layer_json(layer));
  }
  io::write_file_atomically(file, document.dump(1) + "\n");
}

void save_network(const std::string& file, const QuantisedNetwork& network,
                  const nlohmann::ordered_json& training_record) {
  save_layered_network(file, single_layer(network), training_record);
}

}  // namespace spinaps::snn
