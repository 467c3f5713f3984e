// spinaps train CONFIG: trains the configuration's GLM SNN for first-to-spike decoding on the
// workload's digits, quantises it to the configured widths, measures it with the GoldenModel for
// T = 1..snn.time_steps and writes the weights file the configuration names (or --out). A
// configuration with snn.hidden_layers goes to the multi-layer trainer, which also trains the
// network without hidden layers in the same run and prints the comparison.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include "models/io/progress_line.h"
#include "tools/cli/commands.h"
#include "workloads/snn/multilayer_trainer.h"
#include "workloads/snn/trainer.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {
namespace {

struct TrainCommandOptions {
  CommonOptions common;
  snn::TrainingOptions training;
  snn::LayeredTrainingOptions layered;
  std::string out;
  // Set when given on the command line: --epochs, --learning-rate and --batch-size default to the
  // single-layer recipe's values, the multi-layer trainer has its own.
  const CLI::Option* epochs = nullptr;
  const CLI::Option* learning_rate = nullptr;
  const CLI::Option* batch_size = nullptr;
};

/// The command line exactly as the process received it (arguments joined by spaces, quoted when
/// they need it); from /proc/self/cmdline, so it is empty where that does not exist.
std::string invoked_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string line;
  std::size_t begin = 0;
  while (begin < raw.size()) {
    std::size_t end = raw.find('\0', begin);
    if (end == std::string::npos) end = raw.size();
    std::string argument = raw.substr(begin, end - begin);
    if (argument.empty() || argument.find_first_of(" \t\"'\\$`") != std::string::npos) {
      std::string quoted = "'";
      for (const char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      argument = quoted + "'";
    }
    line += (line.empty() ? "" : " ") + argument;
    begin = end + 1;
  }
  return line;
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * fraction);
  return text;
}

void print_summary(const chip::ChipConfig& config, const snn::TrainingReport& report, const std::string& out) {
  const snn::SnnConfig& shape = config.snn;
  std::printf(
      "Trained %s: %ux%u GLM SNN, K=%u, tau_y=%u, B=%u, trace %u bits; %zu training images, %u epochs, "
      "%.1f s\n",
      config.name.c_str(), shape.inputs, shape.outputs, shape.basis_functions, shape.window_steps, shape.weight_bits,
      shape.trace_bits, report.train_samples, report.options.epochs, report.training_seconds);
  std::printf("Mean log-likelihood of the quantised network (training images, fresh spike trains): %.4f\n",
              report.final_log_likelihood);
  std::printf("Test accuracy on %zu images (GoldenModel, quantised weights, weight_lsb %.6g, seed %llu):\n",
              report.test_samples, report.network.weight_lsb, static_cast<unsigned long long>(report.options.seed));
  std::printf("|  T | accuracy | mean decision step | decided by spike |\n");
  std::printf("|---:|---------:|-------------------:|-----------------:|\n");
  for (const auto& row : report.accuracy_vs_steps) {
    std::printf("| %2u | %8s | %18.2f | %16s |\n", row.time_steps, percent(row.accuracy).c_str(),
                row.mean_decision_step, percent(row.spike_decided_fraction).c_str());
  }
  std::printf("Logistic regression baseline (%u -> %u on pixel/255, same split and optimiser): %s\n", shape.inputs,
              shape.outputs, percent(report.logistic_regression_accuracy).c_str());
  std::printf("Weights written to %s\n", out.c_str());
}

/// Network sizes as "784-500-10".
std::string describe_layers(const snn::SnnConfig& shape) {
  std::string text;
  for (const std::uint32_t size : snn::layer_sizes(shape)) text += (text.empty() ? "" : "-") + std::to_string(size);
  return text;
}

