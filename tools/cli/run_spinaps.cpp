// The SpinAPS chip's entry of `spinaps run`: load the configuration, the weights and the dataset,
// simulate cycle by cycle, build the report, and optionally check every inference against the
// golden model.
#include <memory>
#include <sstream>

#include "hw/chip/simulation.h"
#include "models/io/progress_line.h"
#include "tools/cli/cli_common.h"
#include "tools/cli/runs.h"
#include "tools/report/golden_check.h"
#include "tools/report/spinaps_report.h"
#include "tools/report/trace_writer.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {

RunOutcome run_spinaps(const RunRequest& request) {
  const chip::ChipConfig config = load_config({request.config_file, request.overrides, request.data_dir});
  if (config.snn.weights_file.empty()) {
    throw config::ConfigError(config.file, "snn.weights", "is required to run: the trained weights file");
  }
  if (request.check_golden && config.stt_faults.read_error_probability > 0.0) {
    throw config::ConfigError(config.file, "faults.stt.read_error_probability",
                              "transient read errors are a hardware-only effect the golden model does not have; "
                              "--check-golden needs it to be 0");
  }
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits splits = snn::load_snn_dataset(config.workload, config.file);
  const data::ImageDataset& dataset = snn::pick_split(splits, config.workload);
  if (dataset.pixels_per_image() != config.snn.inputs) {
    throw config::ConfigError(config.file, "snn.inputs",
                              "is " + std::to_string(config.snn.inputs) + " but the images of " + dataset.source +
                                  " have " + std::to_string(dataset.pixels_per_image()) + " pixels");
  }
  const std::size_t wanted = request.count != 0 ? request.count : config.workload.samples;
  const std::size_t samples = wanted == 0 ? dataset.size() : std::min<std::size_t>(wanted, dataset.size());

  std::unique_ptr<report::TraceWriter> trace;
  if (!request.trace_file.empty()) {
    trace = std::make_unique<report::TraceWriter>(request.trace_inferences, config.clock.period_ns());
  }
  io::ProgressLine progress("simulating inference", request.show_progress);
  const chip::SimulationResult simulation = chip::simulate(
      config, network, dataset, samples,
      [&progress](std::size_t done, std::size_t total) { progress.update(done, total); }, trace.get());
  progress.finish();

  RunOutcome outcome;
  outcome.report = report::build_spinaps_report(config, simulation, splits.description, request.command_line,
                                                {request.overrides, request.data_dir});
  if (request.check_golden) {
    // Static faults change the stored weights: the golden model runs on the weights as programmed.
    const snn::LayeredNetwork& reference = simulation.programmed_network ? *simulation.programmed_network : network;
    const auto differences = report::compare_with_golden(reference, config.seed, dataset, simulation.inferences);
    outcome.report["golden_check"] = {{"inferences", simulation.inferences.size()}, {"mismatches", differences.size()}};
    for (std::size_t n = 0; n < differences.size() && n < 10; ++n) {
      outcome.problems.push_back("golden-model mismatch: " + differences[n]);
    }
    if (!differences.empty()) outcome.exit_code = kExitFailure;
  }
  std::ostringstream timing;
  timing << "simulated " << simulation.run.simulated_cycles << " cycles in " << simulation.run.wall_seconds << " s";
  outcome.timing = timing.str();
  if (trace) outcome.extra_outputs.emplace_back(request.trace_file, trace->document(config.name).dump(1) + "\n");
  return outcome;
}

}  // namespace spinaps::cli
