#include "workloads/snn/multilayer_trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <tuple>

#include "workloads/snn/layered_glm.h"
#include "workloads/snn/logistic_regression.h"
#include "workloads/snn/optimiser.h"
#include "workloads/snn/training_support.h"

namespace spinaps::snn {
namespace {

constexpr double kOutputInitialWeightScale = 1e-3;  // as the single-layer trainer

using Clock = std::chrono::steady_clock;

/// The per-layer state of the optimisation: Adam for weights and bias, the weight LSB once fixed.
struct LayerOptimiser {
  Adam weights;
  Adam bias;
  double lsb = 0.0;
  explicit LayerOptimiser(const FloatGlm& layer) : weights(layer.weights.size()), bias(layer.bias.size()) {}
};

/// choose_weight_lsb on every 16th weight: the float-phase refractory term only needs the LSB
/// roughly, and the full search costs about a second per epoch for 784x500x2 weights.
double estimated_lsb(const std::vector<double>& weights, std::uint32_t weight_bits) {
  constexpr std::size_t kStride = 16;
  std::vector<double> sample;
  sample.reserve(weights.size() / kStride + 1);
  for (std::size_t n = 0; n < weights.size(); n += kStride) sample.push_back(weights[n]);
  return choose_weight_lsb(sample, weight_bits);
}

/// Hidden layers' refractory feedback: the most negative code at `lsb`, in real units.
void set_feedback(LayeredGlm& model, std::size_t layer, double lsb, std::int32_t low) {
  std::fill(model.feedback[layer].begin(), model.feedback[layer].end(), low * lsb);
}

/// Mean L(h) and hidden spike rate of `model` over `images` with the draws of `epoch`.
std::pair<double, double> mean_log_likelihood(const SnnConfig& shape, const LayeredGlm& model,
                                              const TraceTables& tables, const data::ImageDataset& images,
                                              const LayeredTrainingOptions& options, std::uint32_t epoch) {
  EncodedSample sample;
  LayeredWorkspace workspace;
  double total = 0.0;
  std::uint64_t spikes = 0, decisions = 0;
  for (std::size_t n = 0; n < images.size(); ++n) {
    const std::uint64_t id = training_sample_id(epoch, n);
    encode_sample(shape, images.image(n), images.labels[n], options.seed, id, sample);
    const LayeredSampleResult result = layered_sample(model, tables, sample, options.trajectories,
                                                      training_spike_draw(options.seed, id), 0.0, workspace, nullptr);
    total += result.mean_log_likelihood();
    spikes += result.hidden_spikes;
    decisions += result.hidden_neuron_steps;
  }
  const double rate = decisions > 0 ? static_cast<double>(spikes) / static_cast<double>(decisions) : 0.0;
  return {total / static_cast<double>(std::max<std::size_t>(images.size(), 1)), rate};
}

}  // namespace

LayeredTrainingReport train_layered_first_to_spike(const SnnConfig& shape, std::uint32_t accumulator_bits,
                                                   const data::ImageDataset& train_all,
                                                   const data::ImageDataset& test_all,
                                                   const LayeredTrainingOptions& options) {
  const auto start = Clock::now();
  const data::ImageDataset train = options.train_samples != 0 ? train_all.first(options.train_samples) : train_all;
  const data::ImageDataset test = options.test_samples != 0 ? test_all.first(options.test_samples) : test_all;
  check_datasets(train, test, shape.inputs, shape.outputs);

  const TraceTables tables(shape);
  const double trace_lsb = build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits).lsb;
  const std::int32_t low = -(1 << (shape.weight_bits - 1));
  const std::int32_t high = (1 << (shape.weight_bits - 1)) - 1;
  LayeredGlm shadow(shape);
  const std::size_t layer_count = shadow.layers.size();
  const std::size_t hidden = layer_count - 1;
  std::vector<LayerOptimiser> optimisers;
  for (std::size_t l = 0; l < layer_count; ++l) {
    FloatGlm& layer = shadow.layers[l];
    const double scale = l < hidden ? options.hidden_initial_weight_scale : kOutputInitialWeightScale;
    for (std::size_t n = 0; n < layer.weights.size(); ++n) {
      layer.weights[n] = initial_weight(options.seed, kInitialisationKey + l, static_cast<std::uint32_t>(n), scale);
    }
    std::fill(layer.bias.begin(), layer.bias.end(),
              l < hidden ? options.hidden_initial_bias : options.output_initial_bias);
    optimisers.emplace_back(layer);
  }
  LayeredGlm quantised = shadow;
  LayeredGlm gradient(shape);
  const std::uint32_t float_epochs = (options.epochs + 1) / 2;
  const std::uint32_t batch = std::max<std::uint32_t>(options.batch_size, 1);
  const std::uint32_t trajectories = std::max<std::uint32_t>(options.trajectories, 1);

