#include "tools/sweep/plots.h"

#include "tools/report/figures.h"

namespace spinaps::sweep {
namespace {

Json plot_input(const SweepPlan& plan, const std::vector<PointResult>& results, const std::vector<bool>& on_front,
                const std::vector<Objective>& objectives, const std::string& output_directory) {
  Json input;
  input["title"] = plan.name;
  input["output_dir"] = output_directory;
  input["parameters"] = Json::array();
  for (const auto& parameter : plan.parameters) {
    input["parameters"].push_back({{"key", parameter.key}, {"scale", parameter.scale}});
  }
  input["metrics"] = plan.metrics;
  input["objectives"] = Json::array();
  for (const auto& objective : objectives) {
    input["objectives"].push_back({{"metric", objective.metric}, {"maximise", objective.maximise}});
  }
  input["points"] = Json::array();
  for (std::size_t n = 0; n < results.size(); ++n) {
    if (results[n].status != PointStatus::kOk) continue;
    input["points"].push_back({{"point", results[n].index},
                               {"values", results[n].values},
                               {"metrics", results[n].metrics},
                               {"feasible", results[n].feasible == Json(true)},
                               {"front", static_cast<bool>(on_front[n])}});
  }
  return input;
}

}  // namespace

std::vector<std::string> write_sweep_plots(const SweepPlan& plan, const std::vector<PointResult>& results,
                                           const std::vector<bool>& on_front, const std::vector<Objective>& objectives,
                                           const std::string& output_directory) {
  return report::figures::run_plotter("tools/plot/plot_sweep.py",
                                      plot_input(plan, results, on_front, objectives, output_directory).dump());
}

}  // namespace spinaps::sweep
