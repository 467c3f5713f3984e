// spinaps run CONFIG: simulate the configured chip cycle by cycle on the workload and report.
#include <iostream>
#include <memory>

#include "hw/chip/simulation.h"
#include "models/io/atomic_file.h"
#include "models/io/progress_line.h"
#include "tools/cli/commands.h"
#include "tools/report/golden_check.h"
#include "tools/report/html_report.h"
#include "tools/report/markdown_summary.h"
#include "tools/report/run_report.h"
#include "tools/report/trace_writer.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::cli {
namespace {

struct RunOptions {
  CommonOptions common;
  std::uint32_t samples = 0;  // 0: the configuration's workload.samples
  std::string out_file;
  std::string html_file;      ///< self-contained HTML report with plots
  std::string markdown_file;  ///< Markdown summary for pull-request comments
  std::string trace_file;     ///< Chrome/Perfetto trace-event JSON of the first inferences
  std::uint32_t trace_inferences = 3;
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
  if (options.check_golden && config.stt_faults.read_error_probability > 0.0) {
    throw config::ConfigError(config.file, "faults.stt.read_error_probability",
                              "transient read errors are a hardware-only effect the golden model does not have; "
                              "--check-golden needs it to be 0");
  }
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits splits = load_dataset(config);
  const data::ImageDataset& dataset = pick_split(splits, config);
  if (dataset.pixels_per_image() != config.snn.inputs) {
    throw config::ConfigError(config.file, "snn.inputs",
                              "is " + std::to_string(config.snn.inputs) + " but the images of " + dataset.source +
                                  " have " + std::to_string(dataset.pixels_per_image()) + " pixels");
  }
  const std::size_t wanted = options.samples != 0 ? options.samples : config.workload.samples;
  const std::size_t samples = wanted == 0 ? dataset.size() : std::min<std::size_t>(wanted, dataset.size());

  std::unique_ptr<report::TraceWriter> trace;
  if (!options.trace_file.empty()) {
    trace = std::make_unique<report::TraceWriter>(options.trace_inferences, config.clock.period_ns());
  }
  io::ProgressLine progress("simulating inference", io::progress_wanted() && !options.quiet);
  chip::SimulationResult simulation = chip::simulate(
      config, network, dataset, samples,
      [&progress](std::size_t done, std::size_t total) { progress.update(done, total); }, trace.get());
  progress.finish();

  report::OrderedJson run_report =
      report::build_run_report(config, simulation, splits.description, options.command_line,
                               {options.common.overrides, options.common.data_dir});
  int exit_code = kExitOk;
  if (options.check_golden) {
    // Static faults change the stored weights: the golden model runs on the weights as programmed.
    const snn::LayeredNetwork& reference = simulation.programmed_network ? *simulation.programmed_network : network;
    const auto differences = report::compare_with_golden(reference, config.seed, dataset, simulation.inferences);
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
  // Every output is rendered before any is written, so a failure leaves none of them behind.
  std::vector<std::pair<std::string, std::string>> outputs;  // (file, content)
  if (!options.out_file.empty()) outputs.emplace_back(options.out_file, run_report.dump(2) + "\n");
  if (!options.html_file.empty()) outputs.emplace_back(options.html_file, report::render_html_report(run_report));
  if (!options.markdown_file.empty()) {
    outputs.emplace_back(options.markdown_file, report::render_markdown_summary(run_report));
  }
  if (trace) outputs.emplace_back(options.trace_file, trace->document(config.name).dump(1) + "\n");
  for (const auto& [file, content] : outputs) {
    io::write_file_atomically(file, content);
    if (!options.quiet) std::cout << "  written to " << file << "\n";
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
  command->add_option("--html", options->html_file,
                      "write a self-contained HTML report with plots (opens offline in any browser)");
  command->add_option("--markdown", options->markdown_file, "write a Markdown summary (for pull-request comments)");
  command->add_option("--trace", options->trace_file,
                      "write a timeline of the first inferences as Chrome/Perfetto trace-event JSON");
  command->add_option("--trace-inferences", options->trace_inferences, "inferences --trace records (default 3)")
      ->check(CLI::Range(1, 1000));
  command->add_flag("--check-golden", options->check_golden,
                    "also run the golden model and fail if spikes, decisions or counts differ");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    options->command_line = current_command_line();
    exit_code = guarded([&]() { return run(*options); });
  });
}

}  // namespace spinaps::cli