  LayeredTrainingReport report;
  report.options = options;
  report.train_samples = train.size();
  report.test_samples = test.size();
  EncodedSample sample;
  LayeredWorkspace workspace;
  double baseline = 0.0;
  bool baseline_set = false;
  Progress progress(options.show_progress, options.epochs, train.size());
  for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
    const bool aware = epoch >= float_epochs;
    if (!aware) {
      // The refractory term follows the LSB the float weights would get now.
      for (std::size_t l = 0; l < hidden; ++l) {
        set_feedback(shadow, l, estimated_lsb(shadow.layers[l].weights, shape.weight_bits), low);
      }
    }
    if (epoch == float_epochs) {
      for (std::size_t l = 0; l < layer_count; ++l) {
        LayerOptimiser& layer = optimisers[l];
        layer.lsb = choose_weight_lsb(shadow.layers[l].weights, shape.weight_bits);
        dequantise(shadow.layers[l], layer.lsb, layer.lsb * trace_lsb, low, high, quantised.layers[l]);
        if (l < hidden) set_feedback(quantised, l, layer.lsb, low);
      }
    }
    const LayeredGlm& model = aware ? quantised : shadow;
    const auto order = shuffled_order(train.size(), options.seed, epoch);
    const double output_step = annealed_step_size(options.learning_rate, epoch, options.epochs);
    const double hidden_step = annealed_step_size(options.hidden_learning_rate, epoch, options.epochs);
    double epoch_likelihood = 0.0;
    for (std::size_t begin = 0; begin < order.size(); begin += batch) {
      const std::size_t end = std::min(order.size(), begin + batch);
      gradient.set_zero();
      for (std::size_t b = begin; b < end; ++b) {
        const std::uint64_t id = training_sample_id(epoch, order[b]);
        encode_sample(shape, train.image(order[b]), train.labels[order[b]], options.seed, id, sample);
        const LayeredSampleResult result = layered_sample(
            model, tables, sample, trajectories, training_spike_draw(options.seed, id), baseline, workspace, &gradient);
        const double likelihood = result.mean_log_likelihood();
        epoch_likelihood += likelihood;
        baseline =
            baseline_set ? options.baseline_decay * baseline + (1.0 - options.baseline_decay) * likelihood : likelihood;
        baseline_set = true;
      }
      const double scale = 1.0 / static_cast<double>((end - begin) * trajectories);
      for (std::size_t l = 0; l < layer_count; ++l) {
        FloatGlm& layer = shadow.layers[l];
        FloatGlm& step = gradient.layers[l];
        for (double& g : step.weights) g *= scale;
        for (double& g : step.bias) g *= scale;
        // Straight-through estimator: the gradient at the quantised weights updates the shadow weights.
        const double step_size = l < hidden ? hidden_step : output_step;
        optimisers[l].weights.ascend(layer.weights, step.weights, step_size);
        optimisers[l].bias.ascend(layer.bias, step.bias, step_size);
        if (aware) {
          const double lsb = optimisers[l].lsb;
          for (double& w : layer.weights) w = std::clamp(w, (low - 0.5) * lsb, (high + 0.5) * lsb);
          dequantise(layer, lsb, lsb * trace_lsb, low, high, quantised.layers[l]);
        }
      }
      progress.training(epoch, end);
    }
    report.epoch_log_likelihood.push_back(epoch_likelihood / static_cast<double>(train.size()));
  }
  report.training_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  report.network.shape = shape;
  for (std::size_t l = 0; l < layer_count; ++l) {
    LayerOptimiser& layer = optimisers[l];
    if (!(layer.lsb > 0.0)) layer.lsb = choose_weight_lsb(shadow.layers[l].weights, shape.weight_bits);
    report.network.layers.push_back(quantise_network(layer_shape(shape, l), shadow.layers[l], layer.lsb));
    check_accumulator(report.network.layers.back(), accumulator_bits,
                      "layer " + std::to_string(l + 1) + " of the trained network");
    dequantise(shadow.layers[l], layer.lsb, layer.lsb * trace_lsb, low, high, quantised.layers[l]);
    if (l < hidden) set_feedback(quantised, l, layer.lsb, low);
  }
  std::tie(report.final_log_likelihood, report.hidden_spike_rate) =
      mean_log_likelihood(shape, quantised, tables, train, options, options.epochs);
  progress.stage("evaluating on " + std::to_string(test.size()) + " test images for T = 1.." +
                 std::to_string(shape.time_steps));
  report.accuracy_vs_steps = accuracy_against_steps(report.network, test, options.seed);
  progress.finish();
  if (options.single_layer_baseline) {
    SnnConfig single = shape;
    single.hidden_layers.clear();
    TrainingOptions baseline_options;  // the single-layer trainer's own defaults
    baseline_options.train_samples = options.train_samples;
    baseline_options.test_samples = options.test_samples;
    baseline_options.seed = options.seed;
    baseline_options.show_progress = options.show_progress;
    report.single_layer = train_first_to_spike(single, accumulator_bits, train_all, test_all, baseline_options);
    report.logistic_regression_accuracy = report.single_layer->logistic_regression_accuracy;
  } else {
    const TrainingOptions defaults;
    report.logistic_regression_accuracy = logistic_regression_accuracy(
        train, test, shape.outputs, {defaults.epochs, defaults.learning_rate, defaults.batch_size, options.seed});
  }
  return report;
}

