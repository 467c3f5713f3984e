#pragma once
// The GLM neuron unit: one signed accumulator per neuron, L MAC lanes that multiply B-bit weights by
// trace values, the feedback MACs, and the firing pipeline (sigmoid LUT, 16-bit RNG draw, compare).
// It computes values when an operation starts; the controller holds the result back until the
// operation's cycles have elapsed, so state becomes visible at the right cycle.
#include <cstdint>
#include <vector>

#include "hw/neuron/neuron_unit_config.h"
#include "workloads/snn/network.h"

namespace spinaps::neuron {

struct NeuronUnitCounts {
  std::uint64_t synapse_macs = 0;
  std::uint64_t feedback_macs = 0;
  std::uint64_t accumulator_resets = 0;
  std::uint64_t sigmoid_lut_reads = 0;
  std::uint64_t rng_draws = 0;
  std::uint64_t comparisons = 0;
  std::uint64_t output_spikes = 0;
};

/// accumulators[n] += sum over k of weight(n, k) * traces[k] for n < count, the weights packed
/// fields (count, kernels, words, weight bits, traces); compiled per kernel count and width.
using PackedMultiplyAccumulate = void (*)(std::int64_t* accumulators, std::uint32_t count, std::uint32_t kernels,
                                          const std::uint64_t* words, std::uint32_t width, const std::uint32_t* traces);

class GlmNeuronUnit {
 public:
  /// Throws config::ConfigError if the accumulator is too narrow for `layer` (the whole layer
  /// whose neurons this unit fires, or `network` itself when that is the whole layer).
  GlmNeuronUnit(const NeuronUnitConfig& config, const snn::QuantisedNetwork& network,
                const snn::QuantisedNetwork& layer, const std::string& config_file);
  GlmNeuronUnit(const NeuronUnitConfig& config, const snn::QuantisedNetwork& network, const std::string& config_file);

  /// A new inference: clears the neurons' own spike windows and the potential sums.
  void clear();
  /// A new time step: every accumulator loads its bias.
  void load_bias();
  /// Adds weight * trace for `count` neurons starting at `first_neuron`; weights[n * K + k].
  void accumulate(std::uint32_t first_neuron, std::uint32_t count, const std::int32_t* weights,
                  const std::uint32_t* traces);
  /// accumulate() with the weights read straight from a sensed row: `count` * K two's-complement
  /// fields of B (weight_bits) bits packed in `words` (hw/common/packed_fields.h), the same sums.
  void accumulate_packed(std::uint32_t first_neuron, std::uint32_t count, const std::uint64_t* words,
                         const std::uint32_t* traces) {
    const std::uint32_t kernels = network_.shape.basis_functions;
    packed_multiply_accumulate_(&accumulators_[first_neuron], count, kernels, words, network_.shape.weight_bits,
                                traces);
    counts_.synapse_macs += static_cast<std::uint64_t>(count) * kernels;
  }
  /// Feedback MACs for neurons whose own window holds a spike; returns how many MACs that took.
  std::uint64_t accumulate_feedback();
  /// Adds another row block's partial sums (one per neuron) into the accumulators.
  void add_partial_sums(const std::vector<std::int64_t>& sums);
  /// Sigmoid LUT, RNG draw and compare for every neuron; appends spiking neurons to `spiking`.
  /// Neuron n draws with RNG index firing_index_base + n.
  void fire(std::uint64_t seed, std::uint64_t sample, std::uint32_t step, std::uint32_t firing_index_base,
            std::vector<std::uint32_t>& spiking);
  [[nodiscard]] const std::vector<std::int64_t>& potentials() const { return accumulators_; }
  [[nodiscard]] const std::vector<std::int64_t>& potential_sums() const { return potential_sums_; }

  [[nodiscard]] std::uint32_t mac_cycles(std::uint64_t macs) const {
    return static_cast<std::uint32_t>((macs + config_.mac_lanes - 1) / config_.mac_lanes);
  }
  [[nodiscard]] std::uint32_t firing_cycles() const {
    return (network_.shape.outputs + config_.firing_lanes - 1) / config_.firing_lanes;
  }
  [[nodiscard]] const NeuronUnitCounts& counts() const { return counts_; }

 private:
  NeuronUnitConfig config_;
  const snn::QuantisedNetwork& network_;
  std::uint32_t window_mask_;
  std::vector<std::int64_t> accumulators_;
  std::vector<std::int64_t> potential_sums_;
  std::vector<std::uint32_t> own_windows_;
  NeuronUnitCounts counts_;
  PackedMultiplyAccumulate packed_multiply_accumulate_;  ///< chosen for K and B at construction
};

}  // namespace spinaps::neuron
