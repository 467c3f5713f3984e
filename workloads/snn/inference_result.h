#pragma once
// What one inference produces, in both the golden model and the cycle-accurate model. The two are
// compared field by field: equal spikes, decisions and operation counts under the same seed.
#include <cstdint>
#include <vector>

namespace spinaps::snn {

/// Algorithmic operation counts of one or many inferences.
struct OperationCounts {
  std::uint64_t time_steps = 0;      ///< algorithmic steps executed
  std::uint64_t input_spikes = 0;    ///< input spikes delivered to the core
  std::uint64_t active_rows = 0;     ///< (input, step) pairs whose window held a spike: crossbar rows read
  std::uint64_t synapse_macs = 0;    ///< w[i,j,k] * trace MACs: active_rows * outputs * K
  std::uint64_t feedback_macs = 0;   ///< v[i,k] * own-trace MACs for neurons whose own window held a spike
  std::uint64_t neuron_updates = 0;  ///< sigmoid LUT look-ups = RNG draws = comparisons
  std::uint64_t output_spikes = 0;   ///< output neuron spikes
  std::uint64_t hidden_spikes = 0;   ///< spikes of hidden-layer neurons (multi-layer networks)

  /// One synaptic operation (SOP) = one weight multiply-accumulate (input synapse or feedback).
  [[nodiscard]] std::uint64_t sops() const { return synapse_macs + feedback_macs; }
  OperationCounts& operator+=(const OperationCounts& other);
  bool operator==(const OperationCounts& other) const;
  bool operator!=(const OperationCounts& other) const { return !(*this == other); }
};

struct OutputSpike {
  std::uint32_t step = 0;  ///< 1-based algorithmic time step
  std::uint32_t neuron = 0;
  bool operator==(const OutputSpike& other) const { return step == other.step && neuron == other.neuron; }
};

/// The digest term of one hidden spike.
std::uint64_t hidden_spike_key(std::size_t layer, std::uint32_t step, std::uint32_t neuron);

struct InferenceResult {
  std::uint32_t decision = 0;       ///< the predicted class
  std::uint32_t decision_step = 0;  ///< step of the first output spike, or T when no neuron fired
  bool decided_by_spike = false;    ///< false: no spike by T, decided by the largest summed potential
  std::uint32_t steps_run = 0;      ///< steps executed (decision_step with early stop, else T)
  std::vector<OutputSpike> spikes;  ///< every output spike, in (step, neuron) order
  /// Order-independent digest of every hidden spike (sum of hidden_spike_key(layer, step, neuron)
  /// mod 2^64): equal digests mean, with overwhelming probability, equal hidden spike trains.
  std::uint64_t hidden_spike_digest = 0;
  OperationCounts counts;
};

}  // namespace spinaps::snn
