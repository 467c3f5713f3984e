#pragma once
// What the HTML pages of both accelerators share: the style sheet, the page head, table rows, a
// breakdown as bars, the table of configuration sources and the network-on-chip section. Built
// from the JSON report alone, so a page shows exactly what its report says.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/report/report_core.h"
#include "tools/report/svg_plot.h"

namespace spinaps::report::html {

/// The page from <!DOCTYPE> to the opening <body>, with `heading` as title and first heading.
std::string page_head(const std::string& heading);

/// The paragraph under the heading: workload, seed, configuration file and hash, tool version and
/// commit, and the command that made the report.
std::string provenance_paragraph(const nlohmann::ordered_json& report, const std::string& workload_text);

/// A table row of a label and a right-aligned value.
std::string row(const std::string& label, const std::string& value);

/// The numeric entries of a breakdown object as bars, each divided by `divisor` (0 gives zeros).
std::vector<svg::Bar> bars_of(const nlohmann::ordered_json& breakdown, double divisor);

/// Every configuration value with its source (report key config.parameter_sources).
std::string sources_table(const nlohmann::ordered_json& report);

/// The action table: count, energy per action and energy of each action (report key energy.actions).
std::string actions_table(const nlohmann::ordered_json& report);

/// A network-on-chip section from NoC statistics (packets, flits, latency, busiest link, links) on
/// a rows x columns mesh: a table of its figures and a heat map of link utilisation. `extra_rows`
/// (table rows) come first.
std::string noc_section(const nlohmann::ordered_json& statistics, int rows, int columns, const std::string& extra_rows);

}  // namespace spinaps::report::html
