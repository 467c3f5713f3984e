#include "tools/validation/accuracy_validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/config/config_reader.h"
#include "tools/report/provenance.h"
#include "tools/validation/validation_markdown.h"
#include "workloads/snn/logistic_regression.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::validation {
namespace {

/// The training record's options and results; the baseline must be trained exactly as `spinaps
/// train` trained it, or "same size, same split" would not hold.
void read_training_record(const std::string& weights_file, WorkloadAccuracy& result) {
  const config::Json document = config::read_json_file(weights_file);
  if (!document.contains("training") || !document["training"].contains("options")) {
    throw config::ConfigError(weights_file, "training.options",
                              "is missing: the baseline is trained with the options the weights were trained with");
  }
  const config::Json& record = document["training"];
  const config::Json& options = record["options"];
  result.baseline_options.epochs = options.at("epochs").get<std::uint32_t>();
  result.baseline_options.learning_rate = options.at("learning_rate").get<double>();
  result.baseline_options.batch_size = options.at("batch_size").get<std::uint32_t>();
  result.baseline_options.seed = options.at("seed").get<std::uint64_t>();
  result.train_samples = options.value("train_samples", std::size_t{0});
  result.recorded_test_images = record.value("test_images", std::size_t{0});
  result.recorded_logistic_regression = record.value("logistic_regression_accuracy", -1.0);
  for (const auto& row : record.value("accuracy_vs_time_steps", config::Json::array())) {
    result.recorded.push_back(row.at("accuracy").get<double>());
  }
}

/// Standard error of the difference of two accuracies measured on the same n images, treating them
/// as independent (conservative for paired classifiers).
double difference_standard_error(double a, double b, std::size_t n) {
  return std::sqrt((a * (1.0 - a) + b * (1.0 - b)) / static_cast<double>(std::max<std::size_t>(n, 1)));
}

/// The smallest T whose accuracy reaches `share` of the final accuracy.
std::uint32_t steps_to_reach(const std::vector<snn::AccuracyAtSteps>& rows, double share) {
  const double target = share * rows.back().accuracy;
  for (const auto& row : rows) {
    if (row.accuracy >= target) return row.time_steps;
  }
  return rows.back().time_steps;
}

std::string workload_heading(const WorkloadAccuracy& w) {
  return "### " + std::string(1, static_cast<char>(std::toupper(w.label[0]))) + w.label.substr(1) + ": " +
         code(w.config_file) + "\n\n";
}

}  // namespace

WorkloadAccuracy measure_workload_accuracy(const chip::ChipConfig& config, const data::DatasetSplits& splits,
                                           std::size_t samples, const std::string& label) {
  WorkloadAccuracy result;
  result.label = label;
  result.config_file = config.file;
  result.config_name = config.name;
  result.weights_file = std::filesystem::path(config.snn.weights_file).lexically_normal().string();
  result.weights_hash = report::weights_provenance(config.snn.weights_file).at("hash_fnv1a64").get<std::string>();
  result.data_description = splits.description;
  result.seed = config.seed;
  result.inputs = config.snn.inputs;
  result.classes = config.snn.outputs;
  read_training_record(config.snn.weights_file, result);
  const data::ImageDataset test = samples != 0 ? splits.test.first(samples) : splits.test;
  const data::ImageDataset train = result.train_samples != 0 ? splits.train.first(result.train_samples) : splits.train;
  result.test_samples = test.size();
  result.train_samples = train.size();
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  result.golden = snn::accuracy_against_steps(network, test, config.seed);
  result.logistic_regression =
      snn::logistic_regression_accuracy(train, test, config.snn.outputs, result.baseline_options);
  return result;
}

