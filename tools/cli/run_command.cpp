// spinaps run CONFIG: simulate the accelerator the configuration names, cycle by cycle, on its
// workload, print the report's table and write the report (JSON), and on request an HTML page, a
// Markdown summary, a trace or plots. Every output is rendered before any is written (the plots, drawn
// by matplotlib all or none, first), so a failed run leaves none of them behind.
#include <algorithm>
#include <iostream>
#include <memory>

#include "models/io/atomic_file.h"
#include "models/io/progress_line.h"
#include "tools/cli/commands.h"
#include "tools/cli/runs.h"
#include "tools/report/figures.h"
#include "tools/report/html_report.h"
#include "tools/report/markdown_summary.h"
#include "tools/report/report_table.h"

namespace spinaps::cli {
namespace {

/// energy_by_category.svg, layer_cycles.svg (the pipeline's balance) and queue_depth.svg, drawn by
/// matplotlib (report::figures).
std::vector<std::string> write_cnn_plots(const report::OrderedJson& report, const std::string& directory) {
  namespace figures = report::figures;
  const report::OrderedJson& own = report["memristive_cnn"];
  figures::BarFigure energy{"energy_by_category", "Energy per frame by category", "energy per frame (uJ)", "%.3f", {}};
  for (const auto& [category, uj] : own["energy_per_frame_uj_by_category"].items()) {
    energy.bars.push_back({category, uj.get<double>()});
  }
  std::stable_sort(
      energy.bars.begin(), energy.bars.end(),
      [](const figures::BarFigure::Bar& a, const figures::BarFigure::Bar& b) { return a.value > b.value; });
  figures::BarFigure cycles{"layer_cycles",
                            "Cycles per frame of each layer (the slowest bounds the frame rate)",
                            "cycles per frame",
                            "%.0f",
                            {}};
  for (const auto& layer : own["layers"]) {
    cycles.bars.push_back({layer["name"].get<std::string>() + " (" + layer["op_type"].get<std::string>() + ")",
                           static_cast<double>(layer["cycles_per_frame"].get<std::uint64_t>())});
  }
  figures::Series depth{"frames waiting", {}};
  for (const auto& sample : own["streaming"]["queue_depth_at_arrival"]) {
    depth.points.emplace_back(sample["arrival_ns"].get<double>() / 1e3,
                              static_cast<double>(sample["queue_depth"].get<std::uint64_t>()));
  }
  const figures::LineFigure queue{"queue_depth",
                                  "Input queue depth when each frame arrives",
                                  "arrival time (us)",
                                  {{"frames in the queue", {depth}}}};
  return figures::write_figures(directory, {queue}, {energy, cycles});
}

}  // namespace

int run_and_report(RunCommandOptions& options) {
  RunRequest& request = options.request;
  const hw::AcceleratorKind kind = hw::accelerator_of(config::read_json_file(request.config_file), request.config_file);
  const bool cnn = kind == hw::AcceleratorKind::kMemristiveCnn;
  if (options.stream_rate_hz >= 0.0) {
    if (!cnn) throw std::invalid_argument("--stream-rate applies to a memristive_cnn configuration");
    request.overrides.push_back("workload.stream_rate_hz=" + std::to_string(options.stream_rate_hz));
  }
  if (!cnn && !options.plot_dir.empty()) {
    throw std::invalid_argument("--plot-dir applies to a memristive_cnn configuration; use --html for plots");
  }
  if (!options.plot_dir.empty()) report::figures::require_plotting();  // before the simulation, not after
  request.show_progress = io::progress_wanted() && !options.quiet;
  RunOutcome outcome = run_function(kind)(request);
  for (const std::string& problem : outcome.problems) std::cerr << "spinaps: " << problem << "\n";

  std::vector<std::pair<std::string, std::string>> outputs;  // (file, content)
  if (!options.out_file.empty()) outputs.emplace_back(options.out_file, outcome.report.dump(2) + "\n");
  if (!options.html_file.empty()) outputs.emplace_back(options.html_file, report::render_html_report(outcome.report));
  if (!options.markdown_file.empty()) {
    outputs.emplace_back(options.markdown_file, report::render_markdown_summary(outcome.report));
  }
  for (auto& extra : outcome.extra_outputs) outputs.push_back(std::move(extra));
  if (!options.quiet) {
    std::cout << report::format_report(outcome.report);
    if (outcome.report.contains("golden_check") && outcome.report["golden_check"].contains("mismatches")) {
      std::cout << "  golden model check: " << outcome.report["golden_check"]["mismatches"].get<std::size_t>()
                << " mismatches in " << outcome.report["golden_check"]["inferences"].get<std::size_t>()
                << " inferences\n";
    }
    std::cerr << "  (" << outcome.timing << ")\n";
  }
  if (!options.plot_dir.empty()) {  // all figures or none, before any other output is written
    for (const std::string& file : write_cnn_plots(outcome.report, options.plot_dir)) {
      if (!options.quiet) std::cout << "  written to " << file << "\n";
    }
  }
  for (const auto& [file, content] : outputs) {
    io::write_file_atomically(file, content);
    if (!options.quiet) std::cout << "  written to " << file << "\n";
  }
  return outcome.exit_code;
}

RunFunction run_function(hw::AcceleratorKind kind) {
  switch (kind) {
    case hw::AcceleratorKind::kSpinaps:
      return &run_spinaps;
    case hw::AcceleratorKind::kMemristiveCnn:
      return &run_memristive_cnn;
  }
  throw std::logic_error("an accelerator without a run function");
}

void register_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunCommandOptions>();
  RunRequest& request = options->request;
  CLI::App* command = app.add_subcommand(
      "run", "simulate the accelerator a configuration names, cycle by cycle, on its workload and print a report");
  command
      ->add_option("config", request.config_file,
                   "configuration (JSON); its \"accelerator\" is one of: " + hw::accelerator_kinds().help())
      ->required();
  command->add_option("-p,--param", request.overrides, "override a configuration key: key.path=value (repeatable)");
  command->add_option("--data", request.data_dir,
                      "spinaps: directory of IDX files (or the UCI HAR layout) instead of the bundled data");
  command->add_option("--samples,--frames", request.count,
                      "inputs to simulate: images (spinaps) or frames (memristive_cnn); default: the workload's");
  command->add_option("--out", options->out_file, "write the JSON report here (schema: reports/schema)");
  command->add_option("--html", options->html_file,
                      "write a self-contained HTML report with plots (opens offline in any browser)");
  command->add_option("--markdown", options->markdown_file, "write a Markdown summary (for pull-request comments)");
  command->add_option("--trace", request.trace_file,
                      "write a timeline of the first inferences or frames as Chrome/Perfetto trace-event JSON");
  command
      ->add_option("--trace-inferences,--trace-frames", request.trace_inferences,
                   "inferences (SpinAPS) or frames (memristive CNN) --trace records (default 3)")
      ->check(CLI::Range(1, 1000));
  command
      ->add_option("--stream-rate", options->stream_rate_hz,
                   "memristive_cnn: detector frame rate in Hz (workload.stream_rate_hz; 0: all frames queued at once)")
      ->check(CLI::Range(0.0, 1e9));
  command->add_flag("!--no-max-rate", request.find_max_rate,
                    "memristive_cnn with a stream rate: skip the saturated run that measures the highest "
                    "sustainable rate");
  command->add_flag("!--no-floors", request.fidelity_floors,
                    "memristive_cnn: skip the fidelity floors (ideal converters; ideal devices and converters)");
  command->add_option("--plot-dir", options->plot_dir,
                      "memristive_cnn: write energy_by_category.svg, layer_cycles.svg and queue_depth.svg here");
  command->add_flag("--check-golden", request.check_golden,
                    "also run the functional golden model and fail unless every output and count agrees exactly");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() {
    options->request.command_line = current_command_line();
    exit_code = guarded([&]() { return run_and_report(*options); });
  });
}

}  // namespace spinaps::cli
