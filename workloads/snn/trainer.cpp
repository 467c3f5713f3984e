#include "workloads/snn/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "workloads/snn/golden_model.h"
#include "workloads/snn/logistic_regression.h"
#include "workloads/snn/optimiser.h"
#include "workloads/snn/training_support.h"

namespace spinaps::snn {
namespace {

constexpr double kInitialWeightScale = 1e-3;  // init: uniform in +-scale

using Clock = std::chrono::steady_clock;

}  // namespace

double choose_weight_lsb(const std::vector<double>& weights, std::uint32_t weight_bits) {
  const auto low = -std::ldexp(1.0, static_cast<int>(weight_bits) - 1);
  const auto high = std::ldexp(1.0, static_cast<int>(weight_bits) - 1) - 1.0;
  double largest = 0.0;
  for (const double w : weights) largest = std::max(largest, std::abs(w));
  if (!(largest > 0.0)) return 1.0;
  // Candidates from "no clipping at all" (largest / 2^(B-1)) down to 1/400 of it, log-spaced.
  const double top = largest / -low;
  double best_lsb = top;
  double best_error = std::numeric_limits<double>::infinity();
  constexpr int kCandidates = 400;
  for (int c = 0; c < kCandidates; ++c) {
    const double lsb = top * std::pow(400.0, -static_cast<double>(c) / kCandidates);
    double error = 0.0;
    for (const double w : weights) {
      const double q = std::clamp(std::round(w / lsb), low, high) * lsb;
      error += (w - q) * (w - q);
    }
    if (error < best_error) {
      best_error = error;
      best_lsb = lsb;
    }
  }
  return best_lsb;
}

QuantisedNetwork quantise_network(const SnnConfig& shape, const FloatGlm& model, double weight_lsb) {
  QuantisedNetwork network;
  network.shape = shape;
  network.weight_lsb = weight_lsb;
  const std::int32_t low = -(1 << (shape.weight_bits - 1));
  const std::int32_t high = (1 << (shape.weight_bits - 1)) - 1;
  network.weights.resize(model.weights.size());
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      for (std::uint32_t k = 0; k < shape.basis_functions; ++k) {
        network.weights[(static_cast<std::size_t>(j) * shape.outputs + i) * shape.basis_functions + k] =
            quantised_code(model.weights[model.index(j, i, k)], weight_lsb, low, high);
      }
    }
  }
  // Refractory self-inhibition: never reached before a first-to-spike decision (zero gradient).
  network.feedback.assign(static_cast<std::size_t>(shape.outputs) * shape.feedback_basis_functions, low);
  const double potential_lsb =
      weight_lsb * build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits).lsb;
  network.bias.resize(shape.outputs);
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    const double code = std::round(model.bias[i] / potential_lsb);
    if (std::abs(code) > 2147483647.0) throw std::runtime_error("trained bias does not fit 32 bits");
    network.bias[i] = static_cast<std::int32_t>(code);
  }
  finalise_network(network, "trained network");
  return network;
}

std::vector<AccuracyAtSteps> accuracy_against_steps(const QuantisedNetwork& network, const data::ImageDataset& test,
                                                    std::uint64_t seed) {
  return accuracy_against_steps(single_layer(network), test, seed);
}

std::vector<AccuracyAtSteps> accuracy_against_steps(const LayeredNetwork& network, const data::ImageDataset& test,
                                                    std::uint64_t seed) {
  std::vector<AccuracyAtSteps> table;
  for (std::uint32_t steps = 1; steps <= network.shape.time_steps; ++steps) {
    LayeredNetwork shorter = network;
    shorter.shape.time_steps = steps;
    const GoldenModel model(shorter, seed);
    std::size_t correct = 0, by_spike = 0;
    double decision_steps = 0.0;
    for (std::size_t n = 0; n < test.size(); ++n) {
      const InferenceResult result = model.infer(test.image(n), n);
      correct += result.decision == test.labels[n] ? 1 : 0;
      by_spike += result.decided_by_spike ? 1 : 0;
      decision_steps += result.decision_step;
    }
    const double count = static_cast<double>(std::max<std::size_t>(test.size(), 1));
    table.push_back({steps, correct / count, decision_steps / count, by_spike / count});
  }
  return table;
}

