#pragma once
// The device-aware network study (docs/device_study.md): a multilayer perceptron trained on the
// digits in floating point, and the same network on memristive differential pairs at every point
// of the product of levels x dynamic range x variability, either programmed from the float
// weights (TrainingMode::kProgram) or trained with the devices in the loop (kInsitu); test accuracy
// of both, optionally on noise-corrupted test inputs too. Deterministic for a seed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/memristor/device_model.h"
#include "workloads/mlp/device_mlp.h"
#include "workloads/mlp/mlp.h"
#include "workloads/mlp/noise.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::mlp {

enum class TrainingMode { kProgram, kInsitu };
std::string to_string(TrainingMode mode);

struct StudyOptions {
  TrainingMode mode = TrainingMode::kProgram;
  memristor::DeviceParameters device;  ///< supplies Gmax, technology and source (and sigma when none is swept)
  std::vector<std::uint32_t> levels = {32};
  std::vector<double> dynamic_ranges = {15.0};  ///< Gmax/Gmin; 0 keeps the device file's Gmin
  std::vector<double> sigmas;                   ///< level steps; empty: the device file's absolute sigma
  std::vector<std::uint32_t> hidden = {256, 128};
  FloatTrainingOptions float_training;  ///< its seed is set from `seed`
  InsituOptions insitu;                 ///< its seed is set from `seed`
  std::size_t train_samples = 0;        ///< first N training digits (0 = all)
  std::size_t test_samples = 0;         ///< first N test digits (0 = all)
  std::uint64_t seed = 1;
  std::vector<NoiseSpec> noise;
};

struct NoiseResult {
  NoiseSpec noise;
  double accuracy = 0.0;
  double float_accuracy = 0.0;
};

struct PointResult {
  DeviceSetting setting;
  memristor::DeviceParameters device;  ///< the device of this point
  double accuracy = 0.0;
  std::vector<NoiseResult> noise;
  InsituStatistics insitu;
  double g_min_seen_us = 0.0;
  double g_max_seen_us = 0.0;
  std::size_t devices = 0;
};

struct StudyResult {
  std::vector<std::uint32_t> sizes;
  std::string data_description;
  std::size_t train_samples = 0;
  std::size_t test_samples = 0;
  double float_accuracy = 0.0;
  std::vector<NoiseResult> float_noise;  ///< accuracy of the float network per noise spec
  std::vector<PointResult> points;       ///< levels outermost, then dynamic range, then sigma
  Mlp float_network;
  Mlp first_point_network;  ///< the weights the devices of the first point hold (noise-free read)
};

/// Runs the study; `progress` gets (work done, total work) in training-sample units.
/// Throws std::invalid_argument naming the option when a value is out of range.
StudyResult run_study(const data::DatasetSplits& data, const StudyOptions& options,
                      const ProgressCallback& progress = {});

/// The seed of the float network's training and the devices' draws (derived from the study seed
/// with rng::mix64 so that the streams do not overlap).
std::uint64_t programming_seed(std::uint64_t seed);
std::uint64_t noise_seed(std::uint64_t seed, std::size_t noise_index);

/// The parameters with more than one value, as (option name, axis label, values, mean accuracy
/// over the points with that value).
struct SweepMeans {
  std::string parameter;
  std::string label;
  std::vector<double> values;
  std::vector<double> mean_accuracy;
};
std::vector<SweepMeans> sweep_means(const StudyResult& result, const StudyOptions& options);

}  // namespace spinaps::mlp
