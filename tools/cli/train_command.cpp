// spinaps train CONFIG: trains the configuration's GLM SNN for first-to-spike decoding on the
// workload's digits, quantises it to the configured widths, measures it with the GoldenModel for
// T = 1..snn.time_steps and writes the weights file the configuration names (or --out).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include "tools/cli/commands.h"
#include "workloads/snn/trainer.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {
namespace {

struct TrainCommandOptions {
  CommonOptions common;
  snn::TrainingOptions training;
  std::string out;
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

int run_train(const TrainCommandOptions& options) {
  const chip::ChipConfig config = load_config(options.common);
  std::string out = options.out.empty() ? config.snn.weights_file : options.out;
  if (out.empty()) {
    throw std::invalid_argument(config.file + ": snn.weights is not set; name the output file with --out");
  }
  out = std::filesystem::path(out).lexically_normal().string();
  const data::DatasetSplits splits = load_dataset(config);

  snn::TrainingOptions training = options.training;
  training.seed = config.seed;
  training.show_progress = progress_wanted();
  const snn::TrainingReport report =
      snn::train_first_to_spike(config.snn, config.neuron.accumulator_bits, splits.train, splits.test, training);

  nlohmann::ordered_json record;
  record["command"] = invoked_command_line();
  record["spinaps_version"] = SPINAPS_VERSION;
  record["configuration"] = config.file;
  record["configuration_name"] = config.name;
  record["snn"] = config.document.at("snn");
  record["dataset"] = splits.description;
  const nlohmann::ordered_json training_record = report.record();
  for (const auto& [key, value] : training_record.items()) record[key] = value;
  snn::save_network(out, report.network, record);
  print_summary(config, report, out);
  return kExitOk;
}

}  // namespace

void register_train_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TrainCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "train", "train the configuration's GLM SNN for first-to-spike decoding and write its quantised weights");
  add_common_options(*command, options->common);
  command->add_option("--epochs", options->training.epochs, "passes over the training images")
      ->capture_default_str()
      ->check(CLI::Range(1U, 100000U));
  command->add_option("--learning-rate", options->training.learning_rate, "Adam step size (cosine-annealed)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--batch-size", options->training.batch_size, "images per minibatch")
      ->capture_default_str()
      ->check(CLI::Range(1U, 1000000U));
  command->add_option("--train-samples", options->training.train_samples, "use the first N training images (0 = all)")
      ->capture_default_str();
  command->add_option("--test-samples", options->training.test_samples, "evaluate on the first N test images (0 = all)")
      ->capture_default_str();
  command->add_option("--out", options->out, "weights file to write (default: the configuration's snn.weights)");
  command->callback([options, &exit_code]() { exit_code = guarded([&options]() { return run_train(*options); }); });
}

}  // namespace spinaps::cli
