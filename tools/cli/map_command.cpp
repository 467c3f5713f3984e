// spinaps map MODEL: a shortcut for `spinaps run` on a memristive CNN accelerator configuration
// (default configs/ptychonn_edge.json) with its workload set from the command line: the model (an
// ONNX file or the built-in original PtychoNN), the frames and the stream rate. Same code, same
// report as `spinaps run` (docs/cnn_accelerator.md).
#include <filesystem>
#include <memory>
#include <string>

#include "models/io/data_paths.h"
#include "tools/cli/commands.h"
#include "tools/cli/runs.h"
#include "workloads/cnn/cnn_workload.h"

namespace spinaps::cli {
namespace {

struct MapOptions {
  RunCommandOptions run;
  std::string model;
  std::uint64_t frames = 0;
  std::string frames_file;
  std::string ptycho_config;
};

/// An absolute path for a file named on the command line (the configuration resolves relative
/// paths against its own directory).
std::string absolute(const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); }

int map(MapOptions& options) {
  RunRequest& request = options.run.request;
  if (request.config_file.empty()) request.config_file = io::data_path("configs/ptychonn_edge.json");
  // The command line's workload comes before the user's -p, so an explicit -p still wins.
  std::vector<std::string> workload = {
      "workload.model=" + (options.model == cnn::kOriginalPtychoNN ? options.model : absolute(options.model))};
  if (!options.frames_file.empty()) workload.push_back("workload.frames_file=" + absolute(options.frames_file));
  if (!options.ptycho_config.empty()) workload.push_back("workload.ptycho_config=" + absolute(options.ptycho_config));
  request.overrides.insert(request.overrides.begin(), workload.begin(), workload.end());
  request.count = options.frames;
  return run_and_report(options.run);
}

}  // namespace

void register_map_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MapOptions>();
  RunCommandOptions& run = options->run;
  CLI::App* command = app.add_subcommand(
      "map", "shortcut for `run` on a memristive CNN configuration with the model and frames given here");
  command
      ->add_option("MODEL", options->model,
                   std::string("ONNX model file, or '") + cnn::kOriginalPtychoNN +
                       "' for the built-in original two-branch PtychoNN")
      ->required();
  command->add_option("--config", run.request.config_file,
                      "memristive_cnn configuration (default configs/ptychonn_edge.json)");
  command->add_option("-p,--param", run.request.overrides, "override a configuration key: key.path=value (repeatable)");
  command->add_option("--frames", options->frames, "frames to stream (default: the configuration's workload.frames)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--frames-file", options->frames_file,
                      "frames written by `spinaps ptycho --out` instead of generating them");
  command->add_option("--ptycho-config", options->ptycho_config,
                      "ptychography data config for generated frames (default configs/ptycho/ptycho_data.json)");
  command
      ->add_option("--stream-rate", run.stream_rate_hz,
                   "detector frame rate in Hz (0: all frames queued at once, the saturated throughput)")
      ->check(CLI::Range(0.0, 1e9));
  command->add_flag("!--no-max-rate", run.request.find_max_rate,
                    "with --stream-rate, skip the saturated run that measures the highest sustainable rate");
  command->add_flag("!--no-floors", run.request.fidelity_floors,
                    "skip the fidelity floors (ideal converters; ideal devices and converters)");
  command->add_flag("--check-golden", run.request.check_golden,
                    "also run the functional golden model and fail unless outputs and counts agree exactly");
  command->add_option("--out", run.out_file, "write the JSON report (schema reports/schema/report.schema.json)");
  command->add_option("--html", run.html_file,
                      "write a self-contained HTML report with plots (opens offline in any browser)");
  command->add_option("--markdown", run.markdown_file, "write a Markdown summary (for pull-request comments)");
  command->add_option("--plot-dir", run.plot_dir,
                      "write energy_by_category.svg, layer_cycles.svg and queue_depth.svg here");
  command->add_flag("-q,--quiet", run.quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    options->run.request.command_line = current_command_line();
    exit_code = guarded([&]() { return map(*options); });
  });
}

}  // namespace spinaps::cli
