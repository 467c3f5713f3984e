#include "workloads/mlp/study.h"

#include <cmath>
#include <stdexcept>

#include "models/rng/counter_rng.h"

namespace spinaps::mlp {
namespace {

constexpr std::uint64_t kProgrammingStream = 0x6465766963650001ULL;  // "device" 1
constexpr std::uint64_t kNoiseStream = 0x6e6f697365000000ULL;        // "noise"

}  // namespace

std::string to_string(TrainingMode mode) { return mode == TrainingMode::kProgram ? "program" : "insitu"; }

std::uint64_t programming_seed(std::uint64_t seed) { return rng::mix64(seed ^ kProgrammingStream); }

std::uint64_t noise_seed(std::uint64_t seed, std::size_t noise_index) {
  return rng::mix64(rng::mix64(seed ^ kNoiseStream) + noise_index);
}

StudyResult run_study(const data::DatasetSplits& data, const StudyOptions& options, const ProgressCallback& progress) {
  if (options.levels.empty() || options.dynamic_ranges.empty()) {
    throw std::invalid_argument("device study: --levels and --dynamic-range each need at least one value");
  }
  const data::ImageDataset train = options.train_samples > 0 ? data.train.first(options.train_samples) : data.train;
  const data::ImageDataset test = options.test_samples > 0 ? data.test.first(options.test_samples) : data.test;
  if (train.size() == 0 || test.size() == 0) {
    throw std::invalid_argument("device study: no training or test digits (" + data.description + ")");
  }
  StudyResult result;
  result.sizes.push_back(train.pixels_per_image());
  for (const std::uint32_t width : options.hidden) result.sizes.push_back(width);
  result.sizes.push_back(10);
  result.data_description = data.description;
  result.train_samples = train.size();
  result.test_samples = test.size();
  const Eigen::MatrixXf train_images = images_as_columns(train);
  const Eigen::MatrixXf test_images = images_as_columns(test);
  std::vector<Eigen::MatrixXf> noisy_images;
  for (std::size_t n = 0; n < options.noise.size(); ++n) {
    noisy_images.push_back(corrupt(test_images, options.noise[n], noise_seed(options.seed, n)));
  }

  std::vector<DeviceSetting> settings;
  for (const std::uint32_t levels : options.levels) {
    for (const double range : options.dynamic_ranges) {
      if (options.sigmas.empty()) {
        settings.push_back({levels, range, false, 0.0});
      } else {
        for (const double sigma : options.sigmas) settings.push_back({levels, range, true, sigma});
      }
    }
  }
  // Check every point before anything is trained.
  std::vector<memristor::DeviceParameters> devices;
  devices.reserve(settings.size());
  for (const DeviceSetting& setting : settings) devices.push_back(device_for(options.device, setting));

  const std::size_t float_work = static_cast<std::size_t>(options.float_training.epochs) * train.size();
  const std::size_t point_work = options.mode == TrainingMode::kInsitu
                                     ? static_cast<std::size_t>(options.insitu.epochs) * train.size()
                                     : test.size();
  const std::size_t total = float_work + settings.size() * point_work;
  std::size_t done = 0;

  FloatTrainingOptions float_training = options.float_training;
  float_training.seed = options.seed;
  result.float_network = initialise(result.sizes, options.seed);
  train_float(result.float_network, train_images, train.labels, float_training, [&](std::size_t n, std::size_t) {
    if (progress) progress(n, total);
  });
  done = float_work;
  result.float_accuracy = accuracy(result.float_network, test_images, test.labels);
  for (std::size_t n = 0; n < options.noise.size(); ++n) {
    result.float_noise.push_back({options.noise[n], 0.0, accuracy(result.float_network, noisy_images[n], test.labels)});
  }

  for (std::size_t k = 0; k < settings.size(); ++k) {
    PointResult point;
    point.setting = settings[k];
    point.device = devices[k];
    const memristor::DeviceModel device(devices[k]);
    DeviceNetwork network;
    if (options.mode == TrainingMode::kProgram) {
      network = program_network(result.float_network, device, programming_seed(options.seed));
    } else {
      InsituOptions insitu = options.insitu;
      insitu.seed = options.seed;
      network = train_insitu(result.sizes, device, train_images, train.labels, insitu, point.insitu,
                             [&](std::size_t n, std::size_t) {
                               if (progress) progress(done + n, total);
                             });
    }
    const Mlp weights = network.read_back(device);
    point.accuracy = accuracy(weights, test_images, test.labels);
    for (std::size_t n = 0; n < options.noise.size(); ++n) {
      point.noise.push_back(
          {options.noise[n], accuracy(weights, noisy_images[n], test.labels), result.float_noise[n].float_accuracy});
    }
    point.g_min_seen_us = network.g_min_seen_us();
    point.g_max_seen_us = network.g_max_seen_us();
    point.devices = network.devices();
    if (k == 0) result.first_point_network = weights;
    result.points.push_back(std::move(point));
    done += point_work;
    if (progress) progress(done, total);
  }
  return result;
}

std::vector<SweepMeans> sweep_means(const StudyResult& result, const StudyOptions& options) {
  std::vector<SweepMeans> sweeps;
  const auto add = [&](const std::string& parameter, const std::string& label, const std::vector<double>& values,
                       double (*of)(const PointResult&)) {
    if (values.size() < 2) return;
    SweepMeans sweep{parameter, label, values, {}};
    for (const double value : values) {
      double sum = 0.0;
      std::size_t count = 0;
      for (const PointResult& point : result.points) {
        if (of(point) == value) {
          sum += point.accuracy;
          ++count;
        }
      }
      sweep.mean_accuracy.push_back(count > 0 ? sum / static_cast<double>(count) : 0.0);
    }
    sweeps.push_back(std::move(sweep));
  };
  add("levels", "conductance levels per device", std::vector<double>(options.levels.begin(), options.levels.end()),
      [](const PointResult& p) { return static_cast<double>(p.setting.levels); });
  add("dynamic-range", "dynamic range Gmax/Gmin", options.dynamic_ranges,
      [](const PointResult& p) { return p.setting.dynamic_range; });
  add("sigma", "variability sigma (level steps)", options.sigmas,
      [](const PointResult& p) { return p.setting.sigma_levels; });
  return sweeps;
}

}  // namespace spinaps::mlp
