// spinaps bench CONFIG: wall-clock speed of the cycle-accurate model against the golden model on
// the same images (a benchmark command, not a timed test).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "hw/chip/simulation.h"
#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/report/golden_check.h"
#include "workloads/snn/golden_model.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {
namespace {

struct BenchOptions {
  CommonOptions common;
  std::uint32_t samples = 1000;
  std::uint32_t repeats = 3;
  std::string out_file;
};

int bench(const BenchOptions& options) {
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
  std::printf("  cycle-accurate / golden wall time: %.2fx   (target: within 10x)\n", cycle_seconds / golden_seconds);
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
      app.add_subcommand("bench", "images/s and simulated cycles/s of the cycle-accurate and golden models");
  add_common_options(*command, options->common);
  command->add_option("--samples", options->samples, "test images to run (default 1000)");
  command->add_option("--repeats", options->repeats, "golden-model repetitions; the fastest counts (default 3)");
  command->add_option("--out", options->out_file, "write the figures as JSON");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return bench(*options); }); });
}

}  // namespace spinaps::cli
