#pragma once
// The subcommands. Each register_* adds a subcommand whose callback runs the command through
// guarded() and stores its exit code.
#include <CLI/CLI.hpp>
#include <functional>

#include "tools/cli/cli_common.h"

namespace spinaps::cli {

void register_commands(CLI::App& app, int& exit_code);

/// Runs `body`; a configuration, data or other input error prints one "spinaps: error: ..." line
/// and gives kExitBadInput; any other exception gives kExitFailure.
int guarded(const std::function<int()>& body);

/// Adds -p/--param, --data and the positional CONFIG to a subcommand.
void add_common_options(CLI::App& command, CommonOptions& options);

void register_run_command(CLI::App& app, int& exit_code);
void register_train_command(CLI::App& app, int& exit_code);
void register_bench_command(CLI::App& app, int& exit_code);
void register_sweep_command(CLI::App& app, int& exit_code);
void register_pareto_command(CLI::App& app, int& exit_code);
void register_diff_command(CLI::App& app, int& exit_code);
void register_golden_command(CLI::App& app, int& exit_code);
void register_noc_command(CLI::App& app, int& exit_code);
void register_compare_command(CLI::App& app, int& exit_code);
void register_validate_command(CLI::App& app, int& exit_code);
void register_ptycho_command(CLI::App& app, int& exit_code);
void register_onnx_command(CLI::App& app, int& exit_code);
void register_map_command(CLI::App& app, int& exit_code);
void register_fidelity_command(CLI::App& app, int& exit_code);
void register_study_command(CLI::App& app, int& exit_code);

}  // namespace spinaps::cli
