// spinaps compare A.json B.json [--samples N] [--out cmp.json]: runs two designs on the same
// workload and samples, prints their metrics side by side with the ratio B/A, and says in words
// which energy and area categories make the difference (computed from the breakdowns).
// Each configuration is simulated by a child `spinaps run` process: one SystemC kernel per process.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "hw/common/accelerator_kind.h"
#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/report/report_diff.h"

namespace spinaps::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct CompareOptions {
  std::string config_a;
  std::string config_b;
  std::uint32_t samples = 0;  ///< 0: each configuration's workload.samples (they must agree)
  std::string out_file;
};

/// The metric keys compared, at the same paths as in a report (so a["metrics"]["gsops"] is the
/// report's metrics.gsops and a["energy"]["by_category_pj"] its energy by category). Category
/// breakdowns are the union of both designs' categories.
Json select_metrics(const nlohmann::json& report, const std::vector<std::string>& energy_categories,
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
  Json energy_breakdown = Json::object();
  for (const auto& category : energy_categories) {
    energy_breakdown[category] = report.at("energy").at("by_category_pj").value(category, 0.0);
  }
  out["energy"] = {{"by_category_pj", energy_breakdown}};
  Json area_breakdown = Json::object();
  for (const auto& category : area_categories) {
    area_breakdown[category] = report.at("area").at("by_category_mm2").value(category, 0.0);
  }
  out["area"] = {{"by_category_mm2", area_breakdown}};
  const auto& own = report.at("spinaps");
  out["spinaps"] = {{"hardware",
                     {{"read_cycles_per_row", own.at("hardware").at("read_cycles_per_row")},
                      {"stt_read_latency_ns", own.at("hardware").at("stt_read_latency_ns")}}},
                    {"weight_programming", {{"energy_pj", own.at("weight_programming").at("energy_pj")}}}};
  return out;
}

/// b/a for every numeric leaf (1 when both are 0, null when only a is 0); strings are left out.
Json ratios(const Json& a, const Json& b) {
  Json out = Json::object();
  for (const auto& item : a.items()) {
    const Json& x = item.value();
    const Json& y = b.at(item.key());
    if (x.is_object()) {
      out[item.key()] = ratios(x, y);
    } else if (x.is_number()) {
      const double va = x.get<double>(), vb = y.get<double>();
      out[item.key()] = va != 0.0 ? Json(vb / va) : (vb == 0.0 ? Json(1.0) : Json(nullptr));
    }
  }
  return out;
}

std::vector<std::string> category_union(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> names;
  for (const auto* breakdown : {&a, &b}) {
    for (const auto& item : breakdown->items()) {
      if (std::find(names.begin(), names.end(), item.key()) == names.end()) names.push_back(item.key());
    }
  }
  return names;
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << value;
  return out.str();
}

std::string general(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

/// One sentence naming the categories that make most of the change of `total_key` (e.g. energy per
/// inference): categories sorted by |b - a|, named until they cover 90 % of the summed changes.
std::string driver_sentence(const std::string& what, const std::string& unit, const Json& a, const Json& b,
                            double scale, const std::string& name_b) {
  std::vector<std::pair<std::string, double>> changes;
  double total_a = 0.0, total_b = 0.0, magnitude = 0.0;
  for (const auto& item : a.items()) {
    const double va = item.value().get<double>() * scale, vb = b.at(item.key()).get<double>() * scale;
    total_a += va;
    total_b += vb;
    changes.emplace_back(item.key(), vb - va);
    magnitude += std::abs(vb - va);
  }
  std::sort(changes.begin(), changes.end(),
            [](const auto& x, const auto& y) { return std::abs(x.second) > std::abs(y.second); });
  std::ostringstream out;
  if (magnitude == 0.0) {
    out << what << " is the same in both designs (" << general(total_a) << " " << unit << ").";
    return out.str();
  }
  out << what << " is " << general(total_b / total_a) << "x in " << name_b << " (" << general(total_a) << " -> "
      << general(total_b) << " " << unit << "); ";
  double covered = 0.0;
  std::size_t named = 0;
  for (const auto& [category, change] : changes) {
    if (named > 0 && (covered >= 0.9 * magnitude || named == 3)) break;
    out << (named == 0 ? "" : ", ") << category << " " << (change >= 0 ? "+" : "") << general(change) << " " << unit
        << " (" << fixed(100.0 * std::abs(change) / magnitude, 0) << " % of the change)";
    covered += std::abs(change);
    ++named;
  }
  out << (named == 1 ? " accounts for it." : " account for it.");
  return out.str();
}

/// Leakage power by category from a report's area.components, over `categories`.
Json leakage_by_category(const nlohmann::json& report, const std::vector<std::string>& categories) {
  Json out = Json::object();
  for (const auto& category : categories) out[category] = 0.0;
  for (const auto& component : report.at("area").at("components")) {
    const std::string category = component.at("category").get<std::string>();
    out[category] = out.value(category, 0.0) + component.at("leakage_mw").get<double>();
  }
  return out;
}

/// The report's leakage is one energy category; this sentence splits its change by component category.
std::string leakage_sentence(const nlohmann::json& report_a, const nlohmann::json& report_b,
                             const std::string& name_b) {
  std::vector<std::string> categories;
  for (const auto* report : {&report_a, &report_b}) {
    for (const auto& component : report->at("area").at("components")) {
      const std::string category = component.at("category").get<std::string>();
      if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
        categories.push_back(category);
      }
    }
  }
  return driver_sentence("Leakage power", "mW", leakage_by_category(report_a, categories),
                         leakage_by_category(report_b, categories), 1.0, name_b);
}

