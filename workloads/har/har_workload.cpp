#include "workloads/har/har_workload.h"

#include "models/config/config_reader.h"
#include "workloads/har/har_dataset.h"
#include "workloads/har/normalisation.h"
#include "workloads/har/spike_encoder.h"
#include "workloads/har/synthetic_har.h"

namespace spinaps::har {

data::DatasetSplits load_har_workload(const EncodingConfig& encoding, const std::string& data_dir,
                                      const std::string& config_file) {
  if (encoding.kind == EncodingKind::kDelta) {
    throw config::ConfigError(config_file, "workload.input_encoding.encoding",
                              "value \"delta\" is not available in run and train yet (it needs per-step spikes "
                              "from the raw windows); expected \"rate\" or \"population\"");
  }
  HarSplits splits = data_dir.empty() ? generate_synthetic_har(SyntheticHarConfig{})
                                      : load_uci_har_directory(data_dir, HarViews::kFeatures);
  (void)normalise_features(splits, encoding.normalisation);
  data::DatasetSplits result;
  result.train = to_intensity_dataset(splits.train.features, encoding);
  result.test = to_intensity_dataset(splits.test.features, encoding);
  std::string origin = splits.train.features.synthetic
                           ? "SYNTHETIC human-activity windows (built-in generator, docs/har.md)"
                           : "UCI HAR Dataset";
  if (!data_dir.empty()) origin += " read from " + data_dir;
  result.description =
      origin + ", " + std::to_string(splits.train.features.size()) + " train / " +
      std::to_string(splits.test.features.size()) + " test windows, " + std::to_string(splits.train.features.features) +
      " features, " + normalisation_name(encoding.normalisation) + " normalisation fitted on the training split, " +
      encoding_name(encoding.kind) + " code, " + std::to_string(result.train.pixels_per_image()) + " inputs";
  result.train.source = result.description;
  result.test.source = result.description;
  return result;
}

}  // namespace spinaps::har
