// The first-to-spike trainer: the likelihood and its gradient, learning on real digits, the
// quantised result and its weights file, determinism, and the `spinaps train` command.
#include "workloads/snn/trainer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "models/rng/counter_rng.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/first_to_spike.h"
#include "workloads/snn/golden_model.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::snn {
namespace {

SnnConfig tiny_shape() {
  SnnConfig shape;
  shape.inputs = 6;
  shape.outputs = 3;
  shape.basis_functions = 2;
  shape.window_steps = 4;
  shape.time_steps = 5;
  return shape;
}

double uniform(std::uint64_t seed, std::uint32_t index, double scale) {
  return scale * (2.0 * rng::draw_u32(seed, rng::Stream::kTraining, 99, 0, index) / 4294967296.0 - 1.0);
}

std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "." + std::to_string(::getpid()) + ".json")).string();
}

const data::DatasetSplits& bundled() {
  static const data::DatasetSplits splits = data::load_bundled_mnist();
  return splits;
}

TrainingOptions short_run(std::uint32_t train_samples, std::uint32_t test_samples, std::uint32_t epochs) {
  TrainingOptions options;
  options.epochs = epochs;
  options.learning_rate = 0.01;
  options.batch_size = 32;
  options.train_samples = train_samples;
  options.test_samples = test_samples;
  options.seed = 1;
  return options;
}

// The closed form against the definition: log sum_t prod_{t'<t} prod_i (1-q_i(t')) q_c(t) prod_{i!=c} (1-q_i(t)).
TEST(TrainerLikelihood, MatchesTheProductDefinition) {
  Potentials u(5, 3);
  for (Eigen::Index t = 0; t < 5; ++t) {
    for (Eigen::Index i = 0; i < 3; ++i) u(t, i) = uniform(3, static_cast<std::uint32_t>(t * 3 + i), 4.0);
  }
  for (std::uint32_t label = 0; label < 3; ++label) {
    double total = 0.0;
    double silent_before = 1.0;
    for (Eigen::Index t = 0; t < 5; ++t) {
      double first = silent_before;
      double silent_now = 1.0;
      for (Eigen::Index i = 0; i < 3; ++i) {
        const double q = 1.0 / (1.0 + std::exp(-u(t, i)));
        first *= i == label ? q : 1.0 - q;
        silent_now *= 1.0 - q;
      }
      total += first;
      silent_before *= silent_now;
    }
    EXPECT_NEAR(first_to_spike_log_likelihood(u, label, nullptr), std::log(total), 1e-12) << "label " << label;
  }
  // Stable far out in the tails, where the products underflow.
  Potentials extreme = Potentials::Constant(16, 10, -300.0);
  extreme(15, 4) = 300.0;
  const double value = first_to_spike_log_likelihood(extreme, 4, nullptr);
  EXPECT_TRUE(std::isfinite(value));
  EXPECT_NEAR(value, 0.0, 1e-9);
}

TEST(TrainerGradient, MatchesCentralFiniteDifferences) {
  const SnnConfig shape = tiny_shape();
  const std::uint8_t pixels[6] = {0, 40, 128, 200, 255, 90};
  EncodedSample sample;
  encode_sample(shape, pixels, 1, 7, 3, sample);
  ASSERT_EQ(sample.step_begin.size(), shape.time_steps + 1U);
  ASSERT_GT(sample.inputs.size(), 8U) << "the sample must exercise the model";
  const auto traces = real_trace_table(build_trace_lut(shape.basis_functions, shape.window_steps, shape.trace_bits));

  FloatGlm model(shape.inputs, shape.outputs, shape.basis_functions);
  for (std::size_t n = 0; n < model.weights.size(); ++n) {
    model.weights[n] = uniform(11, static_cast<std::uint32_t>(n), 1.5);
  }
  for (std::size_t i = 0; i < model.bias.size(); ++i) model.bias[i] = uniform(12, static_cast<std::uint32_t>(i), 1.0);
  SampleWorkspace workspace;
  FloatGlm gradient(shape.inputs, shape.outputs, shape.basis_functions);
  sample_log_likelihood(model, traces, sample, workspace, &gradient);

  // Central differences with one Richardson step, D = (4 D(h/2) - D(h)) / 3: truncation error
  // O(h^4) ~ 1e-12 and rounding error ~ 1e-16 / h ~ 1e-13, far inside the 1e-6 relative bound.
  const double h = 1e-3;
  std::size_t nonzero = 0;
  auto central = [&](std::vector<double>& parameters, std::size_t n, double step) {
    const double saved = parameters[n];
    parameters[n] = saved + step;
    const double plus = sample_log_likelihood(model, traces, sample, workspace, nullptr);
    parameters[n] = saved - step;
    const double minus = sample_log_likelihood(model, traces, sample, workspace, nullptr);
    parameters[n] = saved;
    return (plus - minus) / (2.0 * step);
  };
  auto check = [&](std::vector<double>& parameters, const std::vector<double>& analytic, const char* name) {
    for (std::size_t n = 0; n < parameters.size(); ++n) {
      const double numeric = (4.0 * central(parameters, n, h / 2) - central(parameters, n, h)) / 3.0;
      const double scale = std::max(std::abs(numeric), std::abs(analytic[n]));
      EXPECT_LE(std::abs(numeric - analytic[n]), 1e-6 * scale + 1e-12)
          << name << "[" << n << "]: analytic " << analytic[n] << ", numeric " << numeric;
      nonzero += std::abs(analytic[n]) > 1e-6 ? 1 : 0;
    }
  };
  check(model.weights, gradient.weights, "w");
  check(model.bias, gradient.bias, "gamma");
  EXPECT_GT(nonzero, 20U);
  // Input 0 (pixel 0) never spikes, so its weights cannot matter.
  for (std::uint32_t i = 0; i < shape.outputs; ++i) EXPECT_EQ(gradient.weights[model.index(0, i, 0)], 0.0);
}