nlohmann::ordered_json LayeredTrainingReport::record() const {
  nlohmann::ordered_json record;
  record["method"] =
      "output layer: maximum-likelihood first-to-spike (Bagheri, Simeone, Rajendran, ICASSP 2018) given sampled hidden "
      "spikes; hidden layers: learning-signal rule (Jang, Simeone, Gardner, Gruening, IEEE SPM 2019), learning signal "
      "= log p(label | hidden spikes) minus the leave-one-out mean of the other trajectories (running average when "
      "one trajectory); Adam, cosine-annealed step sizes; float first half, then quantisation-aware with a "
      "straight-through estimator";
  record["weight_lsb_rule"] =
      "per layer: minimum mean squared quantisation error of its float weights at the half-way epoch";
  record["feedback"] = "most negative code in every layer: refractory self-inhibition, part of the hidden forward pass";
  record["options"] = {{"epochs", options.epochs},
                       {"learning_rate", options.learning_rate},
                       {"hidden_learning_rate", options.hidden_learning_rate},
                       {"batch_size", options.batch_size},
                       {"trajectories", options.trajectories},
                       {"baseline_decay", options.baseline_decay},
                       {"hidden_initial_weight_scale", options.hidden_initial_weight_scale},
                       {"hidden_initial_bias", options.hidden_initial_bias},
                       {"output_initial_bias", options.output_initial_bias},
                       {"train_samples", options.train_samples},
                       {"test_samples", options.test_samples},
                       {"seed", options.seed}};
  record["train_images"] = train_samples;
  record["test_images"] = test_samples;
  record["epoch_log_likelihood"] = epoch_log_likelihood;
  record["final_log_likelihood"] = final_log_likelihood;
  record["hidden_spike_rate"] = hidden_spike_rate;
  record["accuracy_vs_time_steps"] = accuracy_table_json(accuracy_vs_steps);
  if (single_layer) {
    record["single_layer_baseline"] = {
        {"training_seconds", single_layer->training_seconds},
        {"accuracy_vs_time_steps", accuracy_table_json(single_layer->accuracy_vs_steps)}};
  }
  record["logistic_regression_accuracy"] = logistic_regression_accuracy;
  record["training_seconds"] = training_seconds;
  return record;
}

}  // namespace spinaps::snn
