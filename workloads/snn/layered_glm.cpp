#include "workloads/snn/layered_glm.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/rng/counter_rng.h"
#include "workloads/snn/network.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {
namespace {

using RowMap = Eigen::Map<const Potentials>;

/// Steps layer `layer` of `layer_count` weight layers runs: its spikes of later steps reach the
/// output only after step T.
std::uint32_t steps_of(std::size_t layer, std::size_t layer_count, std::uint32_t time_steps) {
  const std::size_t delay = layer_count - 1 - layer;
  return time_steps > delay ? static_cast<std::uint32_t>(time_steps - delay) : 0U;
}

/// Fills `active` with the inputs of `source` that are active in its first `steps` steps, their
/// trace time series, the weight rows of `layer` they select and the drive traces * weights.
void gather_inputs(const EncodedSample& source, std::uint32_t steps, const FloatGlm& layer,
                   const std::vector<double>& table, std::vector<std::int32_t>& position, ActiveInputs& active) {
  const std::uint32_t kernels = layer.kernels;
  const std::uint32_t end = source.step_begin[steps];
  if (position.size() < layer.inputs) position.assign(layer.inputs, -1);
  active.inputs.clear();
  for (std::uint32_t n = 0; n < end; ++n) {
    const std::uint32_t j = source.inputs[n];
    if (position[j] >= 0) continue;
    position[j] = static_cast<std::int32_t>(active.inputs.size());
    active.inputs.push_back(j);
  }
  const auto columns = static_cast<Eigen::Index>(active.inputs.size() * kernels);
  auto traces = active.traces.reshape(steps, columns);
  traces.setZero();
  for (std::uint32_t t = 0; t < steps; ++t) {
    for (std::uint32_t n = source.step_begin[t]; n < source.step_begin[t + 1]; ++n) {
      const double* trace = &table[static_cast<std::size_t>(source.windows[n]) * kernels];
      const auto column = static_cast<Eigen::Index>(position[source.inputs[n]]) * kernels;
      for (std::uint32_t k = 0; k < kernels; ++k) traces(t, column + k) = trace[k];
    }
  }
  const RowMap weights(layer.weights.data(), static_cast<Eigen::Index>(layer.inputs) * kernels, layer.outputs);
  auto selected = active.weights.reshape(columns, layer.outputs);
  for (std::size_t a = 0; a < active.inputs.size(); ++a) {
    const auto row = static_cast<Eigen::Index>(active.inputs[a]) * kernels;
    selected.middleRows(static_cast<Eigen::Index>(a * kernels), kernels) = weights.middleRows(row, kernels);
    position[active.inputs[a]] = -1;
  }
  active.drive.reshape(steps, layer.outputs).noalias() = traces * selected;
}

/// gradient rows of `active`'s inputs += traces^T * weighted (one GEMM into `rows`, then a
/// scatter: far faster than a GEMV per row); bias += column sums of weighted.
void add_gradient(const ActiveInputs& active, const Eigen::Ref<const Potentials>& weighted, ScratchMatrix& rows,
                  FloatGlm& gradient) {
  const std::uint32_t kernels = gradient.kernels;
  const auto traces = active.traces.view();
  auto product = rows.reshape(traces.cols(), weighted.cols());
  product.noalias() = traces.transpose() * weighted;
  Eigen::Map<Potentials> target(gradient.weights.data(), static_cast<Eigen::Index>(gradient.inputs) * kernels,
                                gradient.outputs);
  for (std::size_t a = 0; a < active.inputs.size(); ++a) {
    target.middleRows(static_cast<Eigen::Index>(active.inputs[a]) * kernels, kernels) +=
        product.middleRows(static_cast<Eigen::Index>(a * kernels), kernels);
  }
  Eigen::Map<Eigen::RowVectorXd> bias(gradient.bias.data(), gradient.outputs);
  bias += weighted.colwise().sum();
}

/// Samples one hidden layer over `drive`'s steps: records h - q and the spike windows as the next
/// layer's encoded input (one step longer: the spikes of step t enter its windows at step t+1).
/// Returns the number of spikes.
std::uint64_t run_hidden(const LayeredGlm& model, const TraceTables& tables, std::size_t layer,
                         std::uint32_t trajectory, const Eigen::Map<const Potentials>& drive, const SpikeDraw& draw,
                         LayeredWorkspace& workspace, LayeredWorkspace::HiddenRecord& record) {
  const FloatGlm& glm = model.layers[layer];
  const std::vector<double>& feedback = model.feedback[layer];
  const std::uint32_t feedback_kernels = tables.feedback_kernels;
  const std::uint32_t mask = (1U << tables.window_steps) - 1U;
  const auto steps = static_cast<std::uint32_t>(drive.rows());
  const Eigen::Map<const Eigen::ArrayXd> bias(glm.bias.data(), glm.outputs);
  std::vector<std::uint32_t>& own = workspace.own_windows;
  own.assign(glm.outputs, 0);
  workspace.spikes.resize(glm.outputs);
  auto deviation = record.deviation.reshape(steps, glm.outputs);
  EncodedSample& out = record.spikes;
  out.step_begin.assign(2, 0);  // step 1 of the next layer sees no spike of this one yet
  out.inputs.clear();
  out.windows.clear();
  std::uint64_t spikes = 0;
  FiringStep firing{layer, trajectory, 0, glm.outputs, nullptr, nullptr, workspace.spikes.data()};
  for (std::uint32_t t = 0; t < steps; ++t) {
    Eigen::ArrayXd& u = workspace.potential;
    u = bias + drive.row(t).transpose().array();
    for (std::uint32_t i = 0; i < glm.outputs; ++i) {
      if (own[i] == 0) continue;
      const double* trace = &tables.feedback[static_cast<std::size_t>(own[i]) * feedback_kernels];
      for (std::uint32_t k = 0; k < feedback_kernels; ++k) {
        u(i) += feedback[static_cast<std::size_t>(i) * feedback_kernels + k] * trace[k];
      }
    }
    workspace.probability = 1.0 / (1.0 + (-u).exp());  // exp overflow gives 1/inf = 0, as it should
    firing.step = t + 1;
    firing.potential = u.data();
    firing.probability = workspace.probability.data();
    draw(firing);
    for (std::uint32_t i = 0; i < glm.outputs; ++i) {
      const std::uint32_t spike = workspace.spikes[i] != 0 ? 1U : 0U;
      spikes += spike;
      deviation(t, i) = spike - workspace.probability(i);
      own[i] = ((own[i] << 1U) | spike) & mask;
      if (own[i] != 0) {
        out.inputs.push_back(i);
        out.windows.push_back(own[i]);
      }
    }
    out.step_begin.push_back(static_cast<std::uint32_t>(out.inputs.size()));
  }
  return spikes;
}

}  // namespace

