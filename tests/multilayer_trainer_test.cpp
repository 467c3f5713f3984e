// The multi-layer trainer: the learning-signal gradient against the exact expectation over every
// hidden spike pattern, the training forward pass against the GoldenModel, learning on real digits,
// the version-2 weights file, determinism, and `spinaps train` with hidden layers.
#include "workloads/snn/multilayer_trainer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "models/rng/counter_rng.h"
#include "tests/test_networks.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/golden_model.h"
#include "workloads/snn/layered_glm.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {
namespace {

double uniform(std::uint64_t key, std::uint32_t index, double scale) {
  return scale * (2.0 * rng::draw_u32(17, rng::Stream::kTraining, key, 0, index) / 4294967296.0 - 1.0);
}

std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "." + std::to_string(::getpid()) + ".json")).string();
}

const data::DatasetSplits& bundled() {
  static const data::DatasetSplits splits = data::load_bundled_mnist();
  return splits;
}

SnnConfig tiny_shape(std::vector<std::uint32_t> hidden, std::uint32_t time_steps) {
  SnnConfig shape;
  shape.inputs = 4;
  shape.hidden_layers = std::move(hidden);
  shape.outputs = 2;
  shape.time_steps = time_steps;
  return shape;
}

LayeredGlm random_model(const SnnConfig& shape) {
  LayeredGlm model(shape);
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    FloatGlm& layer = model.layers[l];
    for (std::size_t n = 0; n < layer.weights.size(); ++n) {
      layer.weights[n] = uniform(l, static_cast<std::uint32_t>(n), 1.5);
    }
    for (std::size_t i = 0; i < layer.bias.size(); ++i) {
      layer.bias[i] = uniform(10 + l, static_cast<std::uint32_t>(i), 1.0);
    }
    for (std::size_t n = 0; n < model.feedback[l].size(); ++n) {
      model.feedback[l][n] = uniform(20 + l, static_cast<std::uint32_t>(n), 1.0);
    }
  }
  return model;
}

/// Every parameter of the model, in one list, for finite differences.
std::vector<double*> parameters(LayeredGlm& model) {
  std::vector<double*> all;
  for (FloatGlm& layer : model.layers) {
    for (double& w : layer.weights) all.push_back(&w);
    for (double& b : layer.bias) all.push_back(&b);
  }
  return all;
}

