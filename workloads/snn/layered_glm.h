#pragma once
// The float model the multi-layer trainer optimises, and the learning-signal rule that trains its
// hidden GLM neurons (Jang, Simeone, Gardner, Gruening, "An Introduction to Probabilistic Spiking
// Neural Networks", IEEE Signal Processing Magazine 2019, section on learning with hidden neurons;
// Brea, Senn, Pfister, J. Neurosci. 2013).
//
// Forward pass, exactly the golden model's semantics (golden_model.h) with real-valued weights:
//   u^0_i(t) = gamma_i + sum_j sum_k w[j][i][k] x_jk(t)                 (inputs, encode_sample)
//            + sum_k v[i][k] y_ik(t)                                    (own history)
//   u^l_i(t) = the same over the windows of layer l-1's spikes, whose spike of step t enters the
//              windows at step t+1 (one step of delay per layer),
//   h^l_i(t) ~ Bernoulli(sigmoid(u^l_i(t))) drawn by a SpikeDraw,
// with x and y the quantised LUT traces in real units. The output layer is the first-to-spike GLM
// of first_to_spike.h over the last hidden layer's windows.
//
// Objective: the evidence lower bound with the hidden spikes drawn from the model itself,
//   J = E_{h ~ p(h|x)} [ log p(y | x, h) ],  log p(y | x, h) = L(h) the first-to-spike likelihood.
// Its gradient, estimated from S sampled hidden trajectories h_1..h_S of one image:
//   output layer:  (1/S) sum_s grad L(h_s)                     (first_to_spike.h, exact given h_s)
//   hidden layers: (1/S) sum_s (L(h_s) - b_s) grad log p(h_s | x),
//                  grad log p(h | x) = sum_t sum_i (h_i(t) - sigmoid(u_i(t))) grad u_i(t),
// where the learning signal's baseline b_s is the running average of L passed in (S = 1), or the
// mean of the other S - 1 trajectories' L (S > 1; "leave-one-out", Kool, van Hoof, Welling,
// ICLR 2019 workshop "Buy 4 REINFORCE samples, get a baseline for free!"). Neither baseline
// depends on h_s, so E[(b_s) grad log p(h_s|x)] = 0 and the estimate stays unbiased.
// Only hidden spikes that can reach the output by step T are drawn (layer l of L weight layers
// runs T - (L-1-l) steps); later ones cannot change L and would only add variance.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <vector>

#include "workloads/snn/first_to_spike.h"
#include "workloads/snn/snn_config.h"

namespace spinaps::snn {

/// Real-valued parameters of every weight layer; layer l maps layer_sizes(shape)[l] to [l+1].
struct LayeredGlm {
  std::vector<FloatGlm> layers;
  std::uint32_t feedback_kernels = 0;
  /// Hidden layer l's self-feedback v[i*K_fb + k] in real units (code * weight_lsb). The output
  /// layer's entry is unused: its feedback cannot act before a first-to-spike decision.
  std::vector<std::vector<double>> feedback;