TEST(TrainerEncoding, ReproducesTheGoldenModelsInputSpikes) {
  // A silent network (zero weights, a bias far below the sigmoid LUT) runs all T steps; the golden
  // model's count of active rows must equal the encoded one.
  SnnConfig shape = tiny_shape();
  const std::uint8_t pixels[6] = {10, 0, 128, 255, 77, 200};
  EncodedSample sample;
  encode_sample(shape, pixels, 0, 5, 42, sample);
  QuantisedNetwork network;
  network.shape = shape;
  network.weight_lsb = 0.1;
  network.weights.assign(static_cast<std::size_t>(shape.inputs) * shape.outputs * shape.basis_functions, 0);
  network.feedback.assign(static_cast<std::size_t>(shape.outputs) * shape.feedback_basis_functions, 0);
  network.bias.assign(shape.outputs, -100000);
  finalise_network(network, "test");
  const InferenceResult result = GoldenModel(network, 5).infer(pixels, 42);
  EXPECT_EQ(result.counts.active_rows, sample.inputs.size());
}

TEST(TrainerQuantisation, LsbRuleAndCodesStayInRange) {
  // Weights that are exact multiples of 0.1 in the 4-bit range quantise without error at lsb 0.1.
  std::vector<double> exact;
  for (int code = -8; code <= 7; ++code) exact.push_back(0.1 * code);
  EXPECT_NEAR(choose_weight_lsb(exact, 4), 0.1, 1e-12);

  SnnConfig shape = tiny_shape();
  FloatGlm model(shape.inputs, shape.outputs, shape.basis_functions);
  for (std::size_t n = 0; n < model.weights.size(); ++n) {
    model.weights[n] = uniform(5, static_cast<std::uint32_t>(n), 3.0);
  }
  model.weights[model.index(0, 0, 0)] = 1e6;
  model.weights[model.index(0, 0, 1)] = -1e6;
  model.bias = {0.37, -2.5, 11.0};
  const QuantisedNetwork network = quantise_network(shape, model, 0.25);
  for (const std::int32_t w : network.weights) {
    EXPECT_GE(w, -8);
    EXPECT_LE(w, 7);
  }
  EXPECT_EQ(network.weight(0, 0, 0), 7);
  EXPECT_EQ(network.weight(0, 0, 1), -8);
  for (const std::int32_t v : network.feedback) EXPECT_EQ(v, -8);
  const double potential_lsb = 0.25 * network.trace_lut.lsb;
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    EXPECT_EQ(network.bias[i], std::lround(model.bias[i] / potential_lsb)) << i;
  }
}

TEST(TrainerLearning, ImprovesLikelihoodAndBeatsChance) {
  const TrainingReport report =
      train_first_to_spike(SnnConfig{}, 24, bundled().train, bundled().test, short_run(500, 300, 4));
  ASSERT_EQ(report.epoch_log_likelihood.size(), 4U);
  EXPECT_GT(report.epoch_log_likelihood.back(), report.epoch_log_likelihood.front() + 0.1);
  EXPECT_GT(report.final_log_likelihood, -1.0);
  ASSERT_EQ(report.accuracy_vs_steps.size(), 16U);
  EXPECT_GT(report.accuracy_vs_steps.back().accuracy, 0.6) << "chance is 0.1";
  EXPECT_GT(report.accuracy_vs_steps.back().spike_decided_fraction, 0.5);
  EXPECT_GT(report.logistic_regression_accuracy, 0.6);
  EXPECT_EQ(report.test_samples, 300U);
}

