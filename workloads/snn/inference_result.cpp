#include "workloads/snn/inference_result.h"

namespace spinaps::snn {

OperationCounts& OperationCounts::operator+=(const OperationCounts& other) {
  time_steps += other.time_steps;
  input_spikes += other.input_spikes;
  active_rows += other.active_rows;
  synapse_macs += other.synapse_macs;
  feedback_macs += other.feedback_macs;
  neuron_updates += other.neuron_updates;
  output_spikes += other.output_spikes;
  return *this;
}

bool OperationCounts::operator==(const OperationCounts& other) const {
  return time_steps == other.time_steps && input_spikes == other.input_spikes && active_rows == other.active_rows &&
         synapse_macs == other.synapse_macs && feedback_macs == other.feedback_macs &&
         neuron_updates == other.neuron_updates && output_spikes == other.output_spikes;
}

}  // namespace spinaps::snn