  LayeredGlm() = default;
  explicit LayeredGlm(const SnnConfig& shape);  ///< all zero
  void set_zero();
};

/// The real trace values every layer reads (all layers share K, K_fb, tau_y and the trace width).
struct TraceTables {
  std::vector<double> input;  ///< real_trace_table(trace_lut): [window * K + k]
  /// feedback_lut.at(k, window) * trace_lut.lsb at [window * K_fb + k]: the golden model adds
  /// feedback code * feedback_lut.at in potential LSBs (weight_lsb * trace_lut.lsb), so a real
  /// feedback weight (code * weight_lsb) times this entry is that term in real units.
  std::vector<double> feedback;
  std::uint32_t feedback_kernels = 0;
  std::uint32_t window_steps = 0;
  explicit TraceTables(const SnnConfig& shape);
};

/// The firing decisions of one hidden layer in one step (step 1-based, trajectory 0..S-1): the
/// draw sets spikes[i] to 1 or 0 for i < neurons.
struct FiringStep {
  std::size_t layer = 0;
  std::uint32_t trajectory = 0;
  std::uint32_t step = 0;
  std::uint32_t neurons = 0;
  const double* potential = nullptr;    ///< u_i in real units
  const double* probability = nullptr;  ///< sigmoid(u_i), the probability the learning rule assumes
  std::uint8_t* spikes = nullptr;
};
using SpikeDraw = std::function<void(const FiringStep&)>;

/// The training sampler: spike iff rng::draw_u16(seed, kNeuronFiring, sample_id,
/// trajectory * 2^16 + step, firing_index(layer, neuron)) < floor(probability * 65536 + 0.5),
/// the golden model's comparison with sigmoid(u) in place of its LUT.
SpikeDraw training_spike_draw(std::uint64_t seed, std::uint64_t sample_id);

/// A row-major matrix whose storage only grows, so that re-shaping it for every sample does not
/// allocate (the large ones would otherwise be fresh pages every time).
class ScratchMatrix {
 public:
  Eigen::Map<Potentials> reshape(Eigen::Index rows, Eigen::Index cols);
  [[nodiscard]] Eigen::Map<Potentials> view() { return {buffer_.data(), rows_, cols_}; }
  [[nodiscard]] Eigen::Map<const Potentials> view() const { return {buffer_.data(), rows_, cols_}; }

 private:
  std::vector<double> buffer_;
  Eigen::Index rows_ = 0;
  Eigen::Index cols_ = 0;
};

/// One layer's active inputs over the steps it runs, as dense matrices for the GEMMs.
struct ActiveInputs {
  std::vector<std::uint32_t> inputs;  ///< inputs whose window held a spike in some step
  ScratchMatrix traces;               ///< steps x (inputs * K): x_jk(t), column a*K+k for inputs[a]
  ScratchMatrix weights;              ///< (inputs * K) x outputs: the rows of w they select
  ScratchMatrix drive;                ///< steps x outputs: the input part of u
};

/// Scratch space reused across samples so the hot loop does not allocate.
struct LayeredWorkspace {
  struct HiddenRecord {
    ActiveInputs input;       ///< layers > 0 only (layer 0's is shared by the trajectories)
    ScratchMatrix deviation;  ///< steps x neurons: h_i(t) - sigmoid(u_i(t))
    EncodedSample spikes;     ///< this layer's spike windows as the next layer's input
  };
  ActiveInputs first;                              ///< layer 0 (the encoded image)
  std::vector<std::vector<HiddenRecord>> records;  ///< [trajectory][hidden layer]
  SampleWorkspace output;                          ///< the output layer's u (last trajectory) and dL/du
  std::vector<std::int32_t> position;              ///< input -> active column, -1 when absent
  std::vector<std::uint32_t> own_windows;
  std::vector<std::uint8_t> spikes;
  Eigen::ArrayXd potential;
  Eigen::ArrayXd probability;
  ScratchMatrix weighted;  ///< sum over trajectories of learning signal * deviation
  ScratchMatrix rows;      ///< gradient rows of the active inputs
};

/// L(h_s) and the learning signal L(h_s) - b_s of each trajectory.
struct LayeredSampleResult {
  std::vector<double> log_likelihood;
  std::vector<double> learning_signal;
  std::uint64_t hidden_spikes = 0;        ///< over every trajectory and hidden layer
  std::uint64_t hidden_neuron_steps = 0;  ///< firing decisions drawn
  [[nodiscard]] double mean_log_likelihood() const;
};

/// Runs `trajectories` (S >= 1) sampled hidden trajectories of `model` on `input` (encoded for
/// shape.time_steps steps). If `gradient` is not null, the SUM over trajectories of the estimate
/// above (S times the mean) is ADDED to it. `running_baseline` is b when S = 1.
LayeredSampleResult layered_sample(const LayeredGlm& model, const TraceTables& tables, const EncodedSample& input,
                                   std::uint32_t trajectories, const SpikeDraw& draw, double running_baseline,
                                   LayeredWorkspace& workspace, LayeredGlm* gradient);

}  // namespace spinaps::snn
