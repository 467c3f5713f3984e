#pragma once
// The float model the trainer optimises: the GLM network of network.h with real-valued weights and
// bias, fed with exactly the quantised trace values the hardware uses, and the first-to-spike
// log-likelihood of Bagheri, Simeone and Rajendran, "Training probabilistic spiking neural networks
// with first-to-spike decoding", ICASSP 2018, with its exact gradient.
//
//   u_i(t) = gamma_i + sum_j sum_k w[j][i][k] * x_jk(t),  x_jk(t) = trace_lut.at(k, window_j(t)) * lsb
//   q_i(t) = sigmoid(u_i(t))
//
// The feedback term is absent on purpose: with first-to-spike decoding no neuron's own past spike
// can reach its potential before the decision (the first spike ends the inference; with early stop
// off, later steps do not change the decision), so the likelihood does not depend on the feedback
// weights and their gradient is zero. The trainer stores them as the most negative code (refractory
// self-inhibition), which only matters if a run continues after a spike.
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "workloads/snn/network.h"

namespace spinaps::snn {

/// One sample's input activity as the crossbar sees it. For step t (1-based) the active inputs
/// (window holds a spike) are rows [step_begin[t-1], step_begin[t]) of `inputs` and `windows`.
struct EncodedSample {
  std::uint32_t label = 0;
  std::vector<std::uint32_t> step_begin;  ///< time_steps + 1 offsets
  std::vector<std::uint32_t> inputs;      ///< input index j of each active row
  std::vector<std::uint32_t> windows;     ///< its window bits (bit 0 = newest spike)
};

/// Draws the input spike trains exactly as GoldenModel::infer does (input_threshold against
/// rng::draw_u16(seed, kInputEncoding, sample_id, step, j)) and records the active rows per step.
void encode_sample(const SnnConfig& shape, const std::uint8_t* pixels, std::uint32_t label, std::uint64_t seed,
                   std::uint64_t sample_id, EncodedSample& sample);

/// Real-valued parameters. Layout w[(j*K + k)*outputs + i]: the outputs of one (input, kernel)
/// pair are contiguous, as one crossbar row read delivers them.
struct FloatGlm {
  std::uint32_t inputs = 0;
  std::uint32_t outputs = 0;
  std::uint32_t kernels = 0;
  std::vector<double> weights;
  std::vector<double> bias;

  FloatGlm() = default;
  FloatGlm(std::uint32_t input_count, std::uint32_t output_count, std::uint32_t kernel_count);
  [[nodiscard]] std::size_t index(std::uint32_t input, std::uint32_t output, std::uint32_t kernel) const {
    return (static_cast<std::size_t>(input) * kernels + kernel) * outputs + output;
  }
  void set_zero();
};

/// Potentials over time: row t-1 holds u_.(t).
using Potentials = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// L = log sum_{t=1..T} P_t for the correct class `label`, computed in log space. If `gradient`
/// is not null it receives dL/du (same shape as `potentials`).
double first_to_spike_log_likelihood(const Potentials& potentials, std::uint32_t label, Potentials* gradient);

/// trace_lut in real units: table[window * K + k] = lut.at(k, window) * lut.lsb.
std::vector<double> real_trace_table(const TraceLut& lut);

/// Scratch space reused across samples so the hot loop does not allocate.
struct SampleWorkspace {
  Potentials potentials;
  Potentials gradient;
};

/// Computes the potentials of `model` on `sample` over the steps it was encoded for and returns L.
/// If `gradient` is not null, dL/dw and dL/dgamma are ADDED to it (it must have the model's shape).
double sample_log_likelihood(const FloatGlm& model, const std::vector<double>& trace_table, const EncodedSample& sample,
                             SampleWorkspace& workspace, FloatGlm* gradient);

}  // namespace spinaps::snn
