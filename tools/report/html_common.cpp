#include "tools/report/html_common.h"

#include <cstdio>
#include <sstream>

namespace spinaps::report::html {
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

/// "r,c->r,c" (the NoC statistics' link names) as a mesh link; false when the name is not of that form.
bool parse_link_name(const std::string& name, svg::MeshLink& link) {
  return std::sscanf(name.c_str(), "%d,%d->%d,%d", &link.from_row, &link.from_column, &link.to_row, &link.to_column) ==
         4;
}

}  // namespace

std::string page_head(const std::string& heading) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(heading) +
         "</title><style>" + kStyle + "</style></head><body>\n<h1>" + escape(heading) + "</h1>\n";
}

std::string provenance_paragraph(const OrderedJson& report, const std::string& workload_text) {
  const OrderedJson& tool = report["tool"];
  std::ostringstream out;
  out << "<p class=\"meta\">" << escape(workload_text) << ", seed " << report.value("seed", 0)
      << ". Configuration <code>" << escape(report["config"].value("file", "")) << "</code> (hash "
      << escape(report["config"].value("hash_fnv1a64", "")) << "). spinaps " << escape(tool.value("version", ""))
      << ", commit " << escape(tool.value("git_commit", "unknown"))
      << (tool.value("git_dirty", false) ? " (with uncommitted changes)" : "") << ". Command: <code>"
      << escape(report.value("command", "")) << "</code></p>\n";
  return out.str();
}

std::string row(const std::string& label, const std::string& value) {
  return "<tr><th>" + escape(label) + "</th><td class=\"num\">" + escape(value) + "</td></tr>";
}

std::vector<svg::Bar> bars_of(const OrderedJson& breakdown, double divisor) {
  std::vector<svg::Bar> bars;
  for (const auto& [name, value] : breakdown.items()) {
    if (value.is_number()) bars.push_back({name, divisor > 0.0 ? value.get<double>() / divisor : 0.0});
  }
  return bars;
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

std::string noc_section(const OrderedJson& statistics, int rows, int columns, const std::string& extra_rows) {
  const auto number = [&](const char* key) {
    return statistics.contains(key) && statistics[key].is_number() ? statistics[key].get<double>() : 0.0;
  };
  const std::string mesh = format_number("%.0f", rows) + "x" + format_number("%.0f", columns);
  std::ostringstream out;
  out << "<table class=\"headline\">" << row("mesh (rows x columns)", mesh) << extra_rows
      << row("packets injected / delivered",
             format_number("%.0f", number("packets_injected")) + " / " + format_number("%.0f", number("deliveries")))
      << row("flits injected / flit hops",
             format_number("%.0f", number("flits_injected")) + " / " + format_number("%.0f", number("flit_hops")))
      << row("injected flits per node per cycle", format_number("%.3g", number("injected_flits_per_node_cycle")));
  if (statistics.contains("latency_cycles")) {
    const OrderedJson& latency = statistics["latency_cycles"];
    out << row("packet latency mean / p50 / p99 / max (cycles)",
               format_number("%.2f", latency.value("mean", 0.0)) + " / " +
                   format_number("%.0f", latency.value("p50", 0.0)) + " / " +
                   format_number("%.0f", latency.value("p99", 0.0)) + " / " +
                   format_number("%.0f", latency.value("max", 0.0)));
  }
  if (statistics.contains("busiest_link")) {
    const OrderedJson& busiest = statistics["busiest_link"];
    out << row("busiest link", busiest.value("name", "") + ": " + format_number("%.0f", busiest.value("flits", 0.0)) +
                                   " flits, utilisation " + format_number("%.3g", busiest.value("utilisation", 0.0)));
  }
  out << "</table>\n";
  std::vector<svg::MeshLink> links;
  if (statistics.contains("links")) {
    for (const auto& entry : statistics["links"]) {
      svg::MeshLink link;
      if (!parse_link_name(entry.value("name", ""), link)) continue;
      link.utilisation = entry.value("utilisation", 0.0);
      link.flits = entry.value("flits", std::uint64_t{0});
      links.push_back(link);
    }
  }
  out << svg::mesh_heat_map("Link utilisation on the " + mesh + " mesh", rows, columns, links);
  return out.str();
}

}  // namespace spinaps::report::html
