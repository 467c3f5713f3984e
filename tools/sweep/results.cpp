#include "tools/sweep/results.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"

namespace spinaps::sweep {
namespace {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

Json feasibility(const SweepPlan& plan, const std::vector<Json>& metrics) {
  for (const auto& constraint : plan.constraints) {
    const auto position = std::find(plan.metrics.begin(), plan.metrics.end(), constraint.metric) - plan.metrics.begin();
    if (position >= static_cast<std::ptrdiff_t>(metrics.size())) return false;
    const Json& value = metrics[position];
    if (!value.is_number()) return false;
    const double number = value.get<double>();
    if ((constraint.min && number < *constraint.min) || (constraint.max && number > *constraint.max)) return false;
  }
  return true;
}

PointResult result_of(const SweepPlan& plan, const std::string& directory, std::size_t index) {
  PointResult result;
  result.index = index;
  result.values = plan.points.at(index).values;
  result.metrics.assign(plan.metrics.size(), Json());
  result.status = point_status(directory, index);
  if (result.status == PointStatus::kOk) {
    try {
      const Json report = config::read_json_file(report_path(directory, index));
      for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        const auto pointer = metric_pointer(plan.metrics[m]);
        if (report.contains(pointer)) result.metrics[m] = report.at(pointer);
      }
      result.feasible = feasibility(plan, result.metrics);
    } catch (const config::ConfigError& error) {
      result.status = PointStatus::kFailed;
      result.error = one_line(error.what());
    }
  } else if (result.status != PointStatus::kPending) {
    try {
      result.error = one_line(config::read_json_file(failure_path(directory, index)).value("error", ""));
    } catch (const config::ConfigError& error) {
      result.error = one_line(error.what());
    }
  }
  return result;
}

}  // namespace

std::string csv_cell(const Json& value) {
  if (value.is_null()) return "";
  if (!value.is_string()) return value.dump();
  const std::string text = value.get<std::string>();
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::vector<PointResult> collect_results(const SweepPlan& plan, const std::string& sweep_directory) {
  std::vector<PointResult> results;
  results.reserve(plan.points.size());
  for (const auto& point : plan.points) results.push_back(result_of(plan, sweep_directory, point.index));
  return results;
}

StatusCounts count_statuses(const std::vector<PointResult>& results) {
  StatusCounts counts;
  for (const auto& result : results) {
    switch (result.status) {
      case PointStatus::kOk:
        ++counts.ok;
        break;
      case PointStatus::kFailed:
        ++counts.failed;
        break;
      case PointStatus::kTimeout:
        ++counts.timeout;
        break;
      case PointStatus::kPending:
        ++counts.pending;
        break;
    }
  }
  return counts;
}

void write_results(const SweepPlan& plan, const std::vector<PointResult>& results, const std::string& sweep_directory) {
  std::ostringstream csv;
  csv << "point,status";
  for (const auto& parameter : plan.parameters) csv << "," << csv_cell(parameter.key);
  for (const auto& metric : plan.metrics) csv << "," << csv_cell(metric);
  csv << ",feasible,error\n";
  std::ostringstream jsonl;
  for (const auto& result : results) {
    csv << result.index << "," << status_name(result.status);
    OrderedJson row;
    row["point"] = result.index;
    row["status"] = status_name(result.status);
    row["parameters"] = OrderedJson::object();
    for (std::size_t p = 0; p < plan.parameters.size(); ++p) {
      csv << "," << csv_cell(result.values[p]);
      row["parameters"][plan.parameters[p].key] = OrderedJson::parse(result.values[p].dump());
    }
    row["metrics"] = OrderedJson::object();
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
      csv << "," << csv_cell(result.metrics[m]);
      row["metrics"][plan.metrics[m]] = OrderedJson::parse(result.metrics[m].dump());
    }
    csv << "," << csv_cell(result.feasible) << "," << csv_cell(result.error.empty() ? Json() : Json(result.error))
        << "\n";
    row["feasible"] = OrderedJson::parse(result.feasible.dump());
    row["error"] = result.error.empty() ? OrderedJson() : OrderedJson(result.error);
    jsonl << row.dump() << "\n";
  }
  io::write_file_atomically((fs::path(sweep_directory) / "results.csv").string(), csv.str());
  io::write_file_atomically((fs::path(sweep_directory) / "results.jsonl").string(), jsonl.str());
}

std::vector<PointResult> read_results(const SweepPlan& plan, const std::string& sweep_directory) {
  const std::string file = (fs::path(sweep_directory) / "results.jsonl").string();
  std::ifstream stream(file);
  if (!stream) {
    throw config::ConfigError(
        file, "", "cannot open the merged results; run `spinaps sweep collect " + sweep_directory + "` first");
  }
  std::vector<PointResult> results;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    const std::string where = "line " + std::to_string(line_number);
    Json row;
    try {
      row = Json::parse(line);
    } catch (const Json::exception& error) {
      throw config::ConfigError(file, where, std::string("malformed JSON: ") + error.what());
    }
    if (!row.is_object() || !row.contains("point") || !row["point"].is_number_unsigned() ||
        !row.contains("parameters") || !row.contains("metrics") || !row["metrics"].is_object()) {
      throw config::ConfigError(file, where, "expected {\"point\", \"status\", \"parameters\", \"metrics\", ...}");
    }
    PointResult result;
    result.index = row["point"].get<std::size_t>();
    const std::string status = row.value("status", "");
    result.status = status == "ok"        ? PointStatus::kOk
                    : status == "failed"  ? PointStatus::kFailed
                    : status == "timeout" ? PointStatus::kTimeout
                                          : PointStatus::kPending;
    for (const auto& parameter : plan.parameters)
      result.values.push_back(row["parameters"].value(parameter.key, Json()));
    for (const auto& metric : plan.metrics) result.metrics.push_back(row["metrics"].value(metric, Json()));
    result.feasible = row.value("feasible", Json());
    result.error = row.value("error", Json()).is_string() ? row["error"].get<std::string>() : "";
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace spinaps::sweep