Eigen::Map<Potentials> ScratchMatrix::reshape(Eigen::Index rows, Eigen::Index cols) {
  rows_ = rows;
  cols_ = cols;
  if (buffer_.size() < static_cast<std::size_t>(rows * cols)) buffer_.resize(static_cast<std::size_t>(rows * cols));
  return view();
}

LayeredGlm::LayeredGlm(const SnnConfig& shape) : feedback_kernels(shape.feedback_basis_functions) {
  const std::vector<std::uint32_t> sizes = layer_sizes(shape);
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    layers.emplace_back(sizes[l], sizes[l + 1], shape.basis_functions);
    feedback.emplace_back(static_cast<std::size_t>(sizes[l + 1]) * feedback_kernels, 0.0);
  }
}

void LayeredGlm::set_zero() {
  for (FloatGlm& layer : layers) layer.set_zero();
  for (auto& values : feedback) std::fill(values.begin(), values.end(), 0.0);
}

TraceTables::TraceTables(const SnnConfig& shape)
    : feedback_kernels(shape.feedback_basis_functions), window_steps(shape.window_steps) {
  const TraceLut lut = build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits);
  input = real_trace_table(lut);
  const TraceLut own = build_trace_lut(shape.feedback_basis_functions, shape.window_steps, shape.trace_bits);
  const std::uint32_t patterns = 1U << shape.window_steps;
  feedback.assign(static_cast<std::size_t>(patterns) * feedback_kernels, 0.0);
  for (std::uint32_t window = 0; window < patterns; ++window) {
    for (std::uint32_t k = 0; k < feedback_kernels; ++k) {
      feedback[static_cast<std::size_t>(window) * feedback_kernels + k] = own.at(k, window) * lut.lsb;
    }
  }
}

