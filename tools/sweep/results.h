#pragma once
// Merging a sweep: one row per design point, in point order, with the point's parameters, the
// metrics its report holds, its status and whether it meets the sweep's constraints. The rows
// depend only on the plan and the reports, so the merged files are byte-identical whatever the
// number of processes or the launcher that produced the reports.
#include <string>
#include <vector>

#include "tools/sweep/sweep_plan.h"

namespace spinaps::sweep {

struct PointResult {
  std::size_t index = 0;
  PointStatus status = PointStatus::kPending;
  std::vector<Json> values;   ///< one per plan parameter
  std::vector<Json> metrics;  ///< one per plan metric; null when the point has no report
  Json feasible;              ///< true/false for finished points, null otherwise
  std::string error;          ///< failed and timed-out points: why
};

struct StatusCounts {
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t timeout = 0;
  std::size_t pending = 0;
};

/// Reads every point's report or failure record.
std::vector<PointResult> collect_results(const SweepPlan& plan, const std::string& sweep_directory);

StatusCounts count_statuses(const std::vector<PointResult>& results);

/// Writes DIR/results.csv and DIR/results.jsonl atomically.
void write_results(const SweepPlan& plan, const std::vector<PointResult>& results, const std::string& sweep_directory);

/// Reads DIR/results.jsonl back (what `spinaps pareto` works on). Throws config::ConfigError
/// naming the file and line when it is missing or malformed.
std::vector<PointResult> read_results(const SweepPlan& plan, const std::string& sweep_directory);

/// One CSV cell: strings quoted when needed, numbers as JSON writes them, null empty.
std::string csv_cell(const Json& value);

}  // namespace spinaps::sweep
