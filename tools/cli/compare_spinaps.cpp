// spinaps compare on two SpinAPS chip configurations: GSOPS, GSOPS/W, latency, energy per
// inference and area, and what the row read and the breakdowns say about the difference.
#include <algorithm>
#include <sstream>

#include "tools/cli/compare_support.h"

namespace spinaps::cli::compare {
namespace {

/// The metric keys compared, at the same paths as in a report (so a["metrics"]["gsops"] is the
/// report's metrics.gsops and a["energy"]["by_category_pj"] its energy by category). Category
/// breakdowns are the union of both designs' categories.
Json select_figures(const nlohmann::json& report, const std::vector<std::string>& energy_categories,
                    const std::vector<std::string>& area_categories) {
  const auto& metrics = report.at("metrics");
  Json out;
  out["config"] = {{"name", report.at("config").at("name")}, {"file", report.at("config").at("file")}};
  out["workload"] = {{"dataset", report.at("workload").at("dataset")},
                     {"split", report.at("workload").at("split")},
                     {"samples", report.at("workload").at("samples")}};
  Json m;
  for (const char* key : {"accuracy", "inferences", "sops", "sops_per_inference", "gsops", "gsops_per_w",
                          "gsops_per_w_per_mm2", "average_power_mw", "leakage_power_mw"}) {
    m[key] = metrics.at(key);
  }
  m["latency_ns"] = {{"mean", metrics.at("latency_ns").at("mean")}, {"p99", metrics.at("latency_ns").at("p99")}};
  m["latency_cycles"] = {{"mean", metrics.at("latency_cycles").at("mean")},
                         {"p99", metrics.at("latency_cycles").at("p99")}};
  const auto& energy = metrics.at("energy_pj");
  m["energy_pj"] = {{"total", energy.at("total")},
                    {"dynamic", energy.at("dynamic")},
                    {"leakage", energy.at("leakage")},
                    {"per_inference", energy.at("per_inference")},
                    {"per_sop", energy.at("per_sop")}};
  m["area_mm2"] = {{"total", metrics.at("area_mm2").at("total")}};
  out["metrics"] = m;
  out["energy"] = {{"by_category_pj", breakdown_over(report.at("energy").at("by_category_pj"), energy_categories)}};
  out["area"] = {{"by_category_mm2", breakdown_over(report.at("area").at("by_category_mm2"), area_categories)}};
  const auto& own = report.at("spinaps");
  out["spinaps"] = {{"hardware",
                     {{"read_cycles_per_row", own.at("hardware").at("read_cycles_per_row")},
                      {"stt_read_latency_ns", own.at("hardware").at("stt_read_latency_ns")}}},
                    {"weight_programming", {{"energy_pj", own.at("weight_programming").at("energy_pj")}}}};
  return out;
}

std::vector<Row> table_rows(const Json& a) {
  const double inferences = std::max(1.0, a["metrics"]["inferences"].get<double>());
  std::vector<Row> rows = {{"accuracy", {"metrics", "accuracy"}, 1.0},
                           {"GSOPS", {"metrics", "gsops"}, 1.0},
                           {"GSOPS/W", {"metrics", "gsops_per_w"}, 1.0},
                           {"GSOPS/W/mm2", {"metrics", "gsops_per_w_per_mm2"}, 1.0},
                           {"latency mean (ns)", {"metrics", "latency_ns", "mean"}, 1.0},
                           {"latency p99 (ns)", {"metrics", "latency_ns", "p99"}, 1.0},
                           {"energy/inference (pJ)", {"metrics", "energy_pj", "per_inference"}, 1.0}};
  for (const auto& item : a["energy"]["by_category_pj"].items()) {
    rows.push_back({"  " + item.key() + " (pJ/inf)", {"energy", "by_category_pj", item.key()}, 1.0 / inferences});
  }
  rows.push_back({"leakage power (mW)", {"metrics", "leakage_power_mw"}, 1.0});
  rows.push_back({"average power (mW)", {"metrics", "average_power_mw"}, 1.0});
  rows.push_back({"area (mm2)", {"metrics", "area_mm2", "total"}, 1.0});
  for (const auto& item : a["area"]["by_category_mm2"].items()) {
    rows.push_back({"  " + item.key() + " (mm2)", {"area", "by_category_mm2", item.key()}, 1.0});
  }
  rows.push_back({"row read (cycles)", {"spinaps", "hardware", "read_cycles_per_row"}, 1.0});
  rows.push_back({"weight programming (pJ)", {"spinaps", "weight_programming", "energy_pj"}, 1.0});
  return rows;
}

std::string describe_workload(const Json& a) {
  return std::to_string(a["workload"]["samples"].get<std::uint64_t>()) + " " +
         a["workload"]["split"].get<std::string>() + " samples of " + a["workload"]["dataset"].get<std::string>();
}

std::vector<std::string> explain_difference(const Json& a, const Json& b) {
  const std::string name_b = b["config"]["name"].get<std::string>();
  const double inferences = std::max(1.0, a["metrics"]["inferences"].get<double>());
  std::vector<std::string> sentences;
  sentences.push_back(driver_sentence("Energy per inference", "pJ", a["energy"]["by_category_pj"],
                                      b["energy"]["by_category_pj"], 1.0 / inferences, name_b));
  sentences.push_back(
      driver_sentence("Area", "mm2", a["area"]["by_category_mm2"], b["area"]["by_category_mm2"], 1.0, name_b));
  const Json& hardware_a = a["spinaps"]["hardware"];
  const Json& hardware_b = b["spinaps"]["hardware"];
  const double cycles_a = hardware_a["read_cycles_per_row"].get<double>();
  const double cycles_b = hardware_b["read_cycles_per_row"].get<double>();
  std::ostringstream latency;
  latency << "Mean latency is "
          << general(b["metrics"]["latency_ns"]["mean"].get<double>() /
                     a["metrics"]["latency_ns"]["mean"].get<double>())
          << "x and GSOPS " << general(b["metrics"]["gsops"].get<double>() / a["metrics"]["gsops"].get<double>())
          << "x: a row read takes " << general(hardware_a["stt_read_latency_ns"].get<double>()) << " -> "
          << general(hardware_b["stt_read_latency_ns"].get<double>()) << " ns, "
          << (cycles_a == cycles_b ? "the same " + general(cycles_a) + " cycles"
                                   : general(cycles_a) + " -> " + general(cycles_b) + " cycles")
          << " per row at the clock.";
  sentences.push_back(latency.str());
  std::ostringstream efficiency;
  efficiency << "GSOPS/W is "
             << general(b["metrics"]["gsops_per_w"].get<double>() / a["metrics"]["gsops_per_w"].get<double>())
             << "x (the inverse of energy per SOP) and GSOPS/W/mm2 "
             << general(b["metrics"]["gsops_per_w_per_mm2"].get<double>() /
                        a["metrics"]["gsops_per_w_per_mm2"].get<double>())
             << "x (also divided by the area ratio).";
  sentences.push_back(efficiency.str());
  return sentences;
}

}  // namespace

Profile spinaps_profile() { return {select_figures, table_rows, describe_workload, explain_difference}; }

}  // namespace spinaps::cli::compare
