#include "tools/report/study_report.h"

#include "tools/report/provenance.h"

namespace spinaps::report {
namespace {

using Json = nlohmann::ordered_json;

Json noise_json(const mlp::NoiseSpec& noise) { return {{"kind", mlp::to_string(noise.kind)}, {"level", noise.level}}; }

/// The points' sigma in level steps whichever way it was given.
double sigma_in_levels(const memristor::DeviceParameters& device) {
  const double step_us = device.level_step_us();
  return step_us > 0.0 ? device.programming_sigma_in_us() / step_us : 0.0;
}

}  // namespace

nlohmann::ordered_json study_report(const mlp::StudyResult& result, const mlp::StudyOptions& options) {
  Json document;
  document["schema"] = "spinaps-mlp-study";
  document["schema_version"] = 1;
  document["tool"] = tool_provenance();
  document["mode"] = mlp::to_string(options.mode);
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
  if (options.mode == mlp::TrainingMode::kInsitu) {
    document["insitu_training"] = {{"epochs", options.insitu.epochs},
                                   {"learning_rate", options.insitu.learning_rate},
                                   {"bit_length", options.insitu.bit_length},
                                   {"weight_range", options.insitu.weight_range},
                                   {"refresh_interval_samples", options.insitu.refresh_interval},
                                   {"batch_size", 1}};
  }
  const mlp::PointResult& first = result.points.front();
  document["accuracy"] = first.accuracy;
  document["float_accuracy"] = result.float_accuracy;
  Json float_noise = Json::array();
  for (const mlp::NoiseResult& noise : result.float_noise) {
    Json entry = noise_json(noise.noise);
    entry["float_accuracy"] = noise.float_accuracy;
    float_noise.push_back(entry);
  }
  document["noise"] = float_noise;
  Json points = Json::array();
  for (const mlp::PointResult& point : result.points) {
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
    for (const mlp::NoiseResult& result_noise : point.noise) {
      Json item = noise_json(result_noise.noise);
      item["accuracy"] = result_noise.accuracy;
      item["float_accuracy"] = result_noise.float_accuracy;
      noise.push_back(item);
    }
    entry["noise"] = noise;
    if (options.mode == mlp::TrainingMode::kInsitu) {
      entry["insitu"] = {{"potentiation_steps", point.insitu.potentiation_steps},
                         {"clipped_updates", point.insitu.clipped_updates},
                         {"refresh_cycles", point.insitu.refresh_cycles},
                         {"refreshed_pairs", point.insitu.refreshed_pairs}};
    }
    points.push_back(entry);
  }
  document["points"] = points;
  Json sweeps = Json::array();
  for (const mlp::SweepMeans& sweep : mlp::sweep_means(result, options)) {
    sweeps.push_back(
        {{"parameter", sweep.parameter}, {"values", sweep.values}, {"mean_accuracy", sweep.mean_accuracy}});
  }
  document["sweeps"] = sweeps;
  return document;
}

}  // namespace spinaps::report
