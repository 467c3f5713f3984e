#pragma once
// A trained network as the hardware stores it: one QuantisedNetwork per layer, and the JSON weights
// file that carries it.
//
// Weights file: format "spinaps-glm-weights".
//   version 1 (one layer): topology {inputs, outputs, basis_functions, feedback_basis_functions,
//             window_steps, weight_bits, trace_bits}, weight_lsb, weights, feedback, bias, training.
//   version 2 (any depth): topology {layers: [inputs, hidden..., outputs], basis_functions, ...},
//             layers: [{weight_lsb, weights, feedback, bias}, ...] (one entry per weight layer), training.
// Layer l's weights are w[(j*outputs_l + i)*K + k] as in network.h.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workloads/snn/network.h"

namespace spinaps::snn {

struct LayeredNetwork {
  SnnConfig shape;                       ///< the whole network (inputs, hidden_layers, outputs, ...)
  std::vector<QuantisedNetwork> layers;  ///< layer l maps the neurons of layer l-1 (or the inputs) to layer l

  [[nodiscard]] const QuantisedNetwork& output_layer() const { return layers.back(); }
  [[nodiscard]] std::size_t depth() const { return layers.size(); }
};

/// A one-layer LayeredNetwork holding `network`.
LayeredNetwork single_layer(const QuantisedNetwork& network);

/// The RNG index of neuron `neuron` of layer `layer` in Stream::kNeuronFiring: layer * 2^20 + neuron
/// (so a one-layer network keys its neurons 0..N-1).
inline std::uint32_t firing_index(std::size_t layer, std::uint32_t neuron) {
  return (static_cast<std::uint32_t>(layer) << 20U) | neuron;
}

/// Reads a version 1 or 2 weights file; the topology must match `expected` (inputs, hidden layers,
/// outputs and every width). Throws config::ConfigError naming the file and the field.
LayeredNetwork load_layered_network(const std::string& file, const SnnConfig& expected);
/// As load_layered_network, for configurations without hidden layers.
QuantisedNetwork load_network(const std::string& file, const SnnConfig& expected);

/// Writes version 1 for one layer and version 2 otherwise (atomically).
void save_layered_network(const std::string& file, const LayeredNetwork& network,
                          const nlohmann::ordered_json& training_record);
void save_network(const std::string& file, const QuantisedNetwork& network,
                  const nlohmann::ordered_json& training_record);

}  // namespace spinaps::snn
