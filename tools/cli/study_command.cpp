// spinaps study mlp: the device-aware network study (docs/device_study.md). A 784-256-128-10 MLP
// trained on the digits in floating point is compared with the same network on memristive
// differential pairs at every point of levels x dynamic range x variability, either programmed
// from the float weights (--mode program) or trained with the devices in the loop (--mode insitu);
// optionally on noise-corrupted test digits. Prints a table, writes JSON (--out), one SVG figure per
// swept parameter (--plot-dir, matplotlib through report::figures) and the trained network as ONNX (--export-onnx).
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/io/atomic_file.h"
#include "models/io/progress_line.h"
#include "models/memristor/device_model.h"
#include "tools/cli/commands.h"
#include "tools/report/figures.h"
#include "tools/report/study_report.h"
#include "tools/report/svg_plot.h"
#include "workloads/mlp/onnx_export.h"
#include "workloads/mlp/study.h"

namespace spinaps::cli {
namespace {

struct StudyCommandOptions {
  std::string workload;
  std::string mode = "program";
  std::vector<std::uint32_t> levels = {32};
  std::vector<double> dynamic_ranges = {15.0};
  std::vector<double> sigmas;
  std::vector<std::uint32_t> hidden = {256, 128};
  std::uint32_t epochs = 5;
  double float_learning_rate = 1e-3;
  std::uint32_t batch_size = 32;
  double insitu_learning_rate = 0.01;
  std::uint32_t bit_length = 16;
  double weight_range = 2.0;
  std::uint32_t refresh_interval = 500;
  std::size_t train_samples = 0;
  std::size_t test_samples = 0;
  std::uint64_t seed = 1;
  std::vector<std::string> noise;
  std::string device = "rram_neurram_wan2022";
  std::string devices_file;  ///< default: memristor::default_devices_file()
  std::string out_file;
  std::string plot_dir;
  std::string export_onnx;
  std::string export_weights = "float";
  bool quiet = false;
};

std::string percent(double fraction) { return report::svg::format_number("%.2f", 100.0 * fraction); }

int run_study_command(const StudyCommandOptions& command) {
  if (command.workload != "mlp") {
    throw std::invalid_argument("study: unknown workload '" + command.workload + "'; expected 'mlp'");
  }
  if (!command.plot_dir.empty()) report::figures::require_plotting();  // before the training, not after
  mlp::StudyOptions options;
  options.mode = command.mode == "insitu" ? mlp::TrainingMode::kInsitu : mlp::TrainingMode::kProgram;
  options.device = memristor::load_device(command.devices_file, command.device);
  options.levels = command.levels;
  options.dynamic_ranges = command.dynamic_ranges;
  options.sigmas = command.sigmas;
  options.hidden = command.hidden;
  for (const std::uint32_t width : options.hidden) {
    if (width == 0) throw std::invalid_argument("study: --hidden has a layer of width 0; expected widths >= 1");
  }
  options.float_training.epochs = command.epochs;
  options.float_training.learning_rate = command.float_learning_rate;
  options.float_training.batch_size = command.batch_size;
  options.insitu.epochs = command.epochs;
  options.insitu.learning_rate = command.insitu_learning_rate;
  options.insitu.bit_length = command.bit_length;
  options.insitu.weight_range = command.weight_range;
  options.insitu.refresh_interval = command.refresh_interval;
  options.train_samples = command.train_samples;
  options.test_samples = command.test_samples;
  options.seed = command.seed;
  for (const std::string& text : command.noise) mlp::parse_noise(text, "--noise", options.noise);

  const data::DatasetSplits data = data::load_bundled_mnist();
  io::ProgressLine progress(
      options.mode == mlp::TrainingMode::kInsitu ? "training samples (float, then in situ)" : "training samples",
      !command.quiet && io::progress_wanted());
  const mlp::StudyResult result =
      mlp::run_study(data, options, [&](std::size_t done, std::size_t total) { progress.update(done, total); });
  progress.finish();
  const nlohmann::ordered_json document = report::study_report(result, options);
  const std::vector<mlp::SweepMeans> sweeps = mlp::sweep_means(result, options);

  if (!command.plot_dir.empty()) {
    std::vector<report::figures::LineFigure> figures;
    for (const mlp::SweepMeans& sweep : sweeps) {
      report::figures::Series devices{"devices: mean over the other parameters", {}};
      report::figures::Series reference{"floating point", {}, true};
      for (std::size_t n = 0; n < sweep.values.size(); ++n) {
        devices.points.emplace_back(sweep.values[n], 100.0 * sweep.mean_accuracy[n]);
        reference.points.emplace_back(sweep.values[n], 100.0 * result.float_accuracy);
      }
      figures.push_back({"study_" + sweep.parameter,
                         "MLP test accuracy (" + mlp::to_string(options.mode) + ") against " + sweep.label,
                         sweep.label,
                         {{"test accuracy (%)", {devices, reference}}}});
    }
    report::figures::write_figures(command.plot_dir, figures);
  }
  if (!command.export_onnx.empty()) {
    const bool device_weights = command.export_weights == "device";
    const std::string description =
        device_weights ? "spinaps study mlp: weights read back (noise-free) from the devices of the first point"
                       : "spinaps study mlp: the floating-point network";
    mlp::export_onnx(device_weights ? result.first_point_network : result.float_network, command.export_onnx,
                     description);
  }
  if (!command.out_file.empty()) io::write_file_atomically(command.out_file, document.dump(2) + "\n");
  if (command.quiet) return kExitOk;

  std::printf(
      "spinaps study mlp: %s mode, %s, device %s (Gmax %s uS)\n", mlp::to_string(options.mode).c_str(),
      [&] {
        std::string layers;
        for (const std::uint32_t width : result.sizes) {
          layers += (layers.empty() ? "" : "-") + std::to_string(width);
        }
        return layers;
      }()
          .c_str(),
      options.device.name.c_str(), report::svg::format_number("%g", options.device.g_max_us).c_str());
  std::printf("  %zu training, %zu test digits; seed %llu; float accuracy %s %%\n", result.train_samples,
              result.test_samples, static_cast<unsigned long long>(options.seed),
              percent(result.float_accuracy).c_str());
  std::printf("  %7s %8s %8s %9s %10s %10s %8s", "levels", "Gmax/Gmin", "Gmin uS", "sigma/step", "accuracy %",
              "float %", "loss");
  for (const mlp::NoiseResult& noise : result.float_noise) {
    std::printf(" %18s", (mlp::to_string(noise.noise.kind) + ":" + report::svg::format_number("%g", noise.noise.level) +
                          " dev/flt")
                             .c_str());
  }
  std::printf("\n");
  for (const nlohmann::ordered_json& point : document["points"]) {
    const std::string range = point["dynamic_range"].is_null()
                                  ? std::string("inf")
                                  : report::svg::format_number("%g", point["dynamic_range"].get<double>());
    std::printf("  %7u %8s %8.3f %9.3f %10s %10s %8s", point["levels"].get<unsigned>(), range.c_str(),
                point["g_min_us"].get<double>(), point["sigma_levels"].get<double>(),
                percent(point["accuracy"].get<double>()).c_str(),
                percent(point["float_accuracy"].get<double>()).c_str(),
                percent(point["accuracy_loss"].get<double>()).c_str());
    for (const nlohmann::ordered_json& noise : point["noise"]) {
      std::printf(
          " %18s",
          (percent(noise["accuracy"].get<double>()) + " / " + percent(noise["float_accuracy"].get<double>())).c_str());
    }
    std::printf("\n");
  }
  for (const mlp::SweepMeans& sweep : sweeps) {
    std::printf("  mean accuracy against %s:", sweep.parameter.c_str());
    for (std::size_t n = 0; n < sweep.values.size(); ++n) {
      std::printf(" %s: %s %%", report::svg::format_number("%g", sweep.values[n]).c_str(),
                  percent(sweep.mean_accuracy[n]).c_str());
    }
    std::printf("\n");
  }
  if (!command.out_file.empty()) std::printf("  written to %s\n", command.out_file.c_str());
  if (!command.plot_dir.empty()) std::printf("  plots in %s\n", command.plot_dir.c_str());
  if (!command.export_onnx.empty()) {
    std::printf("  ONNX (%s weights) in %s\n", command.export_weights == "device" ? "device read-back" : "float",
                command.export_onnx.c_str());
  }
  return kExitOk;
}

}  // namespace

void register_study_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StudyCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "study", "device-aware network study: an MLP on memristive pairs against levels, dynamic range, variability");
  command->add_option("WORKLOAD", options->workload, "the network to study: mlp (784-256-128-10 on the digits)")
      ->required();
  command
      ->add_option("--mode", options->mode,
                   "program: train in float, then program the devices; insitu: train "
                   "with the devices in the loop (default program)")
      ->check(CLI::IsMember({"program", "insitu"}));
  command->add_option("--levels", options->levels, "conductance levels per device, comma separated (default 32)")
      ->delimiter(',')
      ->check(CLI::Range(2, 65536));
  command
      ->add_option("--dynamic-range", options->dynamic_ranges,
                   "Gmax/Gmin, comma separated (default 15; 0 keeps the device file's Gmin)")
      ->delimiter(',');
  command
      ->add_option("--sigma", options->sigmas,
                   "programming and update variability in level steps, comma separated (default: the device "
                   "file's absolute sigma)")
      ->delimiter(',');
  command->add_option("--hidden", options->hidden, "hidden layer widths (default 256,128)")->delimiter(',');
  command->add_option("--epochs", options->epochs, "training epochs, float and in situ (default 5)")
      ->check(CLI::Range(1, 1000));
  command->add_option("--learning-rate", options->float_learning_rate, "Adam step size of the float training (1e-3)")
      ->check(CLI::PositiveNumber);
  command->add_option("--batch-size", options->batch_size, "minibatch of the float training (default 32)")
      ->check(CLI::Range(1, 65536));
  command->add_option("--insitu-learning-rate", options->insitu_learning_rate, "in-situ eta (default 0.01)")
      ->check(CLI::PositiveNumber);
  command->add_option("--bit-length", options->bit_length, "in-situ stochastic stream bits (default 16)")
      ->check(CLI::Range(1, 64));
  command
      ->add_option("--weight-range", options->weight_range,
                   "in-situ w_max in He-uniform bounds sqrt(6/fan_in) (default 2)")
      ->check(CLI::PositiveNumber);
  command->add_option("--refresh-interval", options->refresh_interval,
                      "in-situ samples between refreshes (default 500; 0 never)");
  command->add_option("--train-samples", options->train_samples, "first N training digits (default all 7,996)");
  command->add_option("--test-samples", options->test_samples, "first N test digits (default all 2,004)");
  command->add_option("--seed", options->seed, "seed of every draw (default 1)");
  command->add_option("--noise", options->noise,
                      "also test on corrupted digits: gaussian:SIGMA[,SIGMA..] or salt_pepper:P[,P..] (repeatable)");
  command->add_option("--device", options->device,
                      "device of models/memristor/devices.json (default "
                      "rram_neurram_wan2022): Gmax and its source");
  command->add_option("--devices-file", options->devices_file, "devices file (default models/memristor/devices.json)");
  command->add_option("--out", options->out_file, "write the study as JSON");
  command->add_option("--plot-dir", options->plot_dir, "write study_<parameter>.svg per swept parameter here");
  command->add_option("--export-onnx", options->export_onnx, "write the trained network as ONNX");
  command
      ->add_option("--export-weights", options->export_weights,
                   "weights to export: float (default) or device (read back from the first point)")
      ->check(CLI::IsMember({"float", "device"}));
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    exit_code = guarded([&]() {
      if (options->devices_file.empty()) options->devices_file = memristor::default_devices_file();
      return run_study_command(*options);
    });
  });
}

}  // namespace spinaps::cli
