#pragma once
// Compares two run reports metric by metric. Every leaf of the report is a metric named by its
// dotted path (arrays of components are keyed by their "component" or "name" field, others by
// index); the tolerance file says which paths to ignore and how far each may move.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/report/tolerances.h"

namespace spinaps::report {

enum class ChangeKind { kChanged, kAdded, kRemoved };

struct MetricChange {
  std::string path;
  ChangeKind kind = ChangeKind::kChanged;
  nlohmann::json old_value;  ///< null when added
  nlohmann::json new_value;  ///< null when removed
  bool numeric = false;
  double change_percent = 0.0;  ///< (new - old) / |old| x 100; only for numeric changes with old != 0
  bool within_tolerance = true;
  bool gated = true;                  ///< false: reported only
  std::optional<ToleranceRule> rule;  ///< a copy: the diff outlives the tolerance table it was made with
  [[nodiscard]] bool fails() const { return gated && !within_tolerance; }
};

struct ReportDiff {
  std::string old_file;
  std::string new_file;
  std::size_t compared = 0;  ///< metrics present in either report and not ignored
  std::vector<MetricChange> changes;
  std::vector<std::string> notes;  ///< e.g. differing schema versions or configurations
  [[nodiscard]] std::size_t failures() const;
  [[nodiscard]] bool passed() const { return failures() == 0; }
};

/// Reads a run report; throws config::ConfigError naming the file when it is not readable JSON or
/// not a spinaps run report.
nlohmann::json read_run_report(const std::string& file);

/// The leaves of a report as (dotted path, value), in document order.
std::vector<std::pair<std::string, nlohmann::json>> flatten_report(const nlohmann::json& report);

/// The first top-level field of the reports' `workload` sections that differs, as
/// "workload.KEY (OLD and NEW)"; nullopt when the workloads are the same.
std::optional<std::string> first_workload_difference(const nlohmann::json& old_report,
                                                     const nlohmann::json& new_report);

/// Throws std::invalid_argument when the reports describe different accelerators, and, unless
/// `allow_different_workloads`, when their workloads differ (naming the first differing field of
/// `workload`): figures of different images, frames or models are not a regression. With the flag
/// the difference becomes a note and every metric is compared.
ReportDiff diff_reports(const nlohmann::json& old_report, const nlohmann::json& new_report,
                        const Tolerances& tolerances, bool allow_different_workloads = false);

/// The terminal table: every changed metric with old, new, change in % and verdict, then a summary.
std::string format_diff_table(const ReportDiff& diff);

/// The same as a Markdown section for a pull-request comment.
std::string format_diff_markdown(const ReportDiff& diff);

}  // namespace spinaps::report
