#include "hw/neuron/spike_trace_unit.h"

namespace spinaps::neuron {

SpikeTraceUnit::SpikeTraceUnit(const snn::QuantisedNetwork& network)
    : network_(network), window_mask_((1U << network.shape.window_steps) - 1U), windows_(network.shape.inputs, 0) {
  active_rows_.reserve(network.shape.inputs);
}

void SpikeTraceUnit::clear() {
  std::fill(windows_.begin(), windows_.end(), 0U);
  active_rows_.clear();
  next_grant_ = 0;
}

void SpikeTraceUnit::shift_in(const std::vector<std::uint8_t>& spikes) {
  active_rows_.clear();
  next_grant_ = 0;
  const auto inputs = static_cast<std::uint32_t>(windows_.size());
  for (std::uint32_t j = 0; j < inputs; ++j) {
    windows_[j] = ((windows_[j] << 1U) | spikes[j]) & window_mask_;
    counts_.input_spikes += spikes[j];
    if (windows_[j] != 0) {
      active_rows_.push_back(j);
    }
  }
  counts_.window_shift_bits += static_cast<std::uint64_t>(inputs) * network_.shape.window_steps;
}

void SpikeTraceUnit::shift_in(const std::vector<std::uint8_t>& spikes, const std::vector<std::uint32_t>& candidates) {
  active_rows_.resize(candidates.size());
  std::size_t active = 0;
  for (const std::uint32_t j : candidates) {
    windows_[j] = ((windows_[j] << 1U) | spikes[j]) & window_mask_;
    counts_.input_spikes += spikes[j];
    active_rows_[active] = j;  // kept only if the window holds a spike (no branch to mispredict)
    active += windows_[j] != 0 ? 1 : 0;
  }
  active_rows_.resize(active);
  next_grant_ = 0;
  counts_.window_shift_bits += static_cast<std::uint64_t>(windows_.size()) * network_.shape.window_steps;
}

}  // namespace spinaps::neuron