std::vector<std::string> explain(const Json& a, const Json& b) {
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

void print_table(const Json& a, const Json& b, const Json& ratio) {
  struct Row {
    std::string label;
    std::vector<std::string> path;
    double scale;
  };
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
  auto at = [](const Json& root, const std::vector<std::string>& path) -> const Json& {
    const Json* node = &root;
    for (const auto& key : path) node = &node->at(key);
    return *node;
  };
  std::printf("%-28s %14s %14s %10s\n", "metric", "A", "B", "B/A");
  std::printf("%-28s %14s %14s\n", "", a["config"]["name"].get<std::string>().substr(0, 14).c_str(),
              b["config"]["name"].get<std::string>().substr(0, 14).c_str());
  for (const Row& row : rows) {
    const Json& r = at(ratio, row.path);
    std::printf("%-28s %14s %14s %10s\n", row.label.c_str(), general(at(a, row.path).get<double>() * row.scale).c_str(),
                general(at(b, row.path).get<double>() * row.scale).c_str(),
                r.is_null() ? "-" : general(r.get<double>()).c_str());
  }
}

nlohmann::json run_design(const std::string& config, std::uint32_t samples, const fs::path& out_file) {
  if (!fs::is_regular_file(config)) {
    throw std::invalid_argument("compare: cannot read configuration '" + config + "' (no such file)");
  }
  std::vector<std::string> arguments = {"run", config, "-q", "--out", out_file.string()};
  if (samples != 0) arguments.insert(arguments.end(), {"--samples", std::to_string(samples)});
  std::string output;
  const int code = run_self(arguments, output);
  if (code == kExitBadInput) {
    throw std::invalid_argument("compare: " + config + ": " + output.substr(0, output.find_last_not_of('\n') + 1));
  }
  if (code != kExitOk) {
    throw std::runtime_error("compare: spinaps run " + config + " failed (exit " + std::to_string(code) +
                             "): " + output);
  }
  return report::read_run_report(out_file.string());
}

int compare(const CompareOptions& options) {
  const fs::path scratch = fs::temp_directory_path() / ("spinaps-compare-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  nlohmann::json report_a, report_b;
  try {
    report_a = run_design(options.config_a, options.samples, scratch / "a.json");
    report_b = run_design(options.config_b, options.samples, scratch / "b.json");
  } catch (...) {
    fs::remove_all(scratch);
    throw;
  }
  fs::remove_all(scratch);
  if (report_a["workload"] != report_b["workload"]) {
    throw std::invalid_argument("compare: the two configurations run different workloads (" +
                                report_a["workload"].dump() + " vs " + report_b["workload"].dump() +
                                "); give --samples N or make workload.* equal");
  }
  for (const auto* report : {&report_a, &report_b}) {
    if (report->value("accelerator", "") != hw::accelerator_kinds().name_of(hw::AcceleratorKind::kSpinaps)) {
      throw std::invalid_argument("compare: both configurations must be SpinAPS chips for now ('" +
                                  report->value("accelerator", "") + "' is not)");
    }
  }
  const auto energy = category_union(report_a["energy"]["by_category_pj"], report_b["energy"]["by_category_pj"]);
  const auto area = category_union(report_a["area"]["by_category_mm2"], report_b["area"]["by_category_mm2"]);
  const Json a = select_metrics(report_a, energy, area);
  const Json b = select_metrics(report_b, energy, area);
  Json ratio = ratios(a, b);
  std::vector<std::string> explanation = explain(a, b);
  explanation.insert(explanation.begin() + 1,
                     leakage_sentence(report_a, report_b, b["config"]["name"].get<std::string>()));
  std::cout << "A: " << options.config_a << "\nB: " << options.config_b
            << "\nsame workload: " << a["workload"]["samples"] << " " << a["workload"]["split"].get<std::string>()
            << " samples of " << a["workload"]["dataset"].get<std::string>() << "\n\n";
  print_table(a, b, ratio);
  std::cout << "\n";
  for (const auto& sentence : explanation) std::cout << sentence << "\n";
  if (!options.out_file.empty()) {
    Json document;
    document["a"] = a;
    document["b"] = b;
    document["ratio"] = ratio;
    document["explanation"] = explanation;
    io::write_file_atomically(options.out_file, document.dump(2) + "\n");
  }
  return kExitOk;
}

}  // namespace

void register_compare_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* command = app.add_subcommand(
      "compare", "run two designs on the same workload and print their metrics side by side with ratios B/A");
  command->add_option("a", options->config_a, "configuration A, e.g. configs/spinaps.json")->required();
  command->add_option("b", options->config_b, "configuration B, e.g. configs/sram_baseline.json")->required();
  command->add_option("--samples", options->samples, "images per design (default: workload.samples; must agree)");
  command->add_option("--out", options->out_file, "write {a, b, ratio, explanation} as JSON (atomically)");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return compare(*options); }); });
}

}  // namespace spinaps::cli
