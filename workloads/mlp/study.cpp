#include "workloads/mlp/study.h"

#include <cmath>
#include <stdexcept>

#include "models/rng/counter_rng.h"
#include "tools/report/provenance.h"

namespace spinaps::mlp {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::uint64_t kProgrammingStream = 0x6465766963650001ULL;  // "device" 1
constexpr std::uint64_t kNoiseStream = 0x6e6f697365000000ULL;        // "noise"

Json noise_json(const NoiseSpec& noise) { return {{"kind", to_string(noise.kind)}, {"level", noise.level}}; }

/// The points' sigma in level steps whichever way it was given.
double sigma_in_levels(const memristor::DeviceParameters& device) {
  const double step_us = device.level_step_us();
  return step_us > 0.0 ? device.programming_sigma_in_us() / step_us : 0.0;
}

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

Json study_json(const StudyResult& result, const StudyOptions& options) {
  Json document;
  document["schema"] = "spinaps-mlp-study";
  document["schema_version"] = 1;
  document["tool"] = report::tool_provenance();
  document["mode"] = to_string(options.mode);
  document["seed"] = options.seed;
  document["network"] = {{"layers", result.sizes},
                         {"hidden_activation", "relu"},
                         {"output", "softmax cross-entropy"},
                         {"weights_on_devices", "every weight and bias on one differential pair"}};
  document["data"] = {{"description", result.data_description},
                      {"train_samples", result.train_samples},
                      {"test_samples", result.test_samples}};
  document["device"] = {{"name", options.device.name},
                        {"technology", options.device.technology},
                        {"source", options.device.source},
                        {"g_max_us", options.device.g_max_us},
                        {"file_g_min_us", options.device.g_min_us},
                        {"file_programming_sigma_us", options.device.programming_sigma_in_us()}};
  document["float_training"] = {{"optimiser", "adam"},
                                {"epochs", options.float_training.epochs},
                                {"batch_size", options.float_training.batch_size},
                                {"learning_rate", options.float_training.learning_rate},
                                {"schedule", "cosine annealing over the epochs"},
                                {"initialisation", "he-uniform"}};
  if (options.mode == TrainingMode::kInsitu) {
    document["insitu_training"] = {{"epochs", options.insitu.epochs},
                                   {"learning_rate", options.insitu.learning_rate},
                                   {"bit_length", options.insitu.bit_length},
                                   {"weight_range", options.insitu.weight_range},
                                   {"refresh_interval_samples", options.insitu.refresh_interval},
                                   {"batch_size", 1}};
  }
  const PointResult& first = result.points.front();
  document["accuracy"] = first.accuracy;
  document["float_accuracy"] = result.float_accuracy;
  Json float_noise = Json::array();
  for (const NoiseResult& noise : result.float_noise) {
    Json entry = noise_json(noise.noise);
    entry["float_accuracy"] = noise.float_accuracy;
    float_noise.push_back(entry);
  }
  document["noise"] = float_noise;
  Json points = Json::array();
  for (const PointResult& point : result.points) {
    Json entry;
    entry["levels"] = point.setting.levels;
    entry["dynamic_range"] = point.device.g_min_us > 0.0 ? Json(point.device.g_max_us / point.device.g_min_us) : Json();
    entry["g_min_us"] = point.device.g_min_us;
    entry["g_max_us"] = point.device.g_max_us;
    entry["level_step_us"] = point.device.level_step_us();
    entry["sigma_levels"] = sigma_in_levels(point.device);
    entry["sigma_us"] = point.device.programming_sigma_in_us();
    entry["sigma_from"] = point.setting.sigma_given ? "option" : "device file";
    entry["accuracy"] = point.accuracy;
    entry["float_accuracy"] = result.float_accuracy;
    entry["accuracy_loss"] = result.float_accuracy - point.accuracy;
    entry["devices"] = point.devices;
    entry["g_min_seen_us"] = point.g_min_seen_us;
    entry["g_max_seen_us"] = point.g_max_seen_us;
    Json noise = Json::array();
    for (const NoiseResult& result_noise : point.noise) {
      Json item = noise_json(result_noise.noise);
      item["accuracy"] = result_noise.accuracy;
      item["float_accuracy"] = result_noise.float_accuracy;
      noise.push_back(item);
    }
    entry["noise"] = noise;
    if (options.mode == TrainingMode::kInsitu) {
      entry["insitu"] = {{"potentiation_steps", point.insitu.potentiation_steps},
                         {"clipped_updates", point.insitu.clipped_updates},
                         {"refresh_cycles", point.insitu.refresh_cycles},
                         {"refreshed_pairs", point.insitu.refreshed_pairs}};
    }
    points.push_back(entry);
  }
  document["points"] = points;
  Json sweeps = Json::array();
  for (const SweepMeans& sweep : sweep_means(result, options)) {
    sweeps.push_back(
        {{"parameter", sweep.parameter}, {"values", sweep.values}, {"mean_accuracy", sweep.mean_accuracy}});
  }
  document["sweeps"] = sweeps;
  return document;
}

}  // namespace spinaps::mlp
