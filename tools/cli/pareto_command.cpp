// spinaps pareto DIR --objectives a:max,b:min: the Pareto-optimal points of a merged sweep
// (finished, feasible points only), printed and written to DIR/pareto.csv, with plots of the front
// and of every metric against every swept parameter (PNG and SVG).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/sweep/pareto.h"
#include "tools/sweep/plots.h"
#include "tools/sweep/results.h"

namespace spinaps::cli {
namespace {

struct ParetoOptions {
  std::string sweep_directory;
  std::string objectives;
  std::string plots_directory;  // default DIR/plots
  bool no_plots = false;
};

std::string short_number(const sweep::Json& value) {
  if (!value.is_number_float()) return sweep::csv_cell(value);
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", value.get<double>());
  return text;
}

std::size_t metric_position(const sweep::SweepPlan& plan, const std::string& metric) {
  for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
    if (plan.metrics[m] == metric) return m;
  }
  std::string available;
  for (const auto& name : plan.metrics) available += (available.empty() ? "" : ", ") + name;
  throw std::invalid_argument("--objectives: \"" + metric +
                              "\" was not collected by this sweep; its metrics are: " + available);
}

int pareto(const ParetoOptions& options) {
  const std::string& directory = options.sweep_directory;
  const sweep::SweepPlan plan = sweep::load_plan(directory);
  const std::vector<sweep::Objective> objectives = sweep::parse_objectives(options.objectives);
  std::vector<std::size_t> positions;
  for (const auto& objective : objectives) positions.push_back(metric_position(plan, objective.metric));
  const std::vector<sweep::PointResult> results = sweep::read_results(plan, directory);

  std::vector<std::size_t> candidates;  // positions in results
  std::vector<std::vector<double>> values;
  for (std::size_t n = 0; n < results.size(); ++n) {
    const auto& result = results[n];
    if (result.status != sweep::PointStatus::kOk || result.feasible != sweep::Json(true)) continue;
    std::vector<double> row;
    for (const std::size_t position : positions) {
      if (result.metrics[position].is_number()) row.push_back(result.metrics[position].get<double>());
    }
    if (row.size() != positions.size()) continue;
    candidates.push_back(n);
    values.push_back(row);
  }
  if (candidates.empty()) {
    throw std::runtime_error(directory + ": no finished point meets the constraints; nothing to compare");
  }
  const std::vector<std::size_t> front = sweep::pareto_front(values, objectives);
  std::vector<bool> on_front(results.size(), false);
  for (const std::size_t f : front) on_front[candidates[f]] = true;

  std::ostringstream csv;
  csv << "point";
  for (const auto& parameter : plan.parameters) csv << "," << sweep::csv_cell(parameter.key);
  for (const auto& metric : plan.metrics) csv << "," << sweep::csv_cell(metric);
  csv << "\n";
  std::cout << "Pareto front of " << plan.name << ": " << front.size() << " of " << candidates.size()
            << " feasible points (" << options.objectives << ")\n  point";
  for (const auto& parameter : plan.parameters) std::cout << "  " << parameter.key;
  for (const auto& objective : objectives) std::cout << "  " << objective.metric;
  std::cout << "\n";
  for (const std::size_t f : front) {
    const auto& result = results[candidates[f]];
    csv << result.index;
    std::cout << "  " << result.index;
    for (const auto& value : result.values) {
      csv << "," << sweep::csv_cell(value);
      std::cout << "  " << sweep::csv_cell(value);
    }
    for (const auto& metric : result.metrics) csv << "," << sweep::csv_cell(metric);
    for (const std::size_t position : positions) std::cout << "  " << short_number(result.metrics[position]);
    csv << "\n";
    std::cout << "\n";
  }
  const std::string csv_file = (std::filesystem::path(directory) / "pareto.csv").string();
  io::write_file_atomically(csv_file, csv.str());
  std::cout << "  written: " << csv_file << "\n";
  if (!options.no_plots) {
    const std::string plots = options.plots_directory.empty() ? (std::filesystem::path(directory) / "plots").string()
                                                              : options.plots_directory;
    for (const auto& file : sweep::write_sweep_plots(plan, results, on_front, objectives, plots)) {
      std::cout << "  written: " << file << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

void register_pareto_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ParetoOptions>();
  CLI::App* command = app.add_subcommand("pareto", "Pareto-optimal points of a sweep, with plots (PNG and SVG)");
  command->add_option("dir", options->sweep_directory, "sweep directory (with results.jsonl)")->required();
  command
      ->add_option("--objectives", options->objectives,
                   "METRIC:max|min,... e.g. gsops_per_w_per_mm2:max,accuracy:max,latency_ns.p50:min")
      ->required();
  command->add_option("--plots", options->plots_directory, "directory for the figures (default: DIR/plots)");
  command->add_flag("--no-plots", options->no_plots, "print and write pareto.csv only");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return pareto(*options); }); });
}

}  // namespace spinaps::cli