// J(theta) = sum over every hidden spike pattern h of p(h | x) log p(y | x, h): the objective the
// learning-signal rule ascends. The rule's estimate, averaged over the patterns with weights
// p(h | x), must equal its exact gradient (finite differences), whatever the baseline.
void check_learning_signal_rule(const SnnConfig& shape) {
  const std::uint8_t pixels[4] = {255, 90, 0, 200};
  EncodedSample sample;
  encode_sample(shape, pixels, 1, 7, 3, sample);
  const TraceTables tables(shape);
  LayeredGlm model = random_model(shape);
  // The hidden firing decisions the rule can see: layer l runs T - (layers - 1 - l) steps.
  const std::vector<std::uint32_t> sizes = layer_sizes(shape);
  const std::size_t layer_count = sizes.size() - 1;
  std::vector<std::size_t> offset{0};
  for (std::size_t l = 0; l + 1 < layer_count; ++l) {
    offset.push_back(offset.back() + static_cast<std::size_t>(shape.time_steps - (layer_count - 1 - l)) * sizes[l + 1]);
  }
  const std::size_t bits = offset.back();
  ASSERT_LE(bits, 12U);
  double log_probability = 0.0;
  std::uint32_t pattern = 0;
  const SpikeDraw forced = [&](const FiringStep& firing) {
    for (std::uint32_t i = 0; i < firing.neurons; ++i) {
      const std::size_t bit = offset[firing.layer] + (firing.step - 1) * sizes[firing.layer + 1] + i;
      EXPECT_LT(bit, offset[firing.layer + 1]) << "a draw the objective does not contain";
      const bool spike = ((pattern >> bit) & 1U) != 0;
      log_probability += std::log(spike ? firing.probability[i] : 1.0 - firing.probability[i]);
      firing.spikes[i] = spike ? 1 : 0;
    }
  };
  LayeredWorkspace workspace;
  auto objective = [&]() {
    double total = 0.0;
    for (pattern = 0; pattern < (1U << bits); ++pattern) {
      log_probability = 0.0;
      const double likelihood =
          layered_sample(model, tables, sample, 1, forced, 0.0, workspace, nullptr).log_likelihood[0];
      total += std::exp(log_probability) * likelihood;
    }
    return total;
  };
  LayeredGlm expected_gradient(shape);
  LayeredGlm single(shape);
  double probability_total = 0.0;
  for (std::uint32_t p = 0; p < (1U << bits); ++p) {
    single.set_zero();
    pattern = p;
    log_probability = 0.0;
    layered_sample(model, tables, sample, 1, forced, 0.37, workspace, &single);
    const double weight = std::exp(log_probability);
    probability_total += weight;
    for (std::size_t l = 0; l < layer_count; ++l) {
      for (std::size_t n = 0; n < single.layers[l].weights.size(); ++n) {
        expected_gradient.layers[l].weights[n] += weight * single.layers[l].weights[n];
      }
      for (std::size_t i = 0; i < single.layers[l].bias.size(); ++i) {
        expected_gradient.layers[l].bias[i] += weight * single.layers[l].bias[i];
      }
    }
  }
  EXPECT_NEAR(probability_total, 1.0, 1e-12) << "the patterns must cover every outcome";
  const std::vector<double*> theta = parameters(model);
  const std::vector<double*> analytic = parameters(expected_gradient);
  auto central = [&](std::size_t n, double step) {
    const double saved = *theta[n];
    *theta[n] = saved + step;
    const double plus = objective();
    *theta[n] = saved - step;
    const double minus = objective();
    *theta[n] = saved;
    return (plus - minus) / (2.0 * step);
  };
  std::size_t nonzero = 0;
  for (std::size_t n = 0; n < theta.size(); ++n) {
    const double h = 1e-3;
    const double numeric = (4.0 * central(n, h / 2) - central(n, h)) / 3.0;  // Richardson: O(h^4)
    const double scale = std::max(std::abs(numeric), std::abs(*analytic[n]));
    EXPECT_LE(std::abs(numeric - *analytic[n]), 1e-6 * scale + 1e-11)
        << "parameter " << n << ": rule " << *analytic[n] << ", exact " << numeric;
    nonzero += std::abs(numeric) > 1e-6 ? 1 : 0;
  }
  EXPECT_GT(nonzero, theta.size() / 2);
}

TEST(MultiLayerTrainerRule, HiddenGradientIsTheExactGradientInExpectation) {
  check_learning_signal_rule(tiny_shape({3}, 4));  // 3 hidden neurons x 3 steps
}

TEST(MultiLayerTrainerRule, HoldsForTwoHiddenLayers) {
  check_learning_signal_rule(tiny_shape({2, 2}, 4));  // 2 x 2 + 2 x 3 firing decisions
}

