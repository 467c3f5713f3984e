#include "tools/report/report_diff.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "models/config/config_reader.h"
#include "tools/report/report_core.h"
#include "tools/report/svg_plot.h"

namespace spinaps::report {
namespace {

using Json = nlohmann::json;
using svg::format_number;

void flatten_into(const Json& node, const std::string& path, std::vector<std::pair<std::string, Json>>& leaves) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [key, child] : node.items()) flatten_into(child, path.empty() ? key : path + "." + key, leaves);
    return;
  }
  if (node.is_array() && !node.empty()) {
    for (std::size_t n = 0; n < node.size(); ++n) {
      const Json& element = node[n];
      std::string key = std::to_string(n);
      for (const char* name_key : {"component", "name"}) {
        if (element.is_object() && element.contains(name_key) && element[name_key].is_string()) {
          key = element[name_key].get<std::string>();
          break;
        }
      }
      flatten_into(element, path + "[" + key + "]", leaves);
    }
    return;
  }
  leaves.emplace_back(path, node);
}

std::string show(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_number()) return format_number("%.6g", value.get<double>());
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

std::string describe_tolerance(const ToleranceRule& rule) {
  if (!rule.gate) return "not gated";
  std::string text;
  if (rule.relative > 0.0) text += "±" + format_number("%.4g", 100.0 * rule.relative) + "%";
  if (rule.absolute > 0.0) text += std::string(text.empty() ? "" : " or ") + "±" + format_number("%.4g", rule.absolute);
  return text.empty() ? "exact" : text;
}

std::string change_text(const MetricChange& change) {
  switch (change.kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      break;
  }
  if (!change.numeric) return "changed";
  if (change.old_value.get<double>() == 0.0) return "from 0";
  return format_number("%+.3f %%", change.change_percent);
}

std::string verdict(const MetricChange& change) {
  const std::string allowed = change.rule.has_value() ? describe_tolerance(*change.rule) : "";
  if (!change.gated) return "reported (not gated)";
  if (change.kind != ChangeKind::kChanged) return change.fails() ? "FAIL" : "ok";
  return (change.within_tolerance ? "ok (" : "FAIL (allowed ") + allowed + ")";
}

std::string summary_line(const ReportDiff& diff) {
  std::size_t added = 0;
  std::size_t removed = 0;
  for (const auto& change : diff.changes) {
    added += change.kind == ChangeKind::kAdded ? 1 : 0;
    removed += change.kind == ChangeKind::kRemoved ? 1 : 0;
  }
  return std::to_string(diff.compared) + " metrics compared: " + std::to_string(diff.changes.size() - added - removed) +
         " changed, " + std::to_string(added) + " added, " + std::to_string(removed) + " removed; " +
         std::to_string(diff.failures()) + " outside tolerance";
}

}  // namespace

std::size_t ReportDiff::failures() const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [](const MetricChange& change) { return change.fails(); }));
}

Json read_run_report(const std::string& file) {
  Json report = config::read_json_file(file);
  if (!report.is_object()) throw config::ConfigError(file, "", "expected a spinaps report (a JSON object)");
  if (report.contains("schema") && report["schema"] == "spinaps-run-report") {
    throw config::ConfigError(file, "schema",
                              "\"spinaps-run-report\" is the format before version 3; run the configuration again "
                              "(`spinaps golden --update` regenerates golden reports)");
  }
  if (!report.contains("schema") || report["schema"] != kReportSchema) {
    throw config::ConfigError(
        file, "schema", std::string("expected \"") + kReportSchema + "\" (is this a report of `spinaps run --out`?)");
  }
  if (!report.contains("schema_version") || !report["schema_version"].is_number_integer()) {
    throw config::ConfigError(file, "schema_version", "expected an integer");
  }
  if (!report.contains("metrics") || !report["metrics"].is_object()) {
    throw config::ConfigError(file, "metrics", "is missing: expected the object of metrics");
  }
  return report;
}

std::vector<std::pair<std::string, Json>> flatten_report(const Json& report) {
  std::vector<std::pair<std::string, Json>> leaves;
  flatten_into(report, "", leaves);
  return leaves;
}

std::optional<std::string> first_workload_difference(const Json& old_report, const Json& new_report) {
  const Json empty = Json::object();
  const Json& old_workload = old_report.contains("workload") ? old_report["workload"] : empty;
  const Json& new_workload = new_report.contains("workload") ? new_report["workload"] : empty;
  for (const auto& [key, old_value] : old_workload.items()) {
    const auto found = new_workload.find(key);
    if (found == new_workload.end()) return "workload." + key + " (" + show(old_value) + " and absent)";
    if (*found != old_value) return "workload." + key + " (" + show(old_value) + " and " + show(*found) + ")";
  }
  for (const auto& [key, new_value] : new_workload.items()) {
    if (!old_workload.contains(key)) return "workload." + key + " (absent and " + show(new_value) + ")";
  }
  return std::nullopt;
}

