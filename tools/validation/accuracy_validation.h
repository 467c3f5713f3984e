#pragma once
// Sections 2 and 3 of the validation report: accuracy against the number of time steps T, and the
// spiking network against a non-spiking logistic regression of the same size on the same split.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/chip/chip_config.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/trainer.h"

namespace spinaps::validation {

/// What a child `spinaps run --check-golden` reported: the cycle-accurate simulator at the
/// configured T on the same test images.
struct CycleAccurateCheck {
  double accuracy = 0.0;
  std::size_t inferences = 0;
  std::size_t golden_mismatches = 0;
};

/// One workload (digits or activity) measured for the report.
struct WorkloadAccuracy {
  std::string label;  ///< "digits" or "activity"
  std::string config_file;
  std::string config_name;
  std::string weights_file;
  std::string weights_hash;      ///< FNV-1a 64 of the file, as run reports record it
  std::string data_description;  ///< says SYNTHETIC for the built-in activity generator
  std::uint64_t seed = 1;
  std::size_t test_samples = 0;   ///< the first N test images, evaluated by every model
  std::size_t train_samples = 0;  ///< training images the baseline is fitted on (as the SNN was)
  std::uint32_t inputs = 0, classes = 0;
  std::vector<snn::AccuracyAtSteps> golden;  ///< T = 1..snn.time_steps, GoldenModel
  std::vector<double> recorded;              ///< accuracy per T in the weights file's training record
  std::size_t recorded_test_images = 0;      ///< how many test images that record covers
  double recorded_logistic_regression = -1.0;
  snn::BaselineOptions baseline_options;  ///< from the training record, so the baseline is trained like the SNN
  double logistic_regression = 0.0;       ///< recomputed on the same test images
  CycleAccurateCheck cycle_accurate;
};

/// Runs the configuration's trained network with the GoldenModel for T = 1..snn.time_steps on the
/// first `samples` test images (0 = all) and trains the logistic-regression baseline with the
/// options of the weights file's training record. Throws config::ConfigError when the weights file
/// has no training record to take them from.
WorkloadAccuracy measure_workload_accuracy(const chip::ChipConfig& config, const data::DatasetSplits& splits,
                                           std::size_t samples, const std::string& label);

/// Section 2: per workload, accuracy and the fraction of the final (T = snn.time_steps) accuracy at
/// every T, with the training record and the cycle-accurate run beside it.
std::string render_accuracy_against_steps(const std::vector<WorkloadAccuracy>& workloads);

/// Section 3: SNN against logistic regression, the difference in standard errors.
std::string render_snn_against_logistic_regression(const std::vector<WorkloadAccuracy>& workloads);

}  // namespace spinaps::validation
