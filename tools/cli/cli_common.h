#pragma once
// Pieces every subcommand shares: loading the configuration with -p overrides, and choosing the
// dataset the configuration (or --data) names.
#include <string>
#include <vector>

#include "hw/chip/chip_config.h"
#include "workloads/snn/snn_workload.h"

namespace spinaps::cli {

/// Exit codes of the CLI.
enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitBadInput = 2 };

/// Options every simulation subcommand accepts.
struct CommonOptions {
  std::string config_file;
  std::vector<std::string> overrides;  ///< -p key.path=value
  std::string data_dir;                ///< --data: an IDX directory overriding workload.data_dir
};

/// Loads and validates the configuration, applying --data on top of -p.
chip::ChipConfig load_config(const CommonOptions& options);

/// The command line of this process (from /proc/self/cmdline), recorded in reports and weights files.
std::string current_command_line();

/// Runs this executable with `arguments` in a child process (one SystemC kernel per process);
/// returns its exit code, with its stdout and stderr in `output`.
int run_self(const std::vector<std::string>& arguments, std::string& output);

}  // namespace spinaps::cli
