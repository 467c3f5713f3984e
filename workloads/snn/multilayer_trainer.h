#pragma once
// Trains a GLM spiking network with hidden layers (snn.hidden_layers) for first-to-spike decoding,
// quantises every layer to what the hardware stores and measures it with the integer GoldenModel.
//
// Recipe (workloads/weights/README.md explains each choice and the measured results):
//   * model and gradient: layered_glm.h. The output layer gets the exact first-to-spike
//     maximum-likelihood gradient given the sampled hidden spikes (as the single-layer trainer);
//     hidden neurons follow the learning-signal rule (learning signal x gradient of the
//     log-probability of their own sampled spikes), with S trajectories per image;
//   * fresh input spike trains and hidden draws every epoch (sample key epoch * 2^32 + n);
//   * Adam, cosine-annealed step sizes (one for the output layer, one for the hidden layers),
//     deterministic for a seed; hidden weights start uniform in +-hidden_initial_weight_scale (they
//     must differ to break the symmetry between hidden neurons), output weights in +-1e-3; the
//     output bias starts negative, since in step 1 the outputs cannot see any hidden spike yet and
//     a bias of 0 makes them all fire then, which teaches nothing;
//   * quantisation exactly as the single-layer trainer, per layer: float first half, weight_lsb of
//     each layer by choose_weight_lsb at the half-way epoch, then quantisation-aware with a
//     straight-through estimator; feedback weights are the most negative code. In hidden layers
//     that refractory term acts in the forward pass (their neurons run on after spiking), so
//     training includes it: code * weight_lsb, with the LSB re-estimated from every 16th float
//     weight at each float epoch and fixed after;
//   * evaluation: GoldenModel on the quantised LayeredNetwork for T = 1..time_steps, sample id =
//     test index; baselines: the single-layer network trained by train_first_to_spike with its
//     default recipe in the same run, and its logistic regression.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/trainer.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {

/// Defaults are the settings the committed multi-layer weights were trained with.
struct LayeredTrainingOptions {
  std::uint32_t epochs = 30;
  double learning_rate = 0.003;         ///< output layer's Adam step size at the first epoch
  double hidden_learning_rate = 0.001;  ///< hidden layers' Adam step size at the first epoch
  std::uint32_t batch_size = 32;
  std::uint32_t trajectories = 4;            ///< S: hidden trajectories sampled per image
  double baseline_decay = 0.99;              ///< running baseline b <- decay*b + (1-decay)*L (S = 1)
  double hidden_initial_weight_scale = 0.6;  ///< hidden weights start uniform in +-scale
  double hidden_initial_bias = -3.0;         ///< every hidden neuron's bias at the start
  double output_initial_bias = -4.0;         ///< every output neuron's bias at the start
  std::uint32_t train_samples = 0;           ///< first N training images (0 = all)
  std::uint32_t test_samples = 0;            ///< first N test images (0 = all)
  std::uint64_t seed = 1;
  bool show_progress = false;
  bool single_layer_baseline = true;  ///< also train the network without hidden layers, for comparison
};

struct LayeredTrainingReport {
  LayeredNetwork network;
  LayeredTrainingOptions options;
  std::vector<double> epoch_log_likelihood;  ///< mean L(h) per training sample and trajectory, per epoch
  double final_log_likelihood = 0.0;         ///< the same for the quantised network, fresh draws
  double hidden_spike_rate = 0.0;            ///< hidden spikes per neuron and step in that pass
  std::vector<AccuracyAtSteps> accuracy_vs_steps;
  std::optional<TrainingReport> single_layer;  ///< the baseline without hidden layers
  double logistic_regression_accuracy = 0.0;
  std::size_t train_samples = 0;
  std::size_t test_samples = 0;
  double training_seconds = 0.0;  ///< the training loop (not evaluation or baselines)
  [[nodiscard]] nlohmann::ordered_json record() const;
};

/// Trains `shape` (which must have hidden layers, or is trained as one layer by the same rule) on
/// `train`, evaluates on `test`. Every layer's largest potential must fit a signed
/// `accumulator_bits` accumulator, else std::runtime_error.
LayeredTrainingReport train_layered_first_to_spike(const SnnConfig& shape, std::uint32_t accumulator_bits,
                                                   const data::ImageDataset& train, const data::ImageDataset& test,
                                                   const LayeredTrainingOptions& options);

}  // namespace spinaps::snn
