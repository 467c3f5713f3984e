#include "tools/report/html_report.h"

#include <sstream>

#include "tools/report/svg_plot.h"

namespace spinaps::report {
namespace {

using OrderedJson = nlohmann::ordered_json;
using svg::escape;
using svg::format_number;

const char* const kStyle =
    "body{font-family:sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.4}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
    ".meta{color:#555;font-size:13px}.note{color:#555;font-style:italic}svg.plot{display:block;margin:8px 0}"
    "code{background:#f3f3f3;padding:0 3px}";

double number_at(const OrderedJson& report, const char* pointer) {
  const OrderedJson::json_pointer path(pointer);
  return report.contains(path) && report[path].is_number() ? report[path].get<double>() : 0.0;
}

std::string row(const std::string& label, const std::string& value) {
  return "<tr><th>" + escape(label) + "</th><td class=\"num\">" + escape(value) + "</td></tr>";
}

std::string headline_table(const OrderedJson& report) {
  const auto n = [&](const char* pointer) { return number_at(report, pointer); };
  std::ostringstream out;
  out << "<table class=\"headline\">" << row("accuracy", format_number("%.2f %%", 100.0 * n("/metrics/accuracy")))
      << row("inferences", format_number("%.0f", n("/metrics/inferences")))
      << row("decision time step mean / p50 / p99", format_number("%.2f", n("/metrics/decision_step/mean")) + " / " +
                                                        format_number("%.0f", n("/metrics/decision_step/p50")) + " / " +
                                                        format_number("%.0f", n("/metrics/decision_step/p99")))
      << row("latency mean / p50 / p99 (ns)", format_number("%.1f", n("/metrics/latency_ns/mean")) + " / " +
                                                  format_number("%.1f", n("/metrics/latency_ns/p50")) + " / " +
                                                  format_number("%.1f", n("/metrics/latency_ns/p99")))
      << row("SOPs per inference", format_number("%.1f", n("/metrics/sops_per_inference")))
      << row("GSOPS", format_number("%.4g", n("/metrics/gsops")))
      << row("GSOPS/W", format_number("%.4g", n("/metrics/gsops_per_w")))
      << row("GSOPS/W/mm2", format_number("%.4g", n("/metrics/gsops_per_w_per_mm2")))
      << row("energy per inference (pJ)", format_number("%.2f", n("/metrics/energy_pj/per_inference")))
      << row("energy per SOP (pJ)", format_number("%.4f", n("/metrics/energy_pj/per_sop")))
      << row("average power (mW)", format_number("%.4f", n("/metrics/average_power_mw")))
      << row("area (mm2)", format_number("%.5f", n("/metrics/area_mm2/total")));
  if (report.contains("golden_check")) {
    out << row("golden-model mismatches", format_number("%.0f", number_at(report, "/golden_check/mismatches")));
  }
  out << "</table>";
  return out.str();
}

std::vector<svg::Bar> bars_of(const OrderedJson& breakdown, double divisor) {
  std::vector<svg::Bar> bars;
  for (const auto& [name, value] : breakdown.items()) {
    if (value.is_number()) bars.push_back({name, divisor > 0.0 ? value.get<double>() / divisor : 0.0});
  }
  return bars;
}

svg::Histogram histogram_of(const OrderedJson& node, const char* first_key, const char* width_key) {
  svg::Histogram histogram;
  histogram.first = node.value(first_key, 0.0);
  histogram.width = node.value(width_key, 1.0);
  histogram.counts = node.value("counts", std::vector<std::uint64_t>{});
  return histogram;
}

std::string accuracy_section(const OrderedJson& report) {
  const OrderedJson::json_pointer record("/spinaps/weights/training/accuracy_vs_time_steps");
  if (!report.contains(record) || !report[record].is_array() || report[record].empty()) {
    return "<p class=\"note\">The weights file has no training record of accuracy against T "
           "(<code>training.accuracy_vs_time_steps</code>); <code>spinaps train</code> writes one.</p>";
  }
  std::vector<svg::Point> points;
  for (const auto& entry : report[record]) {
    points.push_back({entry.value("time_steps", 0.0), 100.0 * entry.value("accuracy", 0.0)});
  }
  const double time_steps = report["config"]["effective"]["snn"].value("time_steps", 0.0);
  const std::vector<svg::Point> measured = {{time_steps, 100.0 * number_at(report, "/metrics/accuracy")}};
  return svg::line_chart(
      "Accuracy against the number of time steps T", points, "training record (test split, golden model)", measured,
      "this run (cycle-accurate, " + format_number("%.0f", number_at(report, "/metrics/inferences")) + " inferences)",
      "time steps T", "accuracy (%)");
}

std::string actions_table(const OrderedJson& report) {
  std::ostringstream out;
  out << "<table><tr><th>action</th><th>category</th><th>count</th><th>pJ per action</th><th>energy (pJ)</th></tr>";
  for (const auto& [name, action] : report["energy"]["actions"].items()) {
    out << "<tr><td>" << escape(name) << "</td><td>" << escape(action.value("category", ""))
        << "</td><td class=\"num\">" << format_number("%.0f", action.value("count", 0.0)) << "</td><td class=\"num\">"
        << format_number("%.4g", action.value("energy_pj_per_action", 0.0)) << "</td><td class=\"num\">"
        << format_number("%.4g", action.value("energy_pj", 0.0)) << "</td></tr>";
  }
  out << "</table>";
  return out.str();
}

std::string sources_table(const OrderedJson& report) {
  const OrderedJson::json_pointer path("/config/parameter_sources");
  if (!report.contains(path)) return "";
  std::ostringstream out;
  out << "<table><tr><th>key</th><th>value</th><th>source</th></tr>";
  for (const auto& [key, entry] : report[path].items()) {
    const OrderedJson& value = entry["value"];
    out << "<tr><td><code>" << escape(key) << "</code></td><td>"
        << escape(value.is_string() ? value.get<std::string>() : value.dump()) << "</td><td>"
        << escape(entry.value("source", "") + ": " + entry.value("detail", "")) << "</td></tr>";
  }
  out << "</table>";
  return out.str();
}

// Extension point: a chip with a network-on-chip adds a "noc" section to the run report; its
// link-utilisation heat map is drawn here. Until a NoC model exists the section says so rather
// than drawing a plot of numbers nobody measured.
std::string noc_section(const OrderedJson& report) {
  if (!report.contains("noc")) {
    return "<p class=\"note\">This chip is a single core: its subarrays share the core's row buffer and there is no "
           "network-on-chip, so there is no link utilisation to show. The heat map appears here once the "
           "simulator models a NoC (report key <code>noc</code>).</p>";
  }
  return "<p class=\"note\">This report has a <code>noc</code> section, but this version of spinaps does not yet "
         "know how to draw it.</p>";
}

}  // namespace

std::string render_html_report(const OrderedJson& report) {
  const double inferences = number_at(report, "/metrics/inferences");
  const double clock_mhz = number_at(report, "/metrics/clock_mhz");
  const std::string name = report["config"].value("name", "");
  const OrderedJson& tool = report["tool"];
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spinaps report: " << escape(name)
      << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<h1>spinaps run report: " << escape(name) << "</h1>\n<p class=\"meta\">"
      << escape(report["workload"].value("description", "")) << ", split "
      << escape(report["workload"].value("split", "")) << ", " << format_number("%.0f", inferences)
      << " inferences, seed " << report.value("seed", 0) << ". Configuration <code>"
      << escape(report["config"].value("file", "")) << "</code> (hash "
      << escape(report["config"].value("hash_fnv1a64", "")) << "). spinaps " << escape(tool.value("version", ""))
      << ", commit " << escape(tool.value("git_commit", "unknown"))
      << (tool.value("git_dirty", false) ? " (with uncommitted changes)" : "") << ". Command: <code>"
      << escape(report.value("command", "")) << "</code></p>\n";
  out << "<h2>Headline figures</h2>\n" << headline_table(report) << "\n";
  out << "<h2>Energy per inference</h2>\n"
      << svg::bar_chart("Energy per inference by category (pJ)",
                        bars_of(report["energy"]["by_category_pj"], inferences), "%.4g", "pJ")
      << "\n<h2>Area</h2>\n"
      << svg::bar_chart("Area by category (mm2)", bars_of(report["area"]["by_category_mm2"], 1.0), "%.5f", "mm2")
      << "\n<h2>Latency</h2>\n"
      << svg::histogram_chart("Latency per inference",
                              histogram_of(report["spinaps"]["distributions"]["latency_cycles"], "", "bin_width"),
                              "latency (ns)", clock_mhz > 0.0 ? 1000.0 / clock_mhz : 1.0, false)
      << "\n<h2>Decision time step</h2>\n"
      << svg::histogram_chart("Time step of the decision (first output spike, or T)",
                              histogram_of(report["spinaps"]["distributions"]["decision_step"], "first_step", ""),
                              "time step", 1.0, true)
      << "\n<h2>Accuracy against T</h2>\n"
      << accuracy_section(report) << "\n<h2>Network-on-chip link utilisation</h2>\n"
      << noc_section(report) << "\n<h2>Actions</h2>\n"
      << actions_table(report) << "\n<h2>Configuration values and their sources</h2>\n"
      << sources_table(report) << "\n</body></html>\n";
  return out.str();
}

}  // namespace spinaps::report
