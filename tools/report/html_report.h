#pragma once
// The run report as one self-contained HTML page (inline CSS and SVG; no script, no network):
// headline figures, energy and area breakdowns, latency and decision-step histograms, accuracy
// against T from the weights file's training record, the action table and where every
// configuration value came from. Built from the JSON report alone, so it shows exactly what the
// JSON says.
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::report {

/// The HTML page for a run report (schema_version 2).
std::string render_html_report(const nlohmann::ordered_json& report);

}  // namespace spinaps::report