// The training forward pass (real weights) on a quantised network, drawing spikes by the golden
// model's LUT rule, must reproduce the golden model's hidden and output spikes exactly: same
// delays, traces, feedback and keys.
TEST(MultiLayerTrainerForward, ReproducesTheGoldenModelsSpikes) {
  SnnConfig shape = tiny_shape({12, 7}, 9);
  shape.inputs = 30;
  shape.outputs = 5;
  shape.early_stop = false;
  LayeredNetwork network;
  network.shape = shape;
  for (std::size_t l = 0; l < 3; ++l)
    network.layers.push_back(testing::make_random_network(layer_shape(shape, l), 40 + l));
  auto& output = network.layers.back();
  std::fill(output.feedback.begin(), output.feedback.end(), 0);  // the likelihood models no output feedback
  LayeredGlm model(shape);
  for (std::size_t l = 0; l < 3; ++l) {
    const QuantisedNetwork& layer = network.layers[l];
    FloatGlm& glm = model.layers[l];
    for (std::uint32_t j = 0; j < layer.shape.inputs; ++j) {
      for (std::uint32_t i = 0; i < layer.shape.outputs; ++i) {
        for (std::uint32_t k = 0; k < layer.shape.basis_functions; ++k) {
          glm.weights[glm.index(j, i, k)] = layer.weight(j, i, k) * layer.weight_lsb;
        }
      }
    }
    for (std::uint32_t i = 0; i < layer.shape.outputs; ++i) glm.bias[i] = layer.bias[i] * layer.potential_lsb();
    for (std::size_t n = 0; n < layer.feedback.size(); ++n) model.feedback[l][n] = layer.feedback[n] * layer.weight_lsb;
  }
  const std::uint64_t seed = 9;
  const data::ImageDataset images = testing::make_random_images(shape.inputs, 6, 5);
  SnnConfig longer = shape;  // a step more per hidden layer, so that each of them runs all T steps
  longer.time_steps = shape.time_steps + static_cast<std::uint32_t>(shape.hidden_layers.size());
  const TraceTables tables(shape);
  LayeredWorkspace workspace;
  std::uint64_t total_hidden = 0;
  for (std::size_t n = 0; n < images.size(); ++n) {
    std::uint64_t digest = 0, count = 0;
    const SpikeDraw golden_rule = [&](const FiringStep& firing) {
      const QuantisedNetwork& layer = network.layers[firing.layer];
      for (std::uint32_t i = 0; i < firing.neurons; ++i) {
        const auto potential = static_cast<std::int64_t>(std::llround(firing.potential[i] / layer.potential_lsb()));
        const bool spike =
            rng::draw_u16(seed, rng::Stream::kNeuronFiring, n, firing.step, firing_index(firing.layer, i)) <
            layer.sigmoid.threshold[layer.sigmoid.index(potential)];
        if (spike && firing.step <= shape.time_steps) {
          digest += hidden_spike_key(firing.layer, firing.step, i);
          ++count;
        }
        firing.spikes[i] = spike ? 1 : 0;
      }
    };
    EncodedSample sample;
    encode_sample(longer, images.image(n), 0, seed, n, sample);
    layered_sample(model, tables, sample, 1, golden_rule, 0.0, workspace, nullptr);
    const InferenceResult expected = GoldenModel(network, seed).infer(images.image(n), n);
    EXPECT_EQ(count, expected.counts.hidden_spikes) << "image " << n;
    EXPECT_EQ(digest, expected.hidden_spike_digest) << "image " << n;
    std::vector<OutputSpike> spikes;
    for (std::uint32_t t = 1; t <= shape.time_steps; ++t) {
      for (std::uint32_t i = 0; i < shape.outputs; ++i) {
        const auto potential =
            static_cast<std::int64_t>(std::llround(workspace.output.potentials(t - 1, i) / output.potential_lsb()));
        if (rng::draw_u16(seed, rng::Stream::kNeuronFiring, n, t, firing_index(2, i)) <
            output.sigmoid.threshold[output.sigmoid.index(potential)]) {
          spikes.push_back({t, i});
        }
      }
    }
    EXPECT_EQ(spikes, expected.spikes) << "image " << n;
    total_hidden += count;
  }
  EXPECT_GT(total_hidden, 50U) << "the hidden layers must be active for the check to mean anything";
}

LayeredTrainingOptions short_run(std::uint32_t train_samples, std::uint32_t test_samples, std::uint32_t epochs) {
  LayeredTrainingOptions options;
  options.epochs = epochs;
  options.learning_rate = 0.01;
  options.hidden_learning_rate = 0.003;
  options.train_samples = train_samples;
  options.test_samples = test_samples;
  options.single_layer_baseline = false;
  return options;
}

SnnConfig small_hidden() {
  SnnConfig shape;
  shape.hidden_layers = {32};
  return shape;
}

TEST(MultiLayerTrainerLearning, ImprovesLikelihoodAndBeatsChance) {
  const LayeredTrainingReport report =
      train_layered_first_to_spike(small_hidden(), 24, bundled().train, bundled().test, short_run(1000, 300, 6));
  ASSERT_EQ(report.epoch_log_likelihood.size(), 6U);
  EXPECT_GT(report.epoch_log_likelihood.back(), report.epoch_log_likelihood.front() + 0.1);
  ASSERT_EQ(report.accuracy_vs_steps.size(), 16U);
  EXPECT_GT(report.accuracy_vs_steps.back().accuracy, 0.4) << "chance is 0.1";
  EXPECT_GT(report.hidden_spike_rate, 0.01);
  EXPECT_LT(report.hidden_spike_rate, 0.99);
  EXPECT_GT(report.logistic_regression_accuracy, 0.6);
}

