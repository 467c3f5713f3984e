#pragma once
// Plots of a sweep, drawn by Debian's matplotlib (tools/plot/plot_sweep.py through
// report::figures, the one path of every standalone figure): the Pareto front and every metric
// against every swept parameter, as PNG and SVG.
#include <string>
#include <vector>

#include "tools/sweep/pareto.h"
#include "tools/sweep/results.h"

namespace spinaps::sweep {

/// Writes the figures into `output_directory` and returns their paths. `on_front[n]` tells whether
/// results[n] is on the front. Throws std::runtime_error (with the plotter's message) on failure.
std::vector<std::string> write_sweep_plots(const SweepPlan& plan, const std::vector<PointResult>& results,
                                           const std::vector<bool>& on_front, const std::vector<Objective>& objectives,
                                           const std::string& output_directory);

}  // namespace spinaps::sweep
