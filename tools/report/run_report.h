#pragma once
// Turns a simulation's counts into the report: accuracy, latency, SOPs, GSOPS, GSOPS/W,
// GSOPS/W/mm2, energy and area with their breakdowns. The definitions (what one SOP is, what
// latency includes) are written into the report itself and into README.md.
#include <nlohmann/json.hpp>
#include <string>

#include "hw/chip/chip_config.h"
#include "hw/chip/simulation.h"
#include "tools/report/provenance.h"

namespace spinaps::report {

using OrderedJson = nlohmann::ordered_json;

/// Nearest-rank percentile (p in (0, 100]) of `values`; 0 for an empty list.
double percentile(std::vector<double> values, double p);

/// Summary statistics of a list: mean, p50, p99, max.
OrderedJson summarise(const std::vector<double>& values);

/// The full run report (schema reports/schema/run-report.schema.json). `inputs` attributes each
/// configuration value to the file or the command line; the weights file is read for its hash and
/// training record.
OrderedJson build_run_report(const chip::ChipConfig& config, const chip::SimulationResult& simulation,
                             const std::string& dataset_description, const std::string& command_line,
                             const CommandLineInputs& inputs = {});

/// Counts of `values` in bins [n*width, (n+1)*width) with a 1-2-5 width giving at most about
/// `max_bins` bins: {"bin_width": w, "counts": [...]}.
OrderedJson histogram(const std::vector<double>& values, std::size_t max_bins);

/// The current run-report schema version (reports/schema/run-report.schema.json).
constexpr int kRunReportSchemaVersion = 2;

/// The human-readable table printed after a run.
std::string format_run_report(const OrderedJson& report);

/// 64-bit FNV-1a of a string, as 16 hex digits (config hashes).
std::string fnv1a_hex(const std::string& text);

}  // namespace spinaps::report
