#include "workloads/snn/inference_result.h"

#include "models/rng/counter_rng.h"

namespace spinaps::snn {

OperationCounts& OperationCounts::operator+=(const OperationCounts& other) {
  time_steps += other.time_steps;
  input_spikes += other.input_spikes;
  active_rows += other.active_rows;
  synapse_macs += other.synapse_macs;
  feedback_macs += other.feedback_macs;
  neuron_updates += other.neuron_updates;
  output_spikes += other.output_spikes;
  hidden_spikes += other.hidden_spikes;
  return *this;
}

std::uint64_t hidden_spike_key(std::size_t layer, std::uint32_t step, std::uint32_t neuron) {
  return rng::mix64((static_cast<std::uint64_t>(layer) << 48U) ^ (static_cast<std::uint64_t>(step) << 24U) ^ neuron);
}

bool OperationCounts::operator==(const OperationCounts& other) const {
  return time_steps == other.time_steps && input_spikes == other.input_spikes && active_rows == other.active_rows &&
         synapse_macs == other.synapse_macs && feedback_macs == other.feedback_macs &&
         neuron_updates == other.neuron_updates && output_spikes == other.output_spikes &&
         hidden_spikes == other.hidden_spikes;
}

}  // namespace spinaps::snn
