#pragma once
// The run report as one self-contained HTML page (inline CSS and SVG; no script, no network).
// SpinAPS chip: headline figures, energy and area breakdowns, latency and decision-step
// histograms, accuracy against T from the weights file's training record, the network-on-chip.
// Memristive CNN: headline figures, fidelity with its floors and against ground truth, energy and
// area, the layer table with cycles per layer, the input queue, converters and the NoC.
// Both: the action table and where every configuration value came from. Built from the JSON
// report alone, so a page shows exactly what the JSON says.
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::report {

/// The HTML page for a run report of either accelerator (by its "accelerator" field).
std::string render_html_report(const nlohmann::ordered_json& report);

/// The HTML page for a memristive CNN run report (tools/report/cnn_html_report.cpp).
std::string render_cnn_html_report(const nlohmann::ordered_json& report);

}  // namespace spinaps::report