SpikeDraw training_spike_draw(std::uint64_t seed, std::uint64_t sample_id) {
  return [seed, sample_id](const FiringStep& firing) {
    const std::uint32_t step = (firing.trajectory << 16U) | firing.step;
    for (std::uint32_t i = 0; i < firing.neurons; ++i) {
      // For an integer draw d, d < floor(65536 q + 0.5) exactly when d + 0.5 <= 65536 q.
      const std::uint32_t draw =
          rng::draw_u16(seed, rng::Stream::kNeuronFiring, sample_id, step, firing_index(firing.layer, i));
      firing.spikes[i] = draw + 0.5 <= firing.probability[i] * 65536.0 ? 1 : 0;
    }
  };
}

double LayeredSampleResult::mean_log_likelihood() const {
  if (log_likelihood.empty()) return 0.0;
  return std::accumulate(log_likelihood.begin(), log_likelihood.end(), 0.0) /
         static_cast<double>(log_likelihood.size());
}

LayeredSampleResult layered_sample(const LayeredGlm& model, const TraceTables& tables, const EncodedSample& input,
                                   std::uint32_t trajectories, const SpikeDraw& draw, double running_baseline,
                                   LayeredWorkspace& workspace, LayeredGlm* gradient) {
  const std::size_t layer_count = model.layers.size();
  const std::size_t hidden = layer_count - 1;
  const auto time_steps = static_cast<std::uint32_t>(input.step_begin.size() - 1);
  trajectories = std::max<std::uint32_t>(trajectories, 1);
  workspace.records.resize(trajectories);
  LayeredSampleResult result;
  if (hidden > 0) {
    gather_inputs(input, steps_of(0, layer_count, time_steps), model.layers[0], tables.input, workspace.position,
                  workspace.first);
  }
  for (std::uint32_t s = 0; s < trajectories; ++s) {
    std::vector<LayeredWorkspace::HiddenRecord>& records = workspace.records[s];
    records.resize(hidden);
    for (std::size_t l = 0; l < hidden; ++l) {
      const ActiveInputs* active = &workspace.first;
      if (l > 0) {
        gather_inputs(records[l - 1].spikes, steps_of(l, layer_count, time_steps), model.layers[l], tables.input,
                      workspace.position, records[l].input);
        active = &records[l].input;
      }
      const auto drive = active->drive.view();
      result.hidden_spikes += run_hidden(model, tables, l, s, drive, draw, workspace, records[l]);
      result.hidden_neuron_steps += static_cast<std::uint64_t>(drive.size());
      records[l].spikes.label = input.label;
    }
    const EncodedSample& last = hidden > 0 ? records[hidden - 1].spikes : input;
    // The output layer is a single-layer GLM over the last hidden layer's windows: the
    // single-layer trainer's exact first-to-spike likelihood and gradient.
    result.log_likelihood.push_back(sample_log_likelihood(model.layers.back(), tables.input, last, workspace.output,
                                                          gradient != nullptr ? &gradient->layers.back() : nullptr));
  }
  const double total = std::accumulate(result.log_likelihood.begin(), result.log_likelihood.end(), 0.0);
  for (const double value : result.log_likelihood) {
    const double baseline = trajectories > 1 ? (total - value) / (trajectories - 1) : running_baseline;
    result.learning_signal.push_back(value - baseline);
  }
  if (gradient == nullptr || hidden == 0) return result;
  // Layer 0's trajectories share their inputs, so one pass serves all of them:
  // sum_s signal_s * X^T E_s = X^T (sum_s signal_s * E_s).
  const auto first = workspace.records[0][0].deviation.view();
  auto weighted = workspace.weighted.reshape(first.rows(), first.cols());
  weighted.setZero();
  for (std::uint32_t s = 0; s < trajectories; ++s) {
    weighted += result.learning_signal[s] * workspace.records[s][0].deviation.view();
  }
  add_gradient(workspace.first, weighted, workspace.rows, gradient->layers[0]);
  for (std::size_t l = 1; l < hidden; ++l) {
    for (std::uint32_t s = 0; s < trajectories; ++s) {
      const LayeredWorkspace::HiddenRecord& record = workspace.records[s][l];
      auto signal_times_deviation =
          workspace.weighted.reshape(record.deviation.view().rows(), record.deviation.view().cols());
      signal_times_deviation = result.learning_signal[s] * record.deviation.view();
      add_gradient(record.input, signal_times_deviation, workspace.rows, gradient->layers[l]);
    }
  }
  return result;
}

}  // namespace spinaps::snn
