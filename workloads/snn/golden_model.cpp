#include "workloads/snn/golden_model.h"

#include "models/rng/counter_rng.h"

namespace spinaps::snn {

std::uint32_t pick_by_potential(const std::int64_t* potentials, const std::uint32_t* candidates, std::size_t count) {
  std::uint32_t best = candidates[0];
  for (std::size_t n = 1; n < count; ++n) {
    if (potentials[candidates[n]] > potentials[best]) best = candidates[n];  // strict: lowest index keeps ties
  }
  return best;
}

GoldenModel::GoldenModel(const QuantisedNetwork& network, std::uint64_t seed)
    : GoldenModel(single_layer(network), seed) {}

GoldenModel::GoldenModel(const LayeredNetwork& network, std::uint64_t seed)
    : early_stop_(network.shape.early_stop), time_steps_(network.shape.time_steps), seed_(seed) {
  for (const QuantisedNetwork& source : network.layers) {
    Layer layer;
    layer.network = source;
    const SnnConfig& shape = source.shape;
    const std::uint32_t kernels = shape.basis_functions;
    layer.input_weights.resize(shape.outputs, static_cast<Eigen::Index>(shape.inputs) * kernels);
    for (std::uint32_t j = 0; j < shape.inputs; ++j) {
      for (std::uint32_t i = 0; i < shape.outputs; ++i) {
        for (std::uint32_t k = 0; k < kernels; ++k) {
          layer.input_weights(i, static_cast<Eigen::Index>(j) * kernels + k) = source.weight(j, i, k);
        }
      }
    }
    layer.feedback_weights.resize(shape.outputs, shape.feedback_basis_functions);
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      for (std::uint32_t k = 0; k < shape.feedback_basis_functions; ++k) {
        layer.feedback_weights(i, k) =
            source.feedback[static_cast<std::size_t>(i) * shape.feedback_basis_functions + k];
      }
    }
    layer.bias.resize(shape.outputs);
    for (std::uint32_t i = 0; i < shape.outputs; ++i) layer.bias(i) = source.bias[i];
    layers_.push_back(std::move(layer));
  }
}

void GoldenModel::run_layer(std::size_t index, const std::vector<std::uint8_t>& input_spikes, LayerState& state,
                            std::uint64_t sample_id, std::uint32_t step, InferenceResult& result) const {
  const Layer& layer = layers_[index];
  const QuantisedNetwork& network = layer.network;
  const SnnConfig& shape = network.shape;
  const std::uint32_t kernels = shape.basis_functions;
  const std::uint32_t window_mask = (1U << shape.window_steps) - 1U;
  OperationCounts& counts = result.counts;
  // Spikes of the previous instant enter the windows; only inputs whose window holds a spike
  // (the active rows) contribute, so the sum runs over those columns alone.
  state.potentials = layer.bias;
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    std::uint32_t& window = state.input_windows[j];
    window = ((window << 1U) | input_spikes[j]) & window_mask;
    if (window == 0) continue;
    ++counts.active_rows;
    for (std::uint32_t k = 0; k < kernels; ++k) {
      const std::int64_t trace = network.trace_lut.at(k, window);
      if (trace != 0) state.potentials += trace * layer.input_weights.col(static_cast<Eigen::Index>(j) * kernels + k);
    }
    counts.synapse_macs += static_cast<std::uint64_t>(shape.outputs) * kernels;
  }
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    if (state.own_windows[i] == 0) continue;
    for (std::uint32_t k = 0; k < shape.feedback_basis_functions; ++k) {
      state.potentials(i) += layer.feedback_weights(i, k) * network.feedback_lut.at(k, state.own_windows[i]);
    }
    counts.feedback_macs += shape.feedback_basis_functions;
  }
  const bool is_output = index + 1 == layers_.size();
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    const std::uint32_t threshold = network.sigmoid.threshold[network.sigmoid.index(state.potentials(i))];
    const bool spike =
        rng::draw_u16(seed_, rng::Stream::kNeuronFiring, sample_id, step, firing_index(index, i)) < threshold;
    ++counts.neuron_updates;
    state.own_windows[i] = ((state.own_windows[i] << 1U) | (spike ? 1U : 0U)) & window_mask;
    state.spikes[i] = spike ? 1 : 0;
    if (!spike) continue;
    if (is_output) {
      result.spikes.push_back({step, i});
      ++counts.output_spikes;
    } else {
      result.hidden_spike_digest += hidden_spike_key(index, step, i);
      ++counts.hidden_spikes;
    }
  }
}

InferenceResult GoldenModel::infer(const std::uint8_t* pixels, std::uint64_t sample_id) const {
  const QuantisedNetwork& first = layers_.front().network;
  const std::uint32_t inputs = first.shape.inputs;
  std::vector<std::uint32_t> thresholds(inputs);
  for (std::uint32_t j = 0; j < inputs; ++j) {
    thresholds[j] = input_threshold(pixels[j], first.shape.input_max_spike_probability);
  }
  std::vector<std::uint8_t> input_spikes(inputs, 0);
  std::vector<LayerState> states(layers_.size());
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const SnnConfig& shape = layers_[l].network.shape;
    states[l].input_windows.assign(shape.inputs, 0);
    states[l].own_windows.assign(shape.outputs, 0);
    states[l].spikes.assign(shape.outputs, 0);
    states[l].last_spikes.assign(shape.outputs, 0);
  }
  const std::size_t output = layers_.size() - 1;
  IntVector potential_sums = IntVector::Zero(layers_.back().network.shape.outputs);
  std::vector<std::uint32_t> spiking;

  InferenceResult result;
  for (std::uint32_t step = 1; step <= time_steps_; ++step) {
    ++result.counts.time_steps;
    for (std::uint32_t j = 0; j < inputs; ++j) {
      const bool spike = input_spike(seed_, sample_id, step, j, thresholds[j]);
      result.counts.input_spikes += spike ? 1 : 0;
      input_spikes[j] = spike ? 1 : 0;
    }
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      run_layer(l, l == 0 ? input_spikes : states[l - 1].last_spikes, states[l], sample_id, step, result);
    }
    for (LayerState& state : states) state.last_spikes.swap(state.spikes);
    const LayerState& out = states[output];
    potential_sums += out.potentials;
    spiking.clear();
    for (std::uint32_t i = 0; i < out.last_spikes.size(); ++i) {
      if (out.last_spikes[i] != 0) spiking.push_back(i);
    }
    result.steps_run = step;
    if (!spiking.empty() && !result.decided_by_spike) {
      result.decided_by_spike = true;
      result.decision_step = step;
      result.decision = pick_by_potential(out.potentials.data(), spiking.data(), spiking.size());
      if (early_stop_) break;
    }
  }
  if (!result.decided_by_spike) {
    std::vector<std::uint32_t> everyone(potential_sums.size());
    for (std::uint32_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
    result.decision = pick_by_potential(potential_sums.data(), everyone.data(), everyone.size());
    result.decision_step = time_steps_;
  }
  return result;
}

}  // namespace spinaps::snn