TrainingReport train_first_to_spike(const SnnConfig& shape, std::uint32_t accumulator_bits,
                                    const data::ImageDataset& train_all, const data::ImageDataset& test_all,
                                    const TrainingOptions& options) {
  const auto start = Clock::now();
  const data::ImageDataset train = options.train_samples != 0 ? train_all.first(options.train_samples) : train_all;
  const data::ImageDataset test = options.test_samples != 0 ? test_all.first(options.test_samples) : test_all;
  check_datasets(train, test, shape.inputs, shape.outputs);

  const TraceLut trace_lut = build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits);
  const std::vector<double> traces = real_trace_table(trace_lut);
  const double trace_lsb = trace_lut.lsb;
  FloatGlm shadow(shape.inputs, shape.outputs, shape.basis_functions);
  for (std::size_t n = 0; n < shadow.weights.size(); ++n) {
    shadow.weights[n] =
        initial_weight(options.seed, kInitialisationKey, static_cast<std::uint32_t>(n), kInitialWeightScale);
  }
  FloatGlm quantised = shadow;
  FloatGlm gradient(shape.inputs, shape.outputs, shape.basis_functions);
  Adam weight_optimiser(shadow.weights.size()), bias_optimiser(shadow.bias.size());
  const std::int32_t low = -(1 << (shape.weight_bits - 1));
  const std::int32_t high = (1 << (shape.weight_bits - 1)) - 1;
  const std::uint32_t float_epochs = (options.epochs + 1) / 2;
  const std::uint32_t batch = std::max<std::uint32_t>(options.batch_size, 1);
  double lsb = 0.0;

  TrainingReport report;
  report.options = options;
  report.train_samples = train.size();
  report.test_samples = test.size();
  EncodedSample sample;
  SampleWorkspace workspace;
  Progress progress(options.show_progress, options.epochs, train.size());
  for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
    const bool aware = epoch >= float_epochs;
    if (epoch == float_epochs) {
      lsb = choose_weight_lsb(shadow.weights, shape.weight_bits);
      dequantise(shadow, lsb, lsb * trace_lsb, low, high, quantised);
    }
    const auto order = shuffled_order(train.size(), options.seed, epoch);
    const double step_size = annealed_step_size(options.learning_rate, epoch, options.epochs);
    double epoch_likelihood = 0.0;
    for (std::size_t begin = 0; begin < order.size(); begin += batch) {
      const std::size_t end = std::min(order.size(), begin + batch);
      gradient.set_zero();
      for (std::size_t b = begin; b < end; ++b) {
        encode_sample(shape, train.image(order[b]), train.labels[order[b]], options.seed,
                      training_sample_id(epoch, order[b]), sample);
        epoch_likelihood += sample_log_likelihood(aware ? quantised : shadow, traces, sample, workspace, &gradient);
      }
      const double scale = 1.0 / static_cast<double>(end - begin);
      for (double& g : gradient.weights) g *= scale;
      for (double& g : gradient.bias) g *= scale;
      // Straight-through estimator: the gradient at the quantised weights updates the shadow weights.
      weight_optimiser.ascend(shadow.weights, gradient.weights, step_size);
      bias_optimiser.ascend(shadow.bias, gradient.bias, step_size);
      if (aware) {
        for (double& w : shadow.weights) w = std::clamp(w, (low - 0.5) * lsb, (high + 0.5) * lsb);
        dequantise(shadow, lsb, lsb * trace_lsb, low, high, quantised);
      }
      progress.training(epoch, end);
    }
    report.epoch_log_likelihood.push_back(epoch_likelihood / static_cast<double>(train.size()));
  }
  report.training_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!(lsb > 0.0)) lsb = choose_weight_lsb(shadow.weights, shape.weight_bits);
  report.network = quantise_network(shape, shadow, lsb);
  check_accumulator(report.network, accumulator_bits, "the trained network");
  // Mean L of the quantised network on the training images with fresh spike trains.
  dequantise(shadow, lsb, lsb * trace_lsb, low, high, quantised);
  double final_likelihood = 0.0;
  for (std::size_t n = 0; n < train.size(); ++n) {
    encode_sample(shape, train.image(n), train.labels[n], options.seed, training_sample_id(options.epochs, n), sample);
    final_likelihood += sample_log_likelihood(quantised, traces, sample, workspace, nullptr);
  }
  report.final_log_likelihood = final_likelihood / static_cast<double>(train.size());
  progress.stage("evaluating on " + std::to_string(test.size()) + " test images for T = 1.." +
                 std::to_string(shape.time_steps) + ", then the logistic-regression baseline");
  report.accuracy_vs_steps = accuracy_against_steps(report.network, test, options.seed);
  report.logistic_regression_accuracy = logistic_regression_accuracy(
      train, test, shape.outputs, {options.epochs, options.learning_rate, options.batch_size, options.seed});
  progress.finish();
  return report;
}

nlohmann::ordered_json accuracy_table_json(const std::vector<AccuracyAtSteps>& rows) {
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    table.push_back({{"time_steps", row.time_steps},
                     {"accuracy", row.accuracy},
                     {"mean_decision_step", row.mean_decision_step},
                     {"spike_decided_fraction", row.spike_decided_fraction}});
  }
  return table;
}

nlohmann::ordered_json TrainingReport::record() const {
  nlohmann::ordered_json record;
  record["method"] =
      "maximum-likelihood first-to-spike training (Bagheri, Simeone, Rajendran, ICASSP 2018); Adam, cosine-annealed "
      "step size; float first half, then quantisation-aware with a straight-through estimator";
  record["weight_lsb_rule"] = "minimum mean squared quantisation error of the float weights at the half-way epoch";
  record["feedback"] = "most negative code: refractory self-inhibition (zero gradient under first-to-spike)";
  record["options"] = {{"epochs", options.epochs},
                       {"learning_rate", options.learning_rate},
                       {"batch_size", options.batch_size},
                       {"train_samples", options.train_samples},
                       {"test_samples", options.test_samples},
                       {"seed", options.seed}};
  record["train_images"] = train_samples;
  record["test_images"] = test_samples;
  record["epoch_log_likelihood"] = epoch_log_likelihood;
  record["final_log_likelihood"] = final_log_likelihood;
  record["accuracy_vs_time_steps"] = accuracy_table_json(accuracy_vs_steps);
  record["logistic_regression_accuracy"] = logistic_regression_accuracy;
  record["training_seconds"] = training_seconds;  // the SNN's training loop only
  return record;
}

}  // namespace spinaps::snn