TEST(MultiLayerTrainerFile, TheTrainedNetworkLoadsBackIdentically) {
  const SnnConfig shape = small_hidden();
  const LayeredTrainingReport report =
      train_layered_first_to_spike(shape, 24, bundled().train, bundled().test, short_run(200, 30, 2));
  ASSERT_EQ(report.network.depth(), 2U);
  const std::string file = temporary_path("multilayer_roundtrip");
  save_layered_network(file, report.network, report.record());
  const LayeredNetwork loaded = load_layered_network(file, shape);
  std::filesystem::remove(file);
  ASSERT_EQ(loaded.depth(), 2U);
  for (std::size_t l = 0; l < 2; ++l) {
    const QuantisedNetwork& a = report.network.layers[l];
    const QuantisedNetwork& b = loaded.layers[l];
    EXPECT_EQ(a.weights, b.weights) << l;
    EXPECT_EQ(a.feedback, b.feedback) << l;
    EXPECT_EQ(a.bias, b.bias) << l;
    EXPECT_EQ(a.weight_lsb, b.weight_lsb) << l;
    for (const std::int32_t v : a.feedback) EXPECT_EQ(v, -8);
  }
  const GoldenModel original(report.network, 1);
  const GoldenModel reloaded(loaded, 1);
  for (std::size_t n = 0; n < 20; ++n) {
    const InferenceResult a = original.infer(bundled().test.image(n), n);
    const InferenceResult b = reloaded.infer(bundled().test.image(n), n);
    EXPECT_EQ(a.decision, b.decision);
    EXPECT_EQ(a.spikes, b.spikes);
    EXPECT_EQ(a.hidden_spike_digest, b.hidden_spike_digest);
  }
}

TEST(MultiLayerTrainerDeterminism, SameSeedSameNetworkOtherSeedOtherNetwork) {
  const SnnConfig shape = small_hidden();
  LayeredTrainingOptions options = short_run(150, 20, 2);
  const auto first = train_layered_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  const auto second = train_layered_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_EQ(first.network.layers[l].weights, second.network.layers[l].weights);
    EXPECT_EQ(first.network.layers[l].bias, second.network.layers[l].bias);
    EXPECT_EQ(first.network.layers[l].weight_lsb, second.network.layers[l].weight_lsb);
  }
  EXPECT_EQ(first.epoch_log_likelihood, second.epoch_log_likelihood);
  options.seed = 2;
  const auto other = train_layered_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  EXPECT_NE(first.network.layers[0].weights, other.network.layers[0].weights);
}

TEST(MultiLayerTrainerCommand, TrainsTheHiddenLayerConfiguration) {
  const std::string out = temporary_path("multilayer_cli");
  const std::string source = SPINAPS_SOURCE_DIR;
  const std::string command = std::string(SPINAPS_CLI_PATH) + " train " + source +
                              "/configs/spinaps_784x500x10.json -p 'snn.hidden_layers=[16]' --epochs 1 "
                              "--train-samples 100 --test-samples 20 --no-single-layer-baseline --out " +
                              out + " > " + out + ".txt 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  SnnConfig shape;
  shape.hidden_layers = {16};
  const LayeredNetwork network = load_layered_network(out, shape);
  EXPECT_EQ(network.depth(), 2U);
  const config::Json document = config::read_json_file(out);
  EXPECT_EQ(document.at("version").get<int>(), 2);
  EXPECT_EQ(document.at("training").at("accuracy_vs_time_steps").size(), 16U);
  EXPECT_NE(document.at("training").at("command").get<std::string>().find("--no-single-layer-baseline"),
            std::string::npos);
  std::filesystem::remove(out);
  std::filesystem::remove(out + ".txt");
}

}  // namespace
}  // namespace spinaps::snn
