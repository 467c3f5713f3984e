// spinaps bench CONFIG: wall-clock speed of the cycle-accurate model against the golden model on
// the same images (a benchmark command, not a timed test). A memristive_cnn configuration is timed
// in frames/s: the cycle-level simulation of --frames frames (the SystemC run of `spinaps run`,
// the figure the CNN speed target counts) against the functional golden model on the same frames,
// with the setup (programming and calibrating the tiles) apart; the two must agree bit for bit.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "hw/chip/simulation.h"
#include "hw/cnn_accel/accelerator_simulation.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/common/accelerator_kind.h"
#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/report/golden_check.h"
#include "workloads/cnn/cnn_workload.h"
#include "workloads/snn/golden_model.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {
namespace {

struct BenchOptions {
  CommonOptions common;
  std::uint32_t samples = 1000;
  std::uint32_t frames = 4;
  std::uint32_t repeats = 3;
  std::string out_file;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int bench_cnn(const BenchOptions& options) {
  std::vector<std::string> overrides = options.common.overrides;
  overrides.push_back("workload.frames=" + std::to_string(options.frames));
  overrides.emplace_back("workload.stream_rate_hz=0");  // every frame queued at once: the simulator's pace
  const cnn_accel::AcceleratorConfig config = cnn_accel::load_accelerator_config(options.common.config_file, overrides);
  const cnn::Graph graph = cnn::load_cnn_model(config.workload, config.seed);
  const cnn::CnnFrames fed = cnn::make_cnn_frames(config.workload, graph, config.mapping.calibration_frames);
  const std::size_t frames = fed.frames.size();

  // Golden model: the tiles programmed and calibrated once (timed apart), then best of `repeats`.
  auto start = std::chrono::steady_clock::now();
  const cnn_accel::AcceleratorPlan plan = cnn_accel::plan_accelerator(
      graph, config, cnn_accel::unit_timing(cnn_accel::build_accelerator_technology(config).tiles));
  const cnn_accel::TileNetwork network(graph, config, plan, fed.calibration);
  const double setup_seconds = seconds_since(start);
  double golden_seconds = 1e300;
  for (std::uint32_t repeat = 0; repeat < options.repeats; ++repeat) {
    std::vector<cnn_accel::UnitCounts> counts;
    start = std::chrono::steady_clock::now();
    for (std::size_t frame = 0; frame < frames; ++frame) (void)network.run_functional(frame, fed.frames[frame], counts);
    golden_seconds = std::min(golden_seconds, seconds_since(start));
  }
  // Cycle-level model: one SystemC kernel per process, so one timed run (the SystemC run alone:
  // its own setup and the golden check that follows are not timed).
  cnn_accel::SimulationOptions simulation;
  simulation.check_golden = true;
  const cnn_accel::AcceleratorResult result =
      cnn_accel::simulate_accelerator(config, graph, fed.frames, fed.calibration, simulation);
  const double cycle_seconds = result.run.wall_seconds;
  const bool agree = result.golden.outputs_identical && result.golden.counts_identical;
  const auto cycles = static_cast<double>(result.run.simulated_cycles);

  nlohmann::ordered_json out;
  out["config"] = config.name;
  out["frames"] = frames;
  out["setup_seconds"] = setup_seconds;
  out["golden"] = {{"wall_seconds", golden_seconds}, {"frames_per_second", frames / golden_seconds}};
  out["cycle_accurate"] = {{"wall_seconds", cycle_seconds},
                           {"frames_per_second", frames / cycle_seconds},
                           {"simulated_cycles", result.run.simulated_cycles},
                           {"cycles_per_second", cycles / cycle_seconds}};
  out["slowdown_vs_golden"] = cycle_seconds / golden_seconds;
  out["golden_agrees"] = agree;

  std::printf("spinaps bench: %s, %zu frames (golden: best of %u runs)\n", config.name.c_str(), frames,
              options.repeats);
  std::printf("  %-16s %12s %14s %18s\n", "model", "wall s", "frames/s", "sim cycles/s");
  std::printf("  %-16s %12.4f %14.2f %18s\n", "golden", golden_seconds, frames / golden_seconds, "-");
  std::printf("  %-16s %12.4f %14.2f %18.3e\n", "cycle-accurate", cycle_seconds, frames / cycle_seconds,
              cycles / cycle_seconds);
  std::printf("  setup (programming and calibrating the tiles, not in either figure): %.4f s\n", setup_seconds);
  std::printf("  cycle-accurate / golden wall time: %.2fx; golden model %s\n", cycle_seconds / golden_seconds,
              agree ? "agrees bit for bit" : ("disagrees: " + result.golden.first_difference).c_str());
  if (!options.out_file.empty()) io::write_file_atomically(options.out_file, out.dump(2) + "\n");
  return agree ? kExitOk : kExitFailure;
}

int bench(const BenchOptions& options) {
  if (hw::accelerator_of(config::read_json_file(options.common.config_file), options.common.config_file) ==
      hw::AcceleratorKind::kMemristiveCnn) {
    return bench_cnn(options);
  }
  const chip::ChipConfig config = load_config(options.common);
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits splits = snn::load_snn_dataset(config.workload, config.file);
  const data::ImageDataset& dataset = splits.test;
  const std::size_t samples = std::min<std::size_t>(options.samples, dataset.size());

  // Golden model: best of `repeats` runs over the same images.
  const snn::GoldenModel golden(network, config.seed);
  double golden_seconds = 1e300;
  std::uint64_t checksum = 0;
  for (std::uint32_t repeat = 0; repeat < options.repeats; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t n = 0; n < samples; ++n) {
      checksum += golden.infer(dataset.image(n), n).decision;
    }
    golden_seconds =
        std::min(golden_seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  // Cycle-accurate model: one SystemC kernel per process, so one timed run.
  const chip::SimulationResult simulation = chip::simulate(config, network, dataset, samples, nullptr);
  const auto differences = report::compare_with_golden(network, config.seed, dataset, simulation.inferences);

  const double cycle_seconds = simulation.run.wall_seconds;
  nlohmann::ordered_json result;
  result["config"] = config.name;
  result["samples"] = samples;
  result["golden"] = {{"wall_seconds", golden_seconds}, {"images_per_second", samples / golden_seconds}};
  result["cycle_accurate"] = {
      {"wall_seconds", cycle_seconds},
      {"images_per_second", samples / cycle_seconds},
      {"simulated_cycles", simulation.run.simulated_cycles},
      {"cycles_per_second", static_cast<double>(simulation.run.simulated_cycles) / cycle_seconds},
      {"scheduler_activations", simulation.scheduler.activations},
      {"ticked_cycles", simulation.scheduler.ticked_cycles},
      {"idle_skipping", config.simulation.idle_skipping}};
  result["slowdown_vs_golden"] = cycle_seconds / golden_seconds;
  result["golden_mismatches"] = differences.size();

  std::printf("spinaps bench: %s, %zu test images (golden: best of %u runs)\n", config.name.c_str(), samples,
              options.repeats);
  std::printf("  %-16s %12s %14s %18s\n", "model", "wall s", "images/s", "sim cycles/s");
  std::printf("  %-16s %12.4f %14.1f %18s\n", "golden", golden_seconds, samples / golden_seconds, "-");
  std::printf("  %-16s %12.4f %14.1f %18.3e\n", "cycle-accurate", cycle_seconds, samples / cycle_seconds,
              static_cast<double>(simulation.run.simulated_cycles) / cycle_seconds);
  std::printf(
      "  cycle-accurate / golden wall time: %.2fx   (targets, docs/performance.md: the default chip within 4x, "
      "every bundled chip within 5x)\n",
      cycle_seconds / golden_seconds);
  std::printf(
      "  %llu simulated cycles, %llu ticked, %llu SystemC activations; golden mismatches: %zu (checksum %llu)\n",
      static_cast<unsigned long long>(simulation.run.simulated_cycles),
      static_cast<unsigned long long>(simulation.scheduler.ticked_cycles),
      static_cast<unsigned long long>(simulation.scheduler.activations), differences.size(),
      static_cast<unsigned long long>(checksum));
  if (!options.out_file.empty()) {
    io::write_file_atomically(options.out_file, result.dump(2) + "\n");
  }
  return differences.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void register_bench_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command =
      app.add_subcommand("bench", "images/s (frames/s) and simulated cycles/s of the cycle-accurate and golden models");
  add_common_options(*command, options->common);
  command->add_option("--samples", options->samples, "spinaps: test images to run (default 1000)");
  command->add_option("--frames", options->frames, "memristive_cnn: frames to stream (default 4)");
  command->add_option("--repeats", options->repeats, "golden-model repetitions; the fastest counts (default 3)");
  command->add_option("--out", options->out_file, "write the figures as JSON");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return bench(*options); }); });
}

}  // namespace spinaps::cli
