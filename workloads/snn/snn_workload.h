#pragma once
// What a SpinAPS chip configuration runs on: the "workload" section (the dataset, where its files
// are, the split and how many samples) and the loader that turns it into images (the digits, or
// human-activity windows encoded as 8-bit intensity vectors). It belongs to the experiment, not to
// the hardware, so it lives here and the chip configuration only holds it.
//   {"dataset": "mnist" | "har", "data_dir": "...", "split": "train" | "test", "samples": 1000,
//    "input_encoding": {...}   (har only; workloads/har/encoding_config.h)}
#include <cstdint>
#include <string>

#include "models/config/choice.h"
#include "workloads/har/encoding_config.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::snn {

enum class Dataset { kMnist, kHar };

/// "mnist": handwritten digits (the bundled subset, or IDX files); "har": human activity.
const config::ChoiceTable<Dataset>& dataset_choices();

struct SnnWorkloadConfig {
  Dataset dataset = Dataset::kMnist;
  std::string data_dir;              ///< IDX or UCI HAR directory; empty = the bundled digits / synthetic windows
  std::string split = "test";        ///< "train" or "test"
  std::uint32_t samples = 1000;      ///< the first N samples of the split (0 = all)
  har::EncodingConfig har_encoding;  ///< "input_encoding" (har only): how features become spikes
};

/// Parses the "workload" node; relative data_dir is resolved against `config_dir`. Calls finish().
SnnWorkloadConfig parse_snn_workload(config::ConfigNode node, const std::string& config_dir);

/// The train/test splits the workload names. Throws data::DatasetError for bad files and
/// config::ConfigError naming `config_file` for settings the loader cannot honour.
data::DatasetSplits load_snn_dataset(const SnnWorkloadConfig& workload, const std::string& config_file);

/// The split `run` simulates.
const data::ImageDataset& pick_split(const data::DatasetSplits& splits, const SnnWorkloadConfig& workload);

}  // namespace spinaps::snn
