#pragma once
// The human-activity workload as `run` and `train` see it: the UCI HAR feature vectors (or, without
// a data directory, the built-in synthetic generator's window features), normalised with
// statistics of the training split only, and encoded as 8-bit intensities (one 1 x inputs "image"
// per window) for the rate or population code, which then run through the same input path as the
// digits. The delta code needs per-step spikes from the raw windows and is not available here yet.
#include <string>

#include "workloads/har/encoding_config.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::har {

/// Throws data::DatasetError for bad files, config::ConfigError (naming `config_file` and
/// workload.input_encoding.encoding) for the delta code.
data::DatasetSplits load_har_workload(const EncodingConfig& encoding, const std::string& data_dir,
                                      const std::string& config_file);

}  // namespace spinaps::har