void print_layered_summary(const chip::ChipConfig& config, const snn::LayeredTrainingReport& report,
                           const std::string& out) {
  const snn::SnnConfig& shape = config.snn;
  const std::string name = describe_layers(shape);
  std::printf(
      "Trained %s: %s GLM SNN, K=%u, tau_y=%u, B=%u, trace %u bits; %zu training images, %u epochs, "
      "%u hidden trajectories per image, %.1f s\n",
      config.name.c_str(), name.c_str(), shape.basis_functions, shape.window_steps, shape.weight_bits, shape.trace_bits,
      report.train_samples, report.options.epochs, report.options.trajectories, report.training_seconds);
  std::printf(
      "Mean log-likelihood of the quantised network (training images, fresh draws): %.4f; hidden spike rate "
      "%.3f per neuron and step\n",
      report.final_log_likelihood, report.hidden_spike_rate);
  std::string lsbs;
  for (const auto& layer : report.network.layers) {
    char text[32];
    std::snprintf(text, sizeof text, "%s%.6g", lsbs.empty() ? "" : ", ", layer.weight_lsb);
    lsbs += text;
  }
  const auto* single = report.single_layer ? &*report.single_layer : nullptr;
  std::printf("Test accuracy on %zu images (GoldenModel, quantised weights, weight_lsb per layer %s, seed %llu):\n",
              report.test_samples, lsbs.c_str(), static_cast<unsigned long long>(report.options.seed));
  std::printf("|  T | %s | mean decision step | decided by spike |%s\n", name.c_str(),
              single != nullptr ? " single layer (same run) |" : "");
  std::printf("|---:|%s:|-------------------:|-----------------:|%s\n", std::string(name.size() + 1, '-').c_str(),
              single != nullptr ? "------------------------:|" : "");
  for (std::size_t n = 0; n < report.accuracy_vs_steps.size(); ++n) {
    const auto& row = report.accuracy_vs_steps[n];
    std::printf("| %2u | %*s | %18.2f | %16s |", row.time_steps, static_cast<int>(name.size()),
                percent(row.accuracy).c_str(), row.mean_decision_step, percent(row.spike_decided_fraction).c_str());
    if (single != nullptr) std::printf(" %23s |", percent(single->accuracy_vs_steps[n].accuracy).c_str());
    std::printf("\n");
  }
  if (single != nullptr) {
    // Both run on the same test images; a difference within about one standard error is noise.
    const double ours = report.accuracy_vs_steps.back().accuracy;
    const double theirs = single->accuracy_vs_steps.back().accuracy;
    const double error =
        std::sqrt((ours * (1.0 - ours) + theirs * (1.0 - theirs)) / std::max<double>(report.test_samples, 1.0));
    const double difference = ours - theirs;
    std::printf(
        "At T = %u the hidden layer %s the single-layer network: %s vs %s (difference %+.2f points, one "
        "standard error %.2f points)\n",
        shape.time_steps,
        difference > error ? "beats" : (difference < -error ? "is worse than" : "does not measurably beat"),
        percent(ours).c_str(), percent(theirs).c_str(), 100.0 * difference, 100.0 * error);
  }
  std::printf("Logistic regression baseline (%u -> %u on pixel/255, the single-layer recipe): %s\n", shape.inputs,
              shape.outputs, percent(report.logistic_regression_accuracy).c_str());
  std::printf("Weights written to %s\n", out.c_str());
}

/// The provenance every weights file records, then the trainer's own record.
nlohmann::ordered_json training_record(const chip::ChipConfig& config, const data::DatasetSplits& splits,
                                       const nlohmann::ordered_json& trainer_record) {
  nlohmann::ordered_json record;
  record["command"] = invoked_command_line();
  record["spinaps_version"] = SPINAPS_VERSION;
  record["configuration"] = config.file;
  record["configuration_name"] = config.name;
  record["snn"] = config.document.at("snn");
  record["dataset"] = splits.description;
  for (const auto& [key, value] : trainer_record.items()) record[key] = value;
  return record;
}

