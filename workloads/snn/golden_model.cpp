#include "workloads/snn/golden_model.h"

#include <vector>

#include "models/rng/counter_rng.h"

namespace spinaps::snn {

std::uint32_t pick_by_potential(const std::int64_t* potentials, const std::uint32_t* candidates, std::size_t count) {
  std::uint32_t best = candidates[0];
  for (std::size_t n = 1; n < count; ++n) {
    if (potentials[candidates[n]] > potentials[best]) best = candidates[n];  // strict: lowest index keeps ties
  }
  return best;
}

GoldenModel::GoldenModel(const QuantisedNetwork& network, std::uint64_t seed) : network_(network), seed_(seed) {
  const SnnConfig& shape = network.shape;
  const std::uint32_t kernels = shape.basis_functions;
  input_weights_.resize(shape.outputs, static_cast<Eigen::Index>(shape.inputs) * kernels);
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      for (std::uint32_t k = 0; k < kernels; ++k) {
        input_weights_(i, static_cast<Eigen::Index>(j) * kernels + k) = network.weight(j, i, k);
      }
    }
  }
  feedback_weights_.resize(shape.outputs, shape.feedback_basis_functions);
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    for (std::uint32_t k = 0; k < shape.feedback_basis_functions; ++k) {
      feedback_weights_(i, k) = network.feedback[static_cast<std::size_t>(i) * shape.feedback_basis_functions + k];
    }
  }
  bias_.resize(shape.outputs);
  for (std::uint32_t i = 0; i < shape.outputs; ++i) bias_(i) = network.bias[i];
}

InferenceResult GoldenModel::infer(const std::uint8_t* pixels, std::uint64_t sample_id) const {
  const SnnConfig& shape = network_.shape;
  const std::uint32_t kernels = shape.basis_functions;
  const std::uint32_t window_mask = (1U << shape.window_steps) - 1U;
  std::vector<std::uint32_t> thresholds(shape.inputs);
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    thresholds[j] = input_threshold(pixels[j], shape.input_max_spike_probability);
  }
  std::vector<std::uint32_t> input_windows(shape.inputs, 0);
  std::vector<std::uint32_t> own_windows(shape.outputs, 0);
  IntVector traces = IntVector::Zero(static_cast<Eigen::Index>(shape.inputs) * kernels);
  IntVector feedback_traces(shape.feedback_basis_functions);
  IntVector potential_sums = IntVector::Zero(shape.outputs);
  std::vector<std::uint32_t> spiking;

  InferenceResult result;
  for (std::uint32_t step = 1; step <= shape.time_steps; ++step) {
    OperationCounts& counts = result.counts;
    ++counts.time_steps;
    // Input spikes of the previous instant enter the windows; the filtered traces follow.
    for (std::uint32_t j = 0; j < shape.inputs; ++j) {
      const bool spike = input_spike(seed_, sample_id, step, j, thresholds[j]);
      counts.input_spikes += spike ? 1 : 0;
      input_windows[j] = ((input_windows[j] << 1U) | (spike ? 1U : 0U)) & window_mask;
      counts.active_rows += input_windows[j] != 0 ? 1 : 0;
      for (std::uint32_t k = 0; k < kernels; ++k) {
        traces(static_cast<Eigen::Index>(j) * kernels + k) = network_.trace_lut.at(k, input_windows[j]);
      }
    }
    IntVector potentials = bias_ + input_weights_ * traces;
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      if (own_windows[i] == 0) continue;
      for (std::uint32_t k = 0; k < shape.feedback_basis_functions; ++k) {
        feedback_traces(k) = network_.feedback_lut.at(k, own_windows[i]);
      }
      potentials(i) += feedback_weights_.row(i).dot(feedback_traces);
      counts.feedback_macs += shape.feedback_basis_functions;
    }
    counts.synapse_macs = counts.active_rows * shape.outputs * kernels;
    potential_sums += potentials;

    spiking.clear();
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      const std::uint32_t threshold = network_.sigmoid.threshold[network_.sigmoid.index(potentials(i))];
      const bool spike = rng::draw_u16(seed_, rng::Stream::kNeuronFiring, sample_id, step, i) < threshold;
      ++counts.neuron_updates;
      own_windows[i] = ((own_windows[i] << 1U) | (spike ? 1U : 0U)) & window_mask;
      if (spike) {
        spiking.push_back(i);
        result.spikes.push_back({step, i});
        ++counts.output_spikes;
      }
    }
    result.steps_run = step;
    if (!spiking.empty() && !result.decided_by_spike) {
      result.decided_by_spike = true;
      result.decision_step = step;
      result.decision = pick_by_potential(potentials.data(), spiking.data(), spiking.size());
      if (shape.early_stop) break;
    }
  }
  if (!result.decided_by_spike) {
    std::vector<std::uint32_t> everyone(shape.outputs);
    for (std::uint32_t i = 0; i < shape.outputs; ++i) everyone[i] = i;
    result.decision = pick_by_potential(potential_sums.data(), everyone.data(), everyone.size());
    result.decision_step = shape.time_steps;
  }
  return result;
}

}  // namespace spinaps::snn
