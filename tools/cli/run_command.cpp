// spinaps run CONFIG: simulate the configured chip cycle by cycle on the workload and report.
#include <iostream>
#include <memory>

#include "hw/chip/simulation.h"
#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/cli/progress.h"
#include "tools/report/golden_check.h"
#include "tools/report/run_report.h"

namespace spinaps::cli {
namespace {

struct RunOptions {
  CommonOptions common;
  std::uint32_t samples = 0;  // 0: the configuration's workload.samples
  std::string out_file;
  bool check_golden = false;
  bool quiet = false;
  std::string command_line;
};

const data::ImageDataset& pick_split(const data::DatasetSplits& splits, const chip::ChipConfig& config) {
  return config.workload.split == "train" ? splits.train : splits.test;
}

int run(const RunOptions& options) {
  const chip::ChipConfig config = load_config(options.common);
  if (config.snn.weights_file.empty()) {
    throw config::ConfigError(config.file, "snn.weights", "is required to run: the trained weights file");
  }
  const snn::QuantisedNetwork network = snn::load_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits splits = load_dataset(config);
  const data::ImageDataset& dataset = pick_split(splits, config);
  if (dataset.pixels_per_image() != config.snn.inputs) {
    throw config::ConfigError(config.file, "snn.inputs",
                              "is " + std::to_string(config.snn.inputs) + " but the images of " + dataset.source +
                                  " have " + std::to_string(dataset.pixels_per_image()) + " pixels");
  }
  const std::size_t wanted = options.samples != 0 ? options.samples : config.workload.samples;
  const std::size_t samples = wanted == 0 ? dataset.size() : std::min<std::size_t>(wanted, dataset.size());

  ProgressLine progress("simulating inference", progress_wanted() && !options.quiet);
  chip::SimulationResult simulation =
      chip::simulate(config, network, dataset, samples,
                     [&progress](std::size_t done, std::size_t total) { progress.update(done, total); });
  progress.finish();

  report::OrderedJson run_report =
      report::build_run_report(config, simulation, splits.description, options.command_line);
  int exit_code = kExitOk;
  if (options.check_golden) {
    const auto differences = report::compare_with_golden(network, config.seed, dataset, simulation.inferences);
    run_report["golden_check"] = {{"inferences", simulation.inferences.size()}, {"mismatches", differences.size()}};
    for (std::size_t n = 0; n < differences.size() && n < 10; ++n) {
      std::cerr << "spinaps: golden-model mismatch: " << differences[n] << "\n";
    }
    if (!differences.empty()) exit_code = kExitFailure;
  }
  if (!options.quiet) {
    std::cout << report::format_run_report(run_report);
    if (options.check_golden) {
      std::cout << "  golden model check: " << run_report["golden_check"]["mismatches"].get<std::size_t>()
                << " mismatches in " << simulation.inferences.size() << " inferences\n";
    }
    std::cerr << "  (simulated " << simulation.total_cycles << " cycles in " << simulation.wall_seconds << " s)\n";
  }
  if (!options.out_file.empty()) {
    io::write_file_atomically(options.out_file, run_report.dump(2) + "\n");
    if (!options.quiet) std::cout << "  report written to " << options.out_file << "\n";
  }
  return exit_code;
}

}  // namespace

void register_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "simulate the chip cycle by cycle on the workload and print a report");
  add_common_options(*command, options->common);
  command->add_option("--samples", options->samples,
                      "number of images of the split to run (default: workload.samples)");
  command->add_option("--out", options->out_file, "write the JSON report here (schema: reports/schema)");
  command->add_flag("--check-golden", options->check_golden,
                    "also run the golden model and fail if spikes, decisions or counts differ");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    options->command_line = current_command_line();
    exit_code = guarded([&]() { return run(*options); });
  });
}

}  // namespace spinaps::cli