int run_layered_train(const TrainCommandOptions& options, const chip::ChipConfig& config,
                      const data::DatasetSplits& splits, const std::string& out) {
  snn::LayeredTrainingOptions training = options.layered;
  if (options.epochs->count() > 0) training.epochs = options.training.epochs;
  if (options.learning_rate->count() > 0) training.learning_rate = options.training.learning_rate;
  if (options.batch_size->count() > 0) training.batch_size = options.training.batch_size;
  training.train_samples = options.training.train_samples;
  training.test_samples = options.training.test_samples;
  training.seed = config.seed;
  training.show_progress = io::progress_wanted();
  const snn::LayeredTrainingReport report = snn::train_layered_first_to_spike(
      config.snn, config.neuron.accumulator_bits, splits.train, splits.test, training);
  snn::save_layered_network(out, report.network, training_record(config, splits, report.record()));
  print_layered_summary(config, report, out);
  return kExitOk;
}

int run_train(const TrainCommandOptions& options) {
  const chip::ChipConfig config = load_config(options.common);
  std::string out = options.out.empty() ? config.snn.weights_file : options.out;
  if (out.empty()) {
    throw std::invalid_argument(config.file + ": snn.weights is not set; name the output file with --out");
  }
  out = std::filesystem::path(out).lexically_normal().string();
  const data::DatasetSplits splits = snn::load_snn_dataset(config.workload, config.file);
  if (!config.snn.hidden_layers.empty()) return run_layered_train(options, config, splits, out);

  snn::TrainingOptions training = options.training;
  training.seed = config.seed;
  training.show_progress = io::progress_wanted();
  const snn::TrainingReport report =
      snn::train_first_to_spike(config.snn, config.neuron.accumulator_bits, splits.train, splits.test, training);
  snn::save_network(out, report.network, training_record(config, splits, report.record()));
  print_summary(config, report, out);
  return kExitOk;
}

}  // namespace

void register_train_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TrainCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "train", "train the configuration's GLM SNN for first-to-spike decoding and write its quantised weights");
  add_common_options(*command, options->common);
  const snn::LayeredTrainingOptions layered;
  const std::string hidden_default = " (with hidden layers: ";
  auto number = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return std::string(text);
  };
  options->epochs = command
                        ->add_option("--epochs", options->training.epochs,
                                     "passes over the training images" + hidden_default + number(layered.epochs) + ")")
                        ->capture_default_str()
                        ->check(CLI::Range(1U, 100000U));
  options->learning_rate = command
                               ->add_option("--learning-rate", options->training.learning_rate,
                                            "Adam step size (cosine-annealed); the output layer's" + hidden_default +
                                                number(layered.learning_rate) + ")")
                               ->capture_default_str()
                               ->check(CLI::PositiveNumber);
  options->batch_size = command
                            ->add_option("--batch-size", options->training.batch_size,
                                         "images per minibatch" + hidden_default + number(layered.batch_size) + ")")
                            ->capture_default_str()
                            ->check(CLI::Range(1U, 1000000U));
  command
      ->add_option("--hidden-learning-rate", options->layered.hidden_learning_rate,
                   "with hidden layers: their Adam step size (cosine-annealed)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--trajectories", options->layered.trajectories,
                   "with hidden layers: hidden spike trajectories sampled per image (learning-signal rule)")
      ->capture_default_str()
      ->check(CLI::Range(1U, 1024U));
  command->add_flag("!--no-single-layer-baseline", options->layered.single_layer_baseline,
                    "with hidden layers: skip training the network without them for comparison");
  command->add_option("--train-samples", options->training.train_samples, "use the first N training images (0 = all)")
      ->capture_default_str();
  command->add_option("--test-samples", options->training.test_samples, "evaluate on the first N test images (0 = all)")
      ->capture_default_str();
  command->add_option("--out", options->out, "weights file to write (default: the configuration's snn.weights)");
  command->callback([options, &exit_code]() { exit_code = guarded([&options]() { return run_train(*options); }); });
}

}  // namespace spinaps::cli
