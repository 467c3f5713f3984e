// The memristive CNN accelerator's entry of `spinaps run` (and of `spinaps map`): load the
// configuration, the model and its frames (workload section), simulate the frames through the
// SystemC model, measure the fidelity against the float reference, and build the report. In stream
// mode a second, saturated run in a child process measures the highest sustainable rate (one
// SystemC kernel per process).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "models/io/progress_line.h"
#include "tools/cli/cli_common.h"
#include "tools/cli/runs.h"
#include "tools/report/cnn_report.h"
#include "tools/report/cnn_trace_writer.h"
#include "workloads/cnn/cnn_workload.h"
#include "workloads/cnn/layer_summary.h"

namespace spinaps::cli {
namespace {

/// The saturated throughput of the same configuration, measured in a child process.
double measure_max_rate(const RunRequest& request, std::uint64_t frames) {
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("spinaps-saturated-" + std::to_string(::getpid()) + ".json");
  std::vector<std::string> arguments = {"run", request.config_file};
  for (const std::string& assignment : request.overrides) {
    arguments.emplace_back("-p");
    arguments.push_back(assignment);
  }
  for (const std::string& assignment :
       {std::string("workload.stream_rate_hz=0"), "workload.frames=" + std::to_string(frames)}) {
    arguments.emplace_back("-p");
    arguments.push_back(assignment);
  }
  for (const char* flag : {"--no-max-rate", "--no-floors", "--quiet", "--out"}) arguments.emplace_back(flag);
  arguments.push_back(scratch.string());
  std::string output;
  const int code = run_self(arguments, output);
  if (code != 0) throw std::runtime_error("the saturated run for the maximum sustained rate failed: " + output);
  std::ifstream stream(scratch);
  std::stringstream text;
  text << stream.rdbuf();
  std::filesystem::remove(scratch);
  return nlohmann::json::parse(text.str()).at("metrics").at("frames_per_s").get<double>();
}

}  // namespace

RunOutcome run_memristive_cnn(const RunRequest& request) {
  if (!request.data_dir.empty()) {
    throw std::invalid_argument(
        "--data: a memristive CNN configuration takes its inputs from workload.* "
        "(frames_file, ptycho_config); --data is for SpinAPS datasets");
  }
  std::vector<std::string> overrides = request.overrides;
  if (request.count != 0) overrides.push_back("workload.frames=" + std::to_string(request.count));
  const cnn_accel::AcceleratorConfig config = cnn_accel::load_accelerator_config(request.config_file, overrides);
  const cnn::Graph graph = cnn::load_cnn_model(config.workload, config.seed);
  const std::vector<cnn::LayerSummary> layers = cnn::summarise_layers(graph);
  const cnn::CnnFrames fed = cnn::make_cnn_frames(config.workload, graph, config.mapping.calibration_frames);

  report::CnnReportInputs inputs;
  inputs.command_line = request.command_line;
  inputs.command = {overrides, ""};
  inputs.frames_description = fed.description;
  inputs.labels = fed.labels;
  inputs.ground_truth_phase = fed.ground_truth_phase;
  if (config.workload.stream_rate_hz > 0.0 && request.find_max_rate) {
    RunRequest saturated = request;
    saturated.overrides = overrides;
    inputs.max_sustained_rate_hz = measure_max_rate(saturated, fed.frames.size());
  }

  io::ProgressLine progress_line("frames", request.show_progress);
  cnn_accel::SimulationOptions simulation;
  simulation.check_golden = request.check_golden;
  simulation.fidelity_floors = request.fidelity_floors;
  simulation.progress = [&progress_line](std::uint64_t done, std::uint64_t total) {
    progress_line.update(done, total);
  };
  std::unique_ptr<report::CnnTraceWriter> trace;
  if (!request.trace_file.empty()) {
    trace = std::make_unique<report::CnnTraceWriter>(request.trace_inferences, config.clock.period_ns());
    simulation.trace = trace.get();
  }
  const cnn_accel::AcceleratorResult result =
      cnn_accel::simulate_accelerator(config, graph, fed.frames, fed.calibration, simulation);
  progress_line.finish();

  std::vector<cnn::TensorMap> references;
  references.reserve(fed.frames.size());
  for (const cnn::TensorMap& frame : fed.frames) references.push_back(cnn::run_reference(graph, frame));
  std::vector<cnn::TensorMap> outputs;
  for (const auto& [frame, values] : result.outputs) outputs.push_back(values);
  const std::vector<report::OutputFidelity> fidelity = report::measure_fidelity(outputs, references);

  RunOutcome outcome;
  outcome.report = report::build_cnn_report(config, graph, layers, result, fidelity, references, inputs);
  if (result.golden.ran && !(result.golden.outputs_identical && result.golden.counts_identical)) {
    outcome.problems.push_back("the cycle-level model and the functional golden model disagree: " +
                               result.golden.first_difference);
    outcome.exit_code = kExitFailure;
  }
  if (trace) {
    outcome.extra_outputs.emplace_back(request.trace_file,
                                       trace->document(config.name, result.plan, result.records).dump(1) + "\n");
  }
  std::ostringstream timing;
  timing << "simulated " << result.run.simulated_time_ns() / 1e3 << " us (" << result.run.simulated_cycles
         << " cycles) in " << result.run.wall_seconds << " s";
  outcome.timing = timing.str();
  return outcome;
}

}  // namespace spinaps::cli