TEST(TrainerQuantisation, TrainedWeightsFitAndTheFileLoadsBackIdentically) {
  const SnnConfig shape;
  const TrainingReport report = train_first_to_spike(shape, 24, bundled().train, bundled().test, short_run(300, 50, 2));
  const QuantisedNetwork& network = report.network;
  std::vector<int> histogram(16, 0);
  for (const std::int32_t w : network.weights) {
    ASSERT_GE(w, -8);
    ASSERT_LE(w, 7);
    ++histogram[static_cast<std::size_t>(w) + 8];
  }
  int codes_used = 0;
  for (const int count : histogram) codes_used += count > 0 ? 1 : 0;
  EXPECT_GE(codes_used, 8) << "the LSB rule should spread the weights over the codes";
  EXPECT_LE(network.max_abs_potential(), (1LL << 23) - 1);

  const std::string file = temporary_path("trainer_roundtrip");
  save_network(file, network, report.record());
  const QuantisedNetwork loaded = load_network(file, shape);
  std::filesystem::remove(file);
  EXPECT_EQ(loaded.weights, network.weights);
  EXPECT_EQ(loaded.feedback, network.feedback);
  EXPECT_EQ(loaded.bias, network.bias);
  EXPECT_EQ(loaded.weight_lsb, network.weight_lsb);
  EXPECT_EQ(loaded.sigmoid.shift, network.sigmoid.shift);
  EXPECT_EQ(loaded.sigmoid.threshold, network.sigmoid.threshold);
  EXPECT_EQ(loaded.trace_lut.values, network.trace_lut.values);
  const GoldenModel original(network, 1);
  const GoldenModel reloaded(loaded, 1);
  for (std::size_t n = 0; n < 20; ++n) {
    const InferenceResult a = original.infer(bundled().test.image(n), n);
    const InferenceResult b = reloaded.infer(bundled().test.image(n), n);
    EXPECT_EQ(a.decision, b.decision);
    EXPECT_EQ(a.spikes, b.spikes);
  }
}

TEST(TrainerDeterminism, SameSeedSameNetworkOtherSeedOtherNetwork) {
  const SnnConfig shape;
  TrainingOptions options = short_run(200, 40, 2);
  const TrainingReport first = train_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  const TrainingReport second = train_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  EXPECT_EQ(first.network.weights, second.network.weights);
  EXPECT_EQ(first.network.bias, second.network.bias);
  EXPECT_EQ(first.network.weight_lsb, second.network.weight_lsb);
  EXPECT_EQ(first.epoch_log_likelihood, second.epoch_log_likelihood);
  ASSERT_EQ(first.accuracy_vs_steps.size(), second.accuracy_vs_steps.size());
  for (std::size_t n = 0; n < first.accuracy_vs_steps.size(); ++n) {
    EXPECT_EQ(first.accuracy_vs_steps[n].accuracy, second.accuracy_vs_steps[n].accuracy);
  }
  options.seed = 2;
  const TrainingReport other = train_first_to_spike(shape, 24, bundled().train, bundled().test, options);
  EXPECT_NE(first.network.weights, other.network.weights);
}

TEST(TrainerAccumulator, RefusesANetworkThatOverflowsTheAccumulator) {
  EXPECT_THROW(train_first_to_spike(SnnConfig{}, 8, bundled().train, bundled().test, short_run(100, 10, 1)),
               std::runtime_error);
}

TEST(TrainerCommand, WritesLoadableWeightsFromAnIdxDirectory) {
  const std::string out = temporary_path("trainer_cli");
  const std::string source = SPINAPS_SOURCE_DIR;
  const std::string command = std::string(SPINAPS_CLI_PATH) + " train " + source + "/configs/spinaps.json --data " +
                              source + "/workloads/mnist/data --epochs 2 --train-samples 300 --test-samples 60 --out " +
                              out + " > " + out + ".txt 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const config::Json document = config::read_json_file(out);
  EXPECT_NE(document.at("training").at("command").get<std::string>().find("--train-samples 300"), std::string::npos);
  EXPECT_EQ(document.at("training").at("accuracy_vs_time_steps").size(), 16U);
  EXPECT_NO_THROW(load_network(out, SnnConfig{}));
  std::filesystem::remove(out);
  std::filesystem::remove(out + ".txt");
  // Bad input (a missing data directory) is exit code 2.
  const std::string failing = std::string(SPINAPS_CLI_PATH) + " train " + source +
                              "/configs/spinaps.json --data /nonexistent/dir --epochs 1 --out " + out + " 2>/dev/null";
  const int status = std::system(failing.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace spinaps::snn
