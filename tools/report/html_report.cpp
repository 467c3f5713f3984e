#include "tools/report/html_report.h"

#include <cstdio>
#include <sstream>

#include "tools/report/html_common.h"
#include "tools/report/svg_plot.h"

namespace spinaps::report {
namespace {

using OrderedJson = nlohmann::ordered_json;
using html::bars_of;
using html::row;
using report::number_at;
using svg::escape;
using svg::format_number;

// The chip's network-on-chip (report key spinaps.chip.noc): what it carried, what it cost, and a
// heat map of link utilisation over the mesh. A single-core chip has no mesh to draw.
std::string noc_section(const OrderedJson& report) {
  const OrderedJson::json_pointer chip_path("/spinaps/chip");
  if (!report.contains(chip_path) || !report[chip_path].contains("noc")) {
    return "<p class=\"note\">This report has no network-on-chip section.</p>";
  }
  const OrderedJson& chip = report[chip_path];
  const OrderedJson& noc = chip["noc"];
  int rows = 1;
  int columns = 1;
  const std::string mesh = chip.contains("mapping") ? chip["mapping"].value("mesh", "1x1") : "1x1";
  if (std::sscanf(mesh.c_str(), "%dx%d", &rows, &columns) != 2) rows = columns = 1;
  if (rows * columns <= 1) {
    return "<p class=\"note\">This chip is a single core: its subarrays share the core's row buffer and no packet "
           "crosses a network-on-chip, so there is no link utilisation to show.</p>";
  }
  const auto number = [&](const char* key) { return noc.contains(key) ? noc[key].get<double>() : 0.0; };
  const std::string extra =
      row("cores used", format_number("%.0f", chip.value("cores_used", 0.0)) + " of " +
                            format_number("%.0f", chip.value("cores", 0.0))) +
      row("routing / fan-out", noc.value("routing", "") + " / " + noc.value("fan_out", "")) +
      row("packets: partial sums / spikes / output spikes", format_number("%.0f", number("partial_sum_packets")) +
                                                                " / " + format_number("%.0f", number("spike_packets")) +
                                                                " / " +
                                                                format_number("%.0f", number("output_spike_packets"))) +
      row("NoC energy (pJ, share of the run)", format_number("%.4g", number("energy_pj")) + " (" +
                                                   format_number("%.1f %%", 100.0 * number("energy_share")) + ")") +
      row("NoC area (mm2, share of the chip)", format_number("%.5f", number("area_mm2")) + " (" +
                                                   format_number("%.1f %%", 100.0 * number("area_share")) + ")");
  return html::noc_section(noc, rows, columns, extra);
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

std::string spinaps_page(const OrderedJson& report) {
  const double inferences = number_at(report, "/metrics/inferences");
  const double clock_mhz = number_at(report, "/metrics/clock_mhz");
  const std::string name = report["config"].value("name", "");
  std::ostringstream out;
  out << html::page_head("spinaps run report: " + name)
      << html::provenance_paragraph(report, report["workload"].value("description", "") + ", split " +
                                                report["workload"].value("split", "") + ", " +
                                                format_number("%.0f", inferences) + " inferences");
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
      << html::actions_table(report) << "\n<h2>Configuration values and their sources</h2>\n"
      << html::sources_table(report) << "\n</body></html>\n";
  return out.str();
}

}  // namespace

std::string render_html_report(const OrderedJson& report) {
  return report.value("accelerator", "") == "memristive_cnn" ? render_cnn_html_report(report) : spinaps_page(report);
}

}  // namespace spinaps::report
