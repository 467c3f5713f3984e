#pragma once
// Runs the functional golden model on the inferences the cycle-accurate model ran and lists every
// difference in decisions, spikes and operation counts.
#include <string>
#include <vector>

#include "hw/chip/dataset_host.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::report {

/// One line per differing inference; empty when the two models agree exactly.
std::vector<std::string> compare_with_golden(const snn::LayeredNetwork& network, std::uint64_t seed,
                                             const data::ImageDataset& dataset,
                                             const std::vector<chip::InferenceRecord>& records);

}  // namespace spinaps::report
