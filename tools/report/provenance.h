#pragma once
// Where a report's numbers came from: the build (tool version, git commit) and the weights file
// (its hash and its training record). The configuration's sources are report_core.h's.
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::report {

/// {"name", "version", "git_commit", "git_dirty"}: git values as of the build.
nlohmann::ordered_json tool_provenance();

/// {"file", "hash_fnv1a64", "training": {accuracy_vs_time_steps, ...}} of the weights file; throws
/// config::ConfigError naming the file when it cannot be read.
nlohmann::ordered_json weights_provenance(const std::string& weights_file);

}  // namespace spinaps::report
