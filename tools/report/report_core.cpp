#include "tools/report/report_core.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "models/io/data_paths.h"
#include "tools/report/provenance.h"

namespace spinaps::report {
namespace {

/// The dotted key an assignment "key.path=value" sets.
std::string override_key(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

bool same_or_inside(const std::string& path, const std::string& key) {
  return path == key || (path.size() > key.size() && path.compare(0, key.size(), key) == 0 && path[key.size()] == '.');
}

void collect_leaves(const config::Json& node, const std::string& path, std::vector<std::string>& paths,
                    std::vector<const config::Json*>& values) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [key, child] : node.items()) {
      collect_leaves(child, path.empty() ? key : path + "." + key, paths, values);
    }
    return;
  }
  paths.push_back(path);
  values.push_back(&node);
}

/// `order` first, then every other key of `values` in its own (alphabetical) order.
OrderedJson ordered(const std::map<std::string, double>& values, const std::vector<std::string>& order) {
  OrderedJson result = OrderedJson::object();
  for (const std::string& key : order) {
    const auto found = values.find(key);
    result[key] = found == values.end() ? 0.0 : found->second;
  }
  for (const auto& [key, value] : values) {
    if (!result.contains(key)) result[key] = value;
  }
  return result;
}

}  // namespace

double number_at(const OrderedJson& report, const char* pointer) {
  const OrderedJson::json_pointer path(pointer);
  return report.contains(path) && report[path].is_number() ? report[path].get<double>() : 0.0;
}

double safe_ratio(double numerator, double denominator) { return denominator > 0.0 ? numerator / denominator : 0.0; }

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size(), std::max<std::size_t>(rank, 1)) - 1];
}

OrderedJson summarise(const std::vector<double>& values) {
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  OrderedJson summary;
  summary["mean"] = safe_ratio(sum, static_cast<double>(values.size()));
  summary["p50"] = percentile(values, 50.0);
  summary["p99"] = percentile(values, 99.0);
  summary["max"] = values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
  return summary;
}

OrderedJson histogram(const std::vector<double>& values, std::size_t max_bins) {
  const double largest = values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
  double width = 1.0;
  // The smallest 1-2-5 x 10^k width that covers [0, largest] in at most max_bins bins.
  for (double decade = 1.0; largest / width >= static_cast<double>(max_bins); decade *= 10.0) {
    for (const double step : {1.0, 2.0, 5.0}) {
      width = step * decade;
      if (largest / width < static_cast<double>(max_bins)) break;
    }
  }
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(largest / width) + 1, 0);
  for (const double value : values) ++counts[static_cast<std::size_t>(std::max(0.0, value) / width)];
  return {{"bin_width", width}, {"counts", counts}};
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

OrderedJson parameter_sources(const config::Json& document, const std::string& file, const CommandLineInputs& inputs,
                              const std::vector<std::pair<std::string, config::Json>>& defaults) {
  std::vector<std::string> paths;
  std::vector<const config::Json*> values;
  collect_leaves(document, "", paths, values);
  OrderedJson sources = OrderedJson::object();
  for (std::size_t n = 0; n < paths.size(); ++n) {
    const std::string& path = paths[n];
    OrderedJson entry = {{"value", *values[n]}, {"source", "file"}, {"detail", io::relative_to_data_root(file)}};
    if (!inputs.data_dir.empty() && path == "workload.data_dir") {
      entry["source"] = "override";
      entry["detail"] = "--data " + inputs.data_dir;
    }
    for (const std::string& assignment : inputs.overrides) {  // the last override of a key wins
      if (same_or_inside(path, override_key(assignment))) {
        entry["source"] = "override";
        entry["detail"] = "-p " + assignment;
      }
    }
    sources[path] = entry;
  }
  // Optional keys the file left out take the parser's default; recorded so a report says which
  // value was used even when nobody wrote it down.
  for (const auto& [path, value] : defaults) {
    if (!sources.contains(path)) {
      sources[path] = {{"value", value}, {"source", "default"}, {"detail", "the parser's default"}};
    }
  }
  return sources;
}

OrderedJson energy_section(const energy::EnergyBreakdown& energy, const energy::ActionTable& table,
                           const std::vector<std::string>& category_order) {
  OrderedJson section;
  section["total_pj"] = energy.total_pj;
  section["dynamic_pj"] = energy.dynamic_pj;
  section["leakage_pj"] = energy.leakage_pj;
  section["leakage_power_mw"] = energy.leakage_mw;
  section["elapsed_ns"] = energy.elapsed_ns;
  OrderedJson by_category = ordered(energy.dynamic_by_category_pj, category_order);
  by_category["leakage"] = energy.leakage_pj;
  section["by_category_pj"] = by_category;
  OrderedJson actions = OrderedJson::object();
  for (const energy::PricedAction& action : energy.actions) {
    actions[action.action] = {{"count", action.count},
                              {"energy_pj_per_action", action.energy_pj_per_action},
                              {"energy_pj", action.energy_pj},
                              {"category", action.category},
                              {"unit", table.at(action.action).unit}};
  }
  section["actions"] = actions;
  return section;
}

OrderedJson area_section(const energy::ComponentTable& components, const std::vector<std::string>& category_order) {
  OrderedJson section;
  section["total_mm2"] = components.total_area_mm2();
  section["total_leakage_mw"] = components.total_leakage_mw();
  // Only categories the chip has: an order lists categories of every configuration.
  std::vector<std::string> present;
  const std::map<std::string, double> areas = components.area_by_category_mm2();
  for (const std::string& category : category_order) {
    if (areas.count(category) != 0) present.push_back(category);
  }
  section["by_category_mm2"] = ordered(areas, present);
  section["leakage_by_category_mw"] = ordered(components.leakage_by_category_mw(), present);
  OrderedJson list = OrderedJson::array();
  for (const energy::ComponentCost& component : components.all()) {
    list.push_back({{"component", component.component},
                    {"category", component.category},
                    {"area_mm2", component.area_mm2},
                    {"leakage_mw", component.leakage_mw},
                    {"derivation", component.derivation}});
  }
  section["components"] = list;
  return section;
}

OrderedJson assemble_report(const ReportIdentity& identity, const ReportParts& parts, const hw::RunResult& run,
                            const energy::EnergyBreakdown& energy) {
  const std::string& accelerator = hw::accelerator_kinds().name_of(identity.accelerator);
  OrderedJson report;
  report["schema"] = kReportSchema;
  report["schema_version"] = kReportSchemaVersion;
  report["accelerator"] = accelerator;
  report["tool"] = tool_provenance();
  report["command"] = identity.command_line;
  report["config"] = {{"name", identity.config_name},
                      {"file", io::relative_to_data_root(identity.config_file)},
                      {"hash_fnv1a64", fnv1a_hex(identity.document.dump())},
                      {"effective", identity.document},
                      {"parameter_sources", identity.parameter_sources}};
  report["seed"] = identity.seed;
  report["workload"] = parts.workload;
  report["metrics"] = parts.metrics;
  report["energy"] = energy_section(energy, run.action_table, parts.category_order);
  report["area"] = area_section(run.components, parts.category_order);
  report["statistics"] = run.statistics.to_json();
  report["definitions"] = parts.definitions;
  report["parameters"] = run.parameters_used;
  report[accelerator] = parts.own;
  return report;
}

}  // namespace spinaps::report
