#pragma once
// The probabilistic GLM spiking network as the configuration describes it: topology, fixed-point
// widths, the run length and the decoding rule. Shared by the golden model, the trainer and the
// hardware (which sizes its crossbars and neuron unit from it).
#include <cstdint>
#include <string>
#include <vector>

#include "models/config/config_reader.h"

namespace spinaps::snn {

struct SnnConfig {
  std::uint32_t inputs = 784;                  ///< presynaptic inputs (crossbar rows in all)
  std::uint32_t outputs = 10;                  ///< GLM output neurons (classes)
  std::vector<std::uint32_t> hidden_layers;    ///< sizes of hidden GLM layers between inputs and outputs
  std::uint32_t basis_functions = 2;           ///< K: raised-cosine kernels per synapse
  std::uint32_t feedback_basis_functions = 1;  ///< kernels of each neuron's own spike history
  std::uint32_t window_steps = 4;              ///< tau_y: history each kernel spans, in time steps
  std::uint32_t weight_bits = 4;               ///< B: bits (binary STT cells) per weight, two's complement
  std::uint32_t trace_bits = 4;                ///< unsigned width of a basis-filtered trace value
  std::uint32_t time_steps = 16;               ///< T: the most algorithmic steps one inference may take
  bool early_stop = true;                      ///< stop at the first output spike (first-to-spike)
  double input_max_spike_probability = 1.0;    ///< spike probability of a full-intensity pixel per step
  std::string weights_file;                    ///< absolute path of the trained weights (JSON)
  double sigmoid_range = 8.0;                  ///< the sigmoid LUT covers at least u in [-range, +range)
  std::uint32_t sigmoid_lut_entries = 64;      ///< entries of the sigmoid LUT
};

/// Neurons per layer, inputs first: {inputs, hidden..., outputs}.
std::vector<std::uint32_t> layer_sizes(const SnnConfig& snn);
/// The shape of layer `layer` (0 = the layer fed by the inputs) as a single-layer network: its
/// inputs are the previous layer's neurons, everything else is shared.
SnnConfig layer_shape(const SnnConfig& snn, std::size_t layer);

/// Parses the "snn" node. `config_dir` resolves a relative weights path.
SnnConfig parse_snn_config(config::ConfigNode node, const std::string& config_dir);

}  // namespace spinaps::snn
