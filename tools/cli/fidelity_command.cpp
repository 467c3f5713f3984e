// spinaps fidelity: how the reconstruction fidelity of a CNN on memristive tiles moves with the
// device and tile parameters. Each swept parameter is varied alone around the configuration (one at
// a time); every point reprograms the tiles from the seed and runs the functional model (the numbers
// the cycle-level model reproduces exactly) on the same frames, and is compared with the float
// reference. Prints a table, writes JSON (--out) and one SVG figure per parameter (--plot-dir, drawn by
// matplotlib through report::figures).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_actions.h"
#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "models/io/progress_line.h"
#include "tools/cli/commands.h"
#include "tools/report/cnn_report.h"
#include "tools/report/figures.h"
#include "tools/report/provenance.h"
#include "workloads/cnn/cnn_workload.h"

namespace spinaps::cli {
namespace {

using Json = nlohmann::ordered_json;

struct SweptParameter {
  std::string option;  ///< command-line option without dashes
  std::string key;     ///< config key the value overrides
  std::string label;   ///< axis label
  std::vector<double> values;
  std::vector<std::string> companions = {};  ///< overrides every point of this parameter also needs
};

struct FidelityOptions {
  std::string model;
  std::uint64_t frames = 4;
  std::string frames_file;
  std::string ptycho_config;
  std::string config_file;  ///< default: configs/ptychonn_edge.json under the data root
  std::vector<std::string> overrides;
  std::vector<SweptParameter> parameters = {
      {"levels", "device.levels", "conductance levels per device", {}},
      {"dynamic-range", "device.dynamic_range", "dynamic range Gmax/Gmin", {}},
      {"sigma", "device.programming_sigma_levels", "programming sigma (level steps)", {}},
      {"adc-bits", "tile.adc_bits", "ADC resolution (bits)", {}},
      {"adc-full-scale",
       "tile.adc_full_scale_fraction",
       "ADC full scale (fraction of the largest signal)",
       {},
       {"tile.adc_range=\"full_scale\""}},
      {"adc-percentile", "tile.adc_calibration_percentile", "calibrated ADC range (percentile of |signal|)", {}},
      {"devices-per-slice", "tile.devices_per_slice", "devices per weight slice (currents add)", {}},
      {"read-noise", "device.read_noise_sigma_relative", "read noise sigma (relative)", {}},
      {"stuck-gmin-rate", "device.stuck_at_gmin_rate", "devices stuck at Gmin (fraction)", {}},
      {"stuck-gmax-rate", "device.stuck_at_gmax_rate", "devices stuck at Gmax (fraction)", {}},
      {"read-time-s", "tile.read_time_s", "time since programming (s)", {}},
  };
  std::string out_file;
  std::string plot_dir;
  bool quiet = false;
};

std::string format_value(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

/// One design point: the tiles programmed for `overrides`, the frames through the functional model.
Json evaluate(const FidelityOptions& options, const std::vector<std::string>& overrides, const cnn::Graph& graph,
              const std::vector<cnn::TensorMap>& frames, const std::vector<cnn::TensorMap>& calibration,
              const std::vector<cnn::TensorMap>& references) {
  const cnn_accel::AcceleratorConfig config = cnn_accel::load_accelerator_config(options.config_file, overrides);
  const memristor::TileTechnology technology =
      memristor::build_tile_technology(cnn_accel::tile_technology_inputs(config));
  const cnn_accel::AcceleratorPlan plan =
      cnn_accel::plan_accelerator(graph, config, cnn_accel::unit_timing(technology));
  const cnn_accel::TileNetwork network(graph, config, plan, calibration);
  std::vector<cnn::TensorMap> outputs;
  std::vector<cnn_accel::UnitCounts> counts;
  for (std::size_t frame = 0; frame < frames.size(); ++frame) {
    outputs.push_back(network.run_functional(frame, frames[frame], counts));
  }
  const std::vector<report::OutputFidelity> fidelity = report::measure_fidelity(outputs, references);
  Json point;
  double worst_rel = 0.0;
  double worst_psnr = 1e300;
  Json per_output = Json::array();
  for (const report::OutputFidelity& entry : fidelity) {
    worst_rel = std::max(worst_rel, entry.rel_error);
    worst_psnr = std::min(worst_psnr, entry.psnr_db);
    per_output.push_back({{"output", entry.output},
                          {"rel_error", entry.rel_error},
                          {"psnr_db", entry.psnr_db},
                          {"ssim", std::isfinite(entry.ssim) ? Json(entry.ssim) : Json()}});
  }
  point["rel_error"] = worst_rel;
  point["psnr_db"] = worst_psnr;
  point["ssim"] = fidelity.empty() || !std::isfinite(fidelity.front().ssim) ? Json() : Json(fidelity.front().ssim);
  point["outputs"] = per_output;
  std::uint64_t clipped = 0, conversions = 0;
  for (const cnn_accel::UnitCounts& unit : counts) {
    clipped += unit.adc_clipped_conversions;
    conversions += unit.actions.get(memristor::kActionAdcConversion);
  }
  point["adc_clipped_fraction"] =
      conversions > 0 ? static_cast<double>(clipped) / static_cast<double>(conversions) : 0.0;
  const cnn_accel::DeviceFaultCounts faults = network.fault_counts();
  point["devices"] = faults.devices;
  point["stuck_at_gmin_devices"] = faults.stuck_at_gmin;
  point["stuck_at_gmax_devices"] = faults.stuck_at_gmax;
  point["tiles_used"] = plan.tiles_used;
  return point;
}

/// fidelity_<parameter>.svg for every swept parameter: PSNR (worst output) and, when the model has
/// one, SSIM (first output) against the parameter's values, the default design as a dashed line.
std::vector<report::figures::LineFigure> fidelity_figures(const FidelityOptions& options, const Json& document) {
  namespace figures = report::figures;
  std::vector<figures::LineFigure> result;
  const Json& baseline = document["baseline"];
  for (const Json& sweep : document["sweeps"]) {
    const std::string name = sweep["parameter"].get<std::string>();
    const auto parameter = std::find_if(options.parameters.begin(), options.parameters.end(),
                                        [&](const SweptParameter& p) { return p.option == name; });
    const auto panel = [&](const char* key, const std::string& y_label, const std::string& series_label) {
      figures::Panel drawn{y_label, {{series_label, {}}, {"default design", {}, true}}};
      for (const Json& point : sweep["points"]) {
        if (point.contains("error") || point[key].is_null()) continue;
        drawn.series[0].points.emplace_back(point["value"].get<double>(), point[key].get<double>());
      }
      if (!drawn.series[0].points.empty() && !baseline[key].is_null()) {
        for (const double x : {drawn.series[0].points.front().first, drawn.series[0].points.back().first}) {
          drawn.series[1].points.emplace_back(x, baseline[key].get<double>());
        }
      }
      return drawn;
    };
    figures::LineFigure figure{"fidelity_" + name,
                               "Reconstruction fidelity against " + parameter->label,
                               parameter->label,
                               {panel("psnr_db", "PSNR vs float reference (dB)", "tiles (worst output)")}};
    if (!baseline["ssim"].is_null()) {
      figure.panels.push_back(panel("ssim", "SSIM vs float reference (1 = identical)", "tiles (first output)"));
    }
    result.push_back(figure);
  }
  return result;
}

/// The workload given on the command line, as overrides placed before the user's -p.
void set_workload(FidelityOptions& options) {
  const auto absolute = [](const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
  };
  std::vector<std::string> workload = {
      "workload.model=" + (options.model == cnn::kOriginalPtychoNN ? options.model : absolute(options.model)),
      "workload.frames=" + std::to_string(options.frames)};
  if (!options.frames_file.empty()) workload.push_back("workload.frames_file=" + absolute(options.frames_file));
  if (!options.ptycho_config.empty()) workload.push_back("workload.ptycho_config=" + absolute(options.ptycho_config));
  options.overrides.insert(options.overrides.begin(), workload.begin(), workload.end());
}

int run_fidelity(FidelityOptions& options) {
  if (!options.plot_dir.empty()) report::figures::require_plotting();  // before the long run, not after
  set_workload(options);
  const cnn_accel::AcceleratorConfig base = cnn_accel::load_accelerator_config(options.config_file, options.overrides);
  const cnn::Graph graph = cnn::load_cnn_model(base.workload, base.seed);
  const cnn::CnnFrames fed = cnn::make_cnn_frames(base.workload, graph, base.mapping.calibration_frames);
  const std::vector<cnn::TensorMap>& frames = fed.frames;
  const std::vector<cnn::TensorMap>& calibration = fed.calibration;
  const std::string& frames_description = fed.description;
  std::vector<cnn::TensorMap> references;
  references.reserve(frames.size());
  for (const cnn::TensorMap& frame : frames) references.push_back(cnn::run_reference(graph, frame));

  std::size_t total = 1;
  for (const SweptParameter& parameter : options.parameters) total += parameter.values.size();
  io::ProgressLine progress("design points", !options.quiet && io::progress_wanted());
  std::size_t done = 0;
  Json document;
  document["schema"] = "spinaps-fidelity-study";
  document["schema_version"] = 1;
  document["tool"] = report::tool_provenance();
  document["model"] = options.model;
  document["config"] = {{"file", options.config_file}, {"overrides", options.overrides}};
  document["frames"] = frames.size();
  document["frames_source"] = frames_description;
  document["method"] =
      "each parameter varied alone around the configuration; tiles reprogrammed from the seed at every point; "
      "functional model on the same frames against the float reference of the same weights";
  document["baseline"] = evaluate(options, options.overrides, graph, frames, calibration, references);
  progress.update(++done, total);
  Json sweeps = Json::array();
  for (const SweptParameter& parameter : options.parameters) {
    if (parameter.values.empty()) continue;
    Json sweep;
    sweep["parameter"] = parameter.option;
    sweep["key"] = parameter.key;
    Json points = Json::array();
    for (const double value : parameter.values) {
      std::vector<std::string> overrides = options.overrides;
      overrides.insert(overrides.end(), parameter.companions.begin(), parameter.companions.end());
      overrides.push_back(parameter.key + "=" + format_value(value));
      Json point = {{"value", value}};
      try {
        point.update(evaluate(options, overrides, graph, frames, calibration, references));
      } catch (const config::ConfigError& error) {
        // A point the configuration cannot hold (e.g. too few tiles for more slices) is a result.
        point["error"] = error.what();
      }
      points.push_back(point);
      progress.update(++done, total);
    }
    sweep["points"] = points;
    sweeps.push_back(sweep);
  }
  progress.finish();
  document["sweeps"] = sweeps;

  if (!options.plot_dir.empty()) report::figures::write_figures(options.plot_dir, fidelity_figures(options, document));
  if (!options.out_file.empty()) io::write_file_atomically(options.out_file, document.dump(2) + "\n");
  if (!options.quiet) {
    std::printf("spinaps fidelity: %s on %s, %zu frames\n", options.model.c_str(), options.config_file.c_str(),
                frames.size());
    std::printf("  %-18s %14s %12s %10s %8s %12s %10s\n", "parameter", "value", "rel. error", "PSNR dB", "SSIM",
                "ADC clipped", "stuck");
    const auto row = [](const std::string& name, const std::string& value, const Json& point) {
      std::printf("  %-18s %14s %12.4g %10.2f %8.4f %12.4f %10llu\n", name.c_str(), value.c_str(),
                  point["rel_error"].get<double>(), point["psnr_db"].get<double>(),
                  point["ssim"].is_null() ? std::nan("") : point["ssim"].get<double>(),
                  point["adc_clipped_fraction"].get<double>(),
                  static_cast<unsigned long long>(point["stuck_at_gmin_devices"].get<std::uint64_t>()) +
                      static_cast<unsigned long long>(point["stuck_at_gmax_devices"].get<std::uint64_t>()));
    };
    row("baseline", "-", document["baseline"]);
    for (const Json& sweep : document["sweeps"]) {
      for (const Json& point : sweep["points"]) {
        if (point.contains("error")) {
          std::printf("  %-18s %14s  not mapped: %s\n", sweep["parameter"].get<std::string>().c_str(),
                      format_value(point["value"].get<double>()).c_str(), point["error"].get<std::string>().c_str());
        } else {
          row(sweep["parameter"].get<std::string>(), format_value(point["value"].get<double>()), point);
        }
      }
    }
    if (!options.out_file.empty()) std::printf("  written to %s\n", options.out_file.c_str());
    if (!options.plot_dir.empty()) std::printf("  plots in %s\n", options.plot_dir.c_str());
  }
  return kExitOk;
}

}  // namespace

void register_fidelity_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FidelityOptions>();
  CLI::App* command = app.add_subcommand(
      "fidelity",
      "reconstruction fidelity of a CNN on memristive tiles against levels, range, variability, ADC bits, faults");
  command
      ->add_option(
          "MODEL", options->model,
          std::string("ONNX model file, or '") + cnn::kOriginalPtychoNN + "' for the built-in original PtychoNN")
      ->required();
  command->add_option("--config", options->config_file,
                      "accelerator configuration (default configs/ptychonn_edge.json)");
  command->add_option("-p,--param", options->overrides, "override a configuration key: key.path=value (repeatable)");
  command->add_option("--frames", options->frames, "frames to evaluate (default 4)")->check(CLI::Range(1, 100000));
  command->add_option("--frames-file", options->frames_file, "frames written by `spinaps ptycho --out`");
  command->add_option("--ptycho-config", options->ptycho_config, "ptychography data config for generated frames");
  for (SweptParameter& parameter : options->parameters) {
    command->add_option("--" + parameter.option, parameter.values, "values of " + parameter.key + " (comma separated)")
        ->delimiter(',');
  }
  command->add_option("--out", options->out_file, "write the study as JSON");
  command->add_option("--plot-dir", options->plot_dir, "write fidelity_<parameter>.svg plots here");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    exit_code = guarded([&]() {
      if (options->config_file.empty()) options->config_file = io::data_path("configs/ptychonn_edge.json");
      return run_fidelity(*options);
    });
  });
}

}  // namespace spinaps::cli
