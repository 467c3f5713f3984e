#pragma once
// The report of `spinaps study mlp` (docs/device_study.md lists the fields): the tool's provenance,
// the network, data, device and training settings, `accuracy` and `float_accuracy` of the first
// point at the top, every point, and the mean accuracy per value of each swept parameter.
#include <nlohmann/json.hpp>

#include "workloads/mlp/study.h"

namespace spinaps::report {

nlohmann::ordered_json study_report(const mlp::StudyResult& result, const mlp::StudyOptions& options);

}  // namespace spinaps::report