std::string render_accuracy_against_steps(const std::vector<WorkloadAccuracy>& workloads) {
  std::ostringstream out;
  for (const WorkloadAccuracy& w : workloads) {
    const std::uint32_t final_steps = w.golden.back().time_steps;
    const double final_accuracy = w.golden.back().accuracy;
    // The record is comparable only when it was measured on the same test images.
    const bool comparable = w.recorded_test_images == w.test_samples && w.recorded.size() == w.golden.size();
    out << workload_heading(w) << "Inputs: " << code(w.config_file) << " (" << w.config_name << "), weights "
        << code(w.weights_file) << ", seed " << w.seed << ", the first " << w.test_samples << " test samples of "
        << w.data_description << ". GoldenModel run once per T (" << code("snn.time_steps") << " = T), sample id = "
        << "test index, as `spinaps train` evaluates.\n\n";
    std::vector<std::string> header = {"T", "accuracy", "fraction of final (T = " + std::to_string(final_steps) + ")",
                                       "mean decision step", "decided by a spike"};
    if (comparable) header.push_back("training record");
    MarkdownTable table(header);
    std::size_t disagreements = 0;
    for (std::size_t n = 0; n < w.golden.size(); ++n) {
      const auto& row = w.golden[n];
      std::vector<std::string> cells = {std::to_string(row.time_steps), percent(row.accuracy),
                                        format("%.3f", final_accuracy > 0.0 ? row.accuracy / final_accuracy : 0.0),
                                        format("%.2f", row.mean_decision_step), percent(row.spike_decided_fraction)};
      if (comparable) {
        cells.push_back(percent(w.recorded[n]));
        disagreements += std::abs(w.recorded[n] - row.accuracy) > 1e-12 ? 1 : 0;
      }
      table.add_row(cells);
    }
    out << table.render() << "\n";
    out << "Accuracy reaches 95 % of its final " << percent(final_accuracy)
        << " at T = " << steps_to_reach(w.golden, 0.95) << " and 99 % at T = " << steps_to_reach(w.golden, 0.99)
        << "; with early stopping the mean decision step at T = " << final_steps << " is "
        << format("%.2f", w.golden.back().mean_decision_step) << ". ";
    if (comparable) {
      out << (disagreements == 0
                  ? "The weights file's training record (same test images) agrees at every T."
                  : "The training record differs at " + std::to_string(disagreements) + " of the T values.");
    } else {
      out << "The training record covers " << w.recorded_test_images << " test images, not these " << w.test_samples
          << ", so it is not shown.";
    }
    const CycleAccurateCheck& c = w.cycle_accurate;
    out << " The cycle-accurate simulator (`spinaps run --check-golden`, T = " << final_steps << ") reaches "
        << percent(c.accuracy) << " on the same " << c.inferences << " samples with " << c.golden_mismatches
        << " golden-model mismatches.\n\n";
  }
  return out.str();
}

std::string render_snn_against_logistic_regression(const std::vector<WorkloadAccuracy>& workloads) {
  std::ostringstream out;
  out << "The non-spiking model is multinomial logistic regression with the SNN's inputs and outputs ("
      << code("workloads/snn/logistic_regression.h") << "), trained from zero on the same training images with the "
      << "optimiser, epochs, learning rate, batch size and seed of the SNN's training record, and tested on the same "
      << "test images. The SNN columns are the GoldenModel and the cycle-accurate simulator at the configured T. One "
      << "standard error is sqrt((a (1 - a) + b (1 - b)) / n) for accuracies a and b on n samples, as if the two "
      << "were independent; they share the test images, so the true error of the difference is smaller.\n\n";
  MarkdownTable table(
      {"workload", "network", "train / test samples", "SNN", "SNN (cycle-accurate)", "logistic regression",
       "LR in training record", "SNN - LR (points)", "one standard error (points)"},
      2);
  std::vector<std::string> verdicts;
  for (const WorkloadAccuracy& w : workloads) {
    const double snn = w.golden.back().accuracy;
    const double error = difference_standard_error(snn, w.logistic_regression, w.test_samples);
    const double difference = snn - w.logistic_regression;
    const bool comparable = w.recorded_test_images == w.test_samples;
    table.add_row({w.label, std::to_string(w.inputs) + "-" + std::to_string(w.classes),
                   std::to_string(w.train_samples) + " / " + std::to_string(w.test_samples), percent(snn),
                   percent(w.cycle_accurate.accuracy), percent(w.logistic_regression),
                   comparable && w.recorded_logistic_regression >= 0.0 ? percent(w.recorded_logistic_regression)
                                                                       : "(other test set)",
                   format("%+.2f", 100.0 * difference), format("%.2f", 100.0 * error)});
    const double multiples = error > 0.0 ? std::abs(difference) / error : 0.0;
    std::string verdict = "On " + w.label + " the SNN is ";
    if (multiples <= 1.0) {
      verdict += "equal to the logistic regression within one standard error";
    } else {
      verdict += std::string(difference > 0.0 ? "better" : "worse") + " than the logistic regression by " +
                 format("%.1f", multiples) + " standard errors";
    }
    verdicts.push_back(verdict + " (" + format("%+.2f", 100.0 * difference) + " points on " +
                       std::to_string(w.test_samples) + " test samples).");
  }
  out << table.render() << "\n";
  for (const auto& verdict : verdicts) out << "- " << verdict << "\n";
  out << "\n";
  return out.str();
}

}  // namespace spinaps::validation
