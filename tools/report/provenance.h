#pragma once
// Where a report's numbers came from: the build (tool version, git commit), the configuration
// (each value's source: the file, a command-line override or a default) and the weights file
// (its hash and its training record). Written into every run report (schema_version 2).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/chip/chip_config.h"

namespace spinaps::report {

/// How the configuration was given on the command line, to attribute each value to its source.
struct CommandLineInputs {
  std::vector<std::string> overrides;  ///< the -p key.path=value assignments, in order
  std::string data_dir;                ///< --data, empty when not given
};

/// {"name", "version", "git_commit", "git_dirty"}: git values as of the build.
nlohmann::ordered_json tool_provenance();

/// One entry per configuration value used, keyed by its dotted path:
/// {"value": ..., "source": "file" | "override" | "default", "detail": where exactly}.
nlohmann::ordered_json parameter_sources(const chip::ChipConfig& config, const CommandLineInputs& inputs);

/// {"file", "hash_fnv1a64", "training": {accuracy_vs_time_steps, ...}} of the weights file; throws
/// config::ConfigError naming the file when it cannot be read.
nlohmann::ordered_json weights_provenance(const std::string& weights_file);

}  // namespace spinaps::report