ReportDiff diff_reports(const Json& old_report, const Json& new_report, const Tolerances& tolerances,
                        bool allow_different_workloads) {
  ReportDiff diff;
  if (old_report.value("accelerator", "") != new_report.value("accelerator", "")) {
    throw std::invalid_argument("accelerator: the reports describe different accelerators (\"" +
                                old_report.value("accelerator", "") + "\" and \"" +
                                new_report.value("accelerator", "") + "\"); there is nothing to compare");
  }
  if (const auto difference = first_workload_difference(old_report, new_report)) {
    if (!allow_different_workloads) {
      throw std::invalid_argument(*difference +
                                  ": the reports ran different workloads, so their figures are not "
                                  "comparable; give --allow-different-workloads to compare them anyway");
    }
    diff.notes.push_back("the workloads differ, first at " + *difference + "; compared anyway");
  }
  if (old_report.value("schema_version", 0) != new_report.value("schema_version", 0)) {
    diff.notes.push_back("schema versions differ: " + old_report["schema_version"].dump() + " -> " +
                         new_report["schema_version"].dump());
  }
  const Json::json_pointer hash("/config/hash_fnv1a64");
  if (old_report.contains(hash) && new_report.contains(hash) && old_report[hash] != new_report[hash]) {
    diff.notes.push_back("the configurations differ (hash " + old_report[hash].get<std::string>() + " -> " +
                         new_report[hash].get<std::string>() + "); see config.effective.* below");
  }
  const auto old_leaves = flatten_report(old_report);
  const auto new_leaves = flatten_report(new_report);
  std::map<std::string, const Json*> new_by_path;
  for (const auto& [path, value] : new_leaves) new_by_path[path] = &value;
  std::map<std::string, bool> seen;
  for (const auto& [path, old_value] : old_leaves) {
    if (tolerances.ignored(path)) continue;
    seen[path] = true;
    ++diff.compared;
    const ToleranceRule& rule = tolerances.rule_for(path);
    MetricChange change;
    change.path = path;
    change.rule = rule;
    change.gated = rule.gate;
    change.old_value = old_value;
    const auto found = new_by_path.find(path);
    if (found == new_by_path.end()) {
      change.kind = ChangeKind::kRemoved;
      change.within_tolerance = !tolerances.fail_on_removed;
      diff.changes.push_back(change);
      continue;
    }
    const Json& new_value = *found->second;
    change.new_value = new_value;
    if (old_value.is_number() && new_value.is_number()) {
      const double before = old_value.get<double>();
      const double after = new_value.get<double>();
      if (before == after) continue;
      const double moved = std::fabs(after - before);
      change.numeric = true;
      change.change_percent = before != 0.0 ? 100.0 * (after - before) / std::fabs(before) : 0.0;
      change.within_tolerance = moved <= rule.absolute || moved <= rule.relative * std::fabs(before);
    } else {
      if (old_value == new_value) continue;
      change.within_tolerance = false;  // text, flags and types have no tolerance
    }
    diff.changes.push_back(change);
  }
  for (const auto& [path, new_value] : new_leaves) {
    if (seen.count(path) != 0 || tolerances.ignored(path)) continue;
    ++diff.compared;
    const ToleranceRule& rule = tolerances.rule_for(path);
    MetricChange change;
    change.path = path;
    change.kind = ChangeKind::kAdded;
    change.rule = rule;
    change.gated = rule.gate;
    change.new_value = new_value;
    change.within_tolerance = !tolerances.fail_on_added;
    diff.changes.push_back(change);
  }
  return diff;
}

std::string format_diff_table(const ReportDiff& diff) {
  std::ostringstream out;
  out << "spinaps diff: " << diff.old_file << " -> " << diff.new_file << "\n";
  for (const std::string& note : diff.notes) out << "  note: " << note << "\n";
  if (!diff.changes.empty()) {
    const std::vector<std::string> header = {"metric", "old", "new", "change", "verdict"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& change : diff.changes) {
      rows.push_back(
          {change.path, show(change.old_value), show(change.new_value), change_text(change), verdict(change)});
    }
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
      widths[c] = header[c].size();
      for (const auto& row : rows) widths[c] = std::max(widths[c], row[c].size());
    }
    const auto print_row = [&](const std::vector<std::string>& row) {
      out << " ";
      for (std::size_t c = 0; c < row.size(); ++c) {
        const bool right = c >= 1 && c <= 3;
        const std::string pad(widths[c] - row[c].size(), ' ');
        out << " " << (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
      }
      out << "\n";
    };
    print_row(header);
    for (const auto& row : rows) print_row(row);
  }
  out << "  " << summary_line(diff) << "\n";
  for (const auto& change : diff.changes) {
    if (!change.fails()) continue;
    out << "  FAIL " << change.path << ": ";
    if (change.kind == ChangeKind::kRemoved) {
      out << "missing from the new report\n";
    } else if (change.kind == ChangeKind::kAdded) {
      out << "only in the new report\n";
    } else {
      out << show(change.old_value) << " -> " << show(change.new_value) << " (" << change_text(change) << "), allowed "
          << describe_tolerance(*change.rule) << (change.rule->why.empty() ? "" : ": " + change.rule->why) << "\n";
    }
  }
  out << (diff.passed() ? "  result: all metrics within tolerance\n" : "  result: FAILED\n");
  return out.str();
}

std::string format_diff_markdown(const ReportDiff& diff) {
  const auto cell = [](std::string text) {
    std::string escaped;
    for (const char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
    return escaped;
  };
  std::ostringstream out;
  out << "### spinaps report diff: " << (diff.passed() ? "within tolerance" : "**outside tolerance**") << "\n\n";
  out << "`" << diff.old_file << "` → `" << diff.new_file << "`: " << summary_line(diff) << ".\n\n";
  for (const std::string& note : diff.notes) out << "- " << cell(note) << "\n";
  if (!diff.notes.empty()) out << "\n";
  if (diff.changes.empty()) {
    out << "No metric changed.\n";
    return out.str();
  }
  out << "| metric | old | new | change | verdict |\n|---|---:|---:|---:|---|\n";
  for (const auto& change : diff.changes) {
    out << "| `" << cell(change.path) << "` | " << cell(show(change.old_value)) << " | " << cell(show(change.new_value))
        << " | " << change_text(change) << " | " << (change.fails() ? "**" + verdict(change) + "**" : verdict(change))
        << " |\n";
  }
  return out.str();
}

}  // namespace spinaps::report
