// spinaps ptycho: simulated ptychography frames for the edge PtychoNN model. Builds the object,
// probe and scan of a configuration (configs/ptycho/ptycho_data.json unless --config), computes the first
// --frames diffraction patterns with Poisson noise, prepares them as the model expects and writes
// them with their ground-truth phases as NAME.json (header) + NAME.bin (float32), the format of
// workloads/ptycho/frame_file.h. docs/ptychography.md describes the model and the files.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/io/data_paths.h"
#include "tools/cli/commands.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/ptycho/frame_file.h"
#include "workloads/ptycho/ptycho_simulator.h"

namespace spinaps::cli {
namespace {

struct PtychoOptions {
  std::string config_file;  ///< default: configs/ptycho/ptycho_data.json under the data root
  std::vector<std::string> overrides;
  std::size_t frames = 0;  ///< 0: every scan position
  bool frames_given = false;
  std::string data_dir;  ///< IDX directory for object.image "mnist" (default: the bundled digits)
  std::string out_file;
  bool quiet = false;
  std::string command_line;
};

int run_ptycho(const PtychoOptions& options) {
  const ptycho::PtychoConfig config = ptycho::load_ptycho_config(options.config_file, options.overrides);
  std::optional<data::DatasetSplits> digits;
  if (config.object.image == ptycho::TestImageKind::kMnist) {
    digits = options.data_dir.empty() ? data::load_bundled_mnist() : data::load_idx_directory(options.data_dir);
  }
  ptycho::PtychoSimulator simulator(config, digits ? &digits->test : nullptr);
  const std::size_t count = options.frames_given ? options.frames : simulator.frame_count();
  if (count == 0 || count > simulator.frame_count()) {
    throw std::invalid_argument("--frames: " + std::to_string(count) + " is not allowed; expected 1 .. " +
                                std::to_string(simulator.frame_count()) + " (scan.points)");
  }
  std::vector<ptycho::PtychoFrame> frames;
  frames.reserve(count);
  double detected = 0.0;
  for (std::size_t n = 0; n < count; ++n) {
    frames.push_back(simulator.frame(n));
    detected += frames.back().detected_photons;
  }

  if (!options.quiet) {
    const ptycho::ScanSummary& scan = simulator.scan_summary();
    std::printf("spinaps ptycho: %s, %zu of %zu frames, seed %llu\n", config.name.c_str(), count,
                simulator.frame_count(), static_cast<unsigned long long>(config.seed));
    std::printf("  object %ux%u px (%s, amplitude >= %.3g, phase within +-%.3g rad), %.3g nm/px\n",
                simulator.object().rows, simulator.object().cols, ptycho::test_image_name(config.object.image).c_str(),
                config.object.amplitude_min, config.object.phase_max_rad, config.object_pixel_nm);
    std::printf(
        "  probe %s, FWHM %.3g px, %.4g incident photons/frame; detector %u px -> crop %u -> %ux%u (%s of %ux%u)\n",
        ptycho::probe_kind_name(config.probe.kind).c_str(), config.probe.width_px, config.photons_per_frame,
        config.detector_pixels, config.crop_pixels, config.output_pixels(), config.output_pixels(),
        ptycho::binning_reduction_name(config.binning_reduction).c_str(), config.binning, config.binning);
    std::printf(
        "  scan %s, step %.3g px, mean nearest neighbour %.3g px: linear overlap %.1f %%, area overlap %.1f %%\n",
        ptycho::scan_pattern_name(config.scan.pattern).c_str(), config.scan.step_px, scan.mean_nearest_neighbour_px,
        100.0 * scan.linear_overlap, 100.0 * scan.area_overlap);
    std::printf("  mean detected photons per frame %.6g (before the crop)\n", detected / static_cast<double>(count));
  }
  if (!options.out_file.empty()) {
    const std::string binary = ptycho::write_frame_file(options.out_file, simulator, frames, options.command_line);
    if (!options.quiet) std::printf("  written to %s and %s\n", options.out_file.c_str(), binary.c_str());
  }
  return kExitOk;
}

}  // namespace

void register_ptycho_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PtychoOptions>();
  CLI::App* command = app.add_subcommand(
      "ptycho", "simulated ptychography diffraction frames and ground-truth phases for the edge PtychoNN model");
  command->add_option("--config", options->config_file,
                      "data configuration (JSON), default configs/ptycho/ptycho_data.json");
  command->add_option("-p,--param", options->overrides, "override a configuration key: key.path=value (repeatable)");
  CLI::Option* frames =
      command->add_option("--frames", options->frames, "frames to make (default: every scan position)");
  command->add_option("--data", options->data_dir,
                      "IDX directory for object.image \"mnist\" (default: bundled digits)");
  command->add_option("--out", options->out_file, "write NAME.json (header) and NAME.bin (float32 frames)");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, frames, &exit_code]() {
    options->frames_given = frames->count() > 0;
    options->command_line = current_command_line();
    exit_code = guarded([&]() {
      if (options->config_file.empty()) options->config_file = io::data_path("configs/ptycho/ptycho_data.json");
      return run_ptycho(*options);
    });
  });
}

}  // namespace spinaps::cli
