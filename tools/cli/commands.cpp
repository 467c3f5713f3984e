#include "tools/cli/commands.h"

#include <iostream>
#include <stdexcept>

#include "models/config/config_reader.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::cli {

void register_commands(CLI::App& app, int& exit_code) {
  register_run_command(app, exit_code);
  register_train_command(app, exit_code);
  register_bench_command(app, exit_code);
  register_sweep_command(app, exit_code);
  register_pareto_command(app, exit_code);
  register_diff_command(app, exit_code);
  register_golden_command(app, exit_code);
  register_noc_command(app, exit_code);
  register_compare_command(app, exit_code);
  register_validate_command(app, exit_code);
  register_ptycho_command(app, exit_code);
  register_onnx_command(app, exit_code);
  register_map_command(app, exit_code);
  register_fidelity_command(app, exit_code);
  register_study_command(app, exit_code);
}

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    std::cerr << "spinaps: error: " << error.what() << "\n";
    const bool bad_input = dynamic_cast<const config::ConfigError*>(&error) != nullptr ||
                           dynamic_cast<const data::DatasetError*>(&error) != nullptr ||
                           dynamic_cast<const std::invalid_argument*>(&error) != nullptr;
    return bad_input ? kExitBadInput : kExitFailure;
  }
}

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("config", options.config_file, "chip configuration (JSON), e.g. configs/spinaps.json")->required();
  command.add_option("-p,--param", options.overrides, "override a configuration key: key.path=value (repeatable)");
  command.add_option("--data", options.data_dir,
                     "directory of IDX files (train/t10k images and labels, raw or .gz) instead of the bundled digits");
}

}  // namespace spinaps::cli
