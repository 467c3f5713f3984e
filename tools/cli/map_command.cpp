// spinaps map: maps a CNN (an ONNX file, or the built-in original PtychoNN) onto the memristive
// accelerator of a config, streams ptychography frames through the cycle-level SystemC model and
// reports throughput against the 2 kHz beamline target, latency, energy per frame, TOPS/W,
// per-layer costs and the fidelity of the tile outputs against the float reference
// (docs/cnn_accelerator.md). --out writes the JSON report atomically.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "models/io/progress_line.h"
#include "tools/cli/cnn_inputs.h"
#include "tools/cli/commands.h"
#include "tools/report/map_report.h"
#include "tools/report/svg_plot.h"
#include "workloads/cnn/layer_summary.h"

namespace spinaps::cli {
namespace {

struct MapOptions {
  CnnInputOptions input;
  std::string config_file;  ///< default: configs/ptychonn_edge.json under the data root
  std::vector<std::string> overrides;
  double stream_rate_hz = 0.0;
  bool find_max_rate = true;
  bool check_golden = false;
  std::string out_file;
  std::string plot_dir;
  bool quiet = false;
};

/// energy_by_category.svg, layer_cycles.svg (the pipeline's balance) and queue_depth.svg.
void write_plots(const nlohmann::ordered_json& report, const std::string& directory) {
  namespace svg = report::svg;
  std::filesystem::create_directories(directory);
  const auto write = [&](const std::string& name, const std::string& text) {
    io::write_file_atomically((std::filesystem::path(directory) / name).string(), text + "\n");
  };
  std::vector<svg::Bar> energy;
  for (const auto& [category, uj] : report["energy"]["per_frame_uj_by_category"].items()) {
    energy.push_back({category, uj.get<double>()});
  }
  std::stable_sort(energy.begin(), energy.end(),
                   [](const svg::Bar& a, const svg::Bar& b) { return a.value > b.value; });
  write("energy_by_category.svg", svg::bar_chart("Energy per frame by category", energy, "%.3f", " uJ"));
  std::vector<svg::Bar> cycles;
  for (const auto& layer : report["layers"]) {
    cycles.push_back({layer["name"].get<std::string>() + " (" + layer["op_type"].get<std::string>() + ")",
                      static_cast<double>(layer["cycles_per_frame"].get<std::uint64_t>())});
  }
  write("layer_cycles.svg", svg::bar_chart("Cycles per frame of each layer (the slowest bounds the frame rate)", cycles,
                                           "%.0f", " cycles"));
  std::vector<svg::Point> depth;
  for (const auto& sample : report["streaming"]["queue_depth_at_arrival"]) {
    depth.push_back(
        {sample["arrival_ns"].get<double>() / 1e3, static_cast<double>(sample["queue_depth"].get<std::uint64_t>())});
  }
  write("queue_depth.svg", svg::line_chart("Input queue depth when each frame arrives", depth, "frames waiting", {}, "",
                                           "arrival time (us)", "frames in the queue"));
}

/// The saturated throughput of the same model and config, measured in a child process (one SystemC
/// kernel per process).
double measure_max_rate(const MapOptions& options) {
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("spinaps-map-saturated-" + std::to_string(::getpid()) + ".json");
  std::vector<std::string> arguments = {
      "map",   options.input.model, "--config", options.config_file, "--frames", std::to_string(options.input.frames),
      "--out", scratch.string(),    "--quiet"};
  for (const std::string& assignment : options.overrides) {
    arguments.emplace_back("-p");
    arguments.push_back(assignment);
  }
  if (!options.input.frames_file.empty()) {
    arguments.emplace_back("--frames-file");
    arguments.push_back(options.input.frames_file);
  } else {
    arguments.emplace_back("--ptycho-config");
    arguments.push_back(options.input.ptycho_config);
  }
  std::string output;
  const int code = run_self(arguments, output);
  if (code != 0) throw std::runtime_error("the saturated run for the maximum sustained rate failed: " + output);
  std::ifstream stream(scratch);
  std::stringstream text;
  text << stream.rdbuf();
  const nlohmann::json report = nlohmann::json::parse(text.str());
  std::filesystem::remove(scratch);
  return report.at("frames_per_s").get<double>();
}

int run_map(const MapOptions& options) {
  const cnn_accel::AcceleratorConfig config =
      cnn_accel::load_accelerator_config(options.config_file, options.overrides);
  const cnn::Graph graph = load_cnn_model(options.input, config.seed);
  const std::vector<cnn::LayerSummary> layers = cnn::summarise_layers(graph);
  report::MapInputs inputs;
  const CnnFrames fed = make_cnn_frames(options.input, graph, config.mapping.calibration_frames);
  const std::vector<cnn::TensorMap>& frames = fed.frames;
  const std::vector<cnn::TensorMap>& calibration = fed.calibration;
  inputs.frames_description = fed.description;
  inputs.labels = fed.labels;
  inputs.model = options.input.model;
  inputs.config_file = options.config_file;
  inputs.overrides = options.overrides;
  inputs.stream_rate_hz = options.stream_rate_hz;
  if (options.stream_rate_hz > 0.0 && options.find_max_rate) inputs.max_sustained_rate_hz = measure_max_rate(options);

  io::ProgressLine progress_line("frames", !options.quiet && io::progress_wanted());
  cnn_accel::SimulationOptions simulation;
  simulation.stream_rate_hz = options.stream_rate_hz;
  simulation.check_golden = options.check_golden;
  simulation.progress = [&progress_line](std::uint64_t done, std::uint64_t total) {
    progress_line.update(done, total);
  };
  const cnn_accel::AcceleratorResult result =
      cnn_accel::simulate_accelerator(config, graph, frames, calibration, simulation);
  progress_line.finish();

  std::vector<cnn::TensorMap> references;
  references.reserve(frames.size());
  for (const cnn::TensorMap& frame : frames) references.push_back(cnn::run_reference(graph, frame));
  std::vector<cnn::TensorMap> outputs;
  for (const auto& [frame, values] : result.outputs) outputs.push_back(values);
  const std::vector<report::OutputFidelity> fidelity = report::measure_fidelity(outputs, references);
  const nlohmann::ordered_json document =
      report::map_report_json(config, graph, layers, result, fidelity, references, inputs);
  if (!options.out_file.empty()) io::write_file_atomically(options.out_file, document.dump(2) + "\n");
  if (!options.plot_dir.empty()) write_plots(document, options.plot_dir);
  if (!options.quiet) {
    std::printf("%s", report::format_map_report(document).c_str());
    std::printf("  simulated %.1f us in %.2f s wall time\n", document["simulated_time_ns"].get<double>() / 1e3,
                result.wall_seconds);
    if (!options.out_file.empty()) std::printf("  written to %s\n", options.out_file.c_str());
    if (!options.plot_dir.empty()) std::printf("  plots in %s\n", options.plot_dir.c_str());
  }
  if (result.golden.ran && !(result.golden.outputs_identical && result.golden.counts_identical)) {
    std::fprintf(stderr, "spinaps: error: the cycle-level model and the functional golden model disagree: %s\n",
                 result.golden.first_difference.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void register_map_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MapOptions>();
  CLI::App* command = app.add_subcommand(
      "map", "map a CNN onto memristive tiles and simulate ptychography frames through it cycle by cycle");
  command
      ->add_option(
          "MODEL", options->input.model,
          std::string("ONNX model file, or '") + kOriginalPtychoNN + "' for the built-in original two-branch PtychoNN")
      ->required();
  command->add_option("--config", options->config_file,
                      "accelerator configuration (default configs/ptychonn_edge.json)");
  command->add_option("-p,--param", options->overrides, "override a configuration key: key.path=value (repeatable)");
  command->add_option("--frames", options->input.frames, "frames to stream (default 16)")->check(CLI::Range(1, 100000));
  command->add_option("--frames-file", options->input.frames_file,
                      "frames written by `spinaps ptycho --out` instead of generating them");
  command->add_option("--ptycho-config", options->input.ptycho_config,
                      "ptychography data config for generated frames (default configs/ptycho/ptycho_data.json)");
  command
      ->add_option("--stream-rate", options->stream_rate_hz,
                   "detector frame rate in Hz (0: all frames queued at once, the saturated throughput)")
      ->check(CLI::Range(0.0, 1e9));
  command->add_flag("!--no-max-rate", options->find_max_rate,
                    "with --stream-rate, skip the saturated run that measures the highest sustainable rate");
  command->add_flag("--check-golden", options->check_golden,
                    "also run the functional golden model and fail unless outputs and counts agree exactly");
  command->add_option("--out", options->out_file,
                      "write the JSON report (schema reports/schema/map-report.schema.json)");
  command->add_option("--plot-dir", options->plot_dir,
                      "write energy_by_category.svg, layer_cycles.svg and queue_depth.svg here");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    exit_code = guarded([&]() {
      if (options->config_file.empty()) options->config_file = io::data_path("configs/ptychonn_edge.json");
      resolve_default_inputs(options->input);
      return run_map(*options);
    });
  });
}

}  // namespace spinaps::cli
