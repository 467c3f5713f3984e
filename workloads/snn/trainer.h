#pragma once
// Trains the GLM spiking network for first-to-spike decoding and quantises it to what the hardware
// stores (B-bit weights, integer biases), then measures it with the integer GoldenModel.
//
// Recipe (workloads/weights/README.md explains each choice):
//   * objective: maximum likelihood that the correct neuron spikes first (first_to_spike.h), on
//     fresh input spike trains every epoch (sample key epoch * 2^32 + n);
//   * Adam on minibatches, learning rate cosine-annealed over the epochs, deterministic for a seed
//     (initialisation and shuffling use rng::draw_u32 with Stream::kTraining);
//   * the first half of the epochs trains float weights; then weight_lsb is fixed from their
//     distribution (choose_weight_lsb) and the second half is quantisation-aware: the forward pass
//     uses the quantised weights and bias, the straight-through estimator passes the gradient to
//     float shadow weights, which are clipped to the representable range;
//   * feedback weights are the most negative code (refractory self-inhibition; see first_to_spike.h);
//   * evaluation: GoldenModel on the quantised network for T = 1..time_steps, sample id = index;
//   * baseline: multinomial logistic regression on pixel/255 with the same optimiser and split
//     (logistic_regression.h).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/first_to_spike.h"
#include "workloads/snn/logistic_regression.h"
#include "workloads/snn/network.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {

/// Defaults are the settings the committed weights were trained with (workloads/weights/README.md).
struct TrainingOptions {
  std::uint32_t epochs = 150;
  double learning_rate = 0.003;  ///< Adam step size at the first epoch (cosine-annealed towards 0)
  std::uint32_t batch_size = 16;
  std::uint32_t train_samples = 0;  ///< first N training images (0 = all)
  std::uint32_t test_samples = 0;   ///< first N test images (0 = all)
  std::uint64_t seed = 1;           ///< training draws and the GoldenModel evaluation (the CLI uses the config seed)
  bool show_progress = false;       ///< epoch n/N, samples/s and ETA on stderr
};

struct AccuracyAtSteps {
  std::uint32_t time_steps = 0;
  double accuracy = 0.0;
  double mean_decision_step = 0.0;
  double spike_decided_fraction = 0.0;  ///< decided by an output spike (not by the summed potential at T)
};

struct TrainingReport {
  QuantisedNetwork network;
  TrainingOptions options;
  std::vector<double> epoch_log_likelihood;  ///< mean L per training sample, per epoch (as trained)
  std::vector<AccuracyAtSteps> accuracy_vs_steps;
  double logistic_regression_accuracy = 0.0;
  double final_log_likelihood = 0.0;  ///< mean L of the quantised network on the training samples of the last epoch
  std::size_t train_samples = 0;
  std::size_t test_samples = 0;
  double training_seconds = 0.0;  ///< the SNN training loop (not evaluation or baseline)
  [[nodiscard]] nlohmann::ordered_json record() const;
};

/// Trains on `train`, evaluates on `test`. `shape` is the configuration's SnnConfig (its
/// time_steps is the longest evaluated T); the network's largest potential must fit a signed
/// `accumulator_bits` accumulator, else std::runtime_error.
TrainingReport train_first_to_spike(const SnnConfig& shape, std::uint32_t accumulator_bits,
                                    const data::ImageDataset& train, const data::ImageDataset& test,
                                    const TrainingOptions& options);

/// The weight LSB rule: the LSB that minimises the mean squared error between the float weights
/// and their B-bit quantisation clamp(round(w / lsb), -2^(B-1), 2^(B-1) - 1) * lsb.
double choose_weight_lsb(const std::vector<double>& weights, std::uint32_t weight_bits);

/// The quantised network for float parameters and a weight LSB: weights as above, bias
/// round(gamma / (weight_lsb * trace_lsb)), feedback the most negative code; LUTs built.
QuantisedNetwork quantise_network(const SnnConfig& shape, const FloatGlm& model, double weight_lsb);

/// GoldenModel accuracy of `network` on `test` for T = 1..network.shape.time_steps (one run per
/// T, sample id = test index).
std::vector<AccuracyAtSteps> accuracy_against_steps(const LayeredNetwork& network, const data::ImageDataset& test,
                                                    std::uint64_t seed);
std::vector<AccuracyAtSteps> accuracy_against_steps(const QuantisedNetwork& network, const data::ImageDataset& test,
                                                    std::uint64_t seed);
/// The accuracy table as the training records store it.
nlohmann::ordered_json accuracy_table_json(const std::vector<AccuracyAtSteps>& rows);

}  // namespace spinaps::snn
