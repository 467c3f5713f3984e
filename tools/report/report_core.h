#pragma once
// The shape every spinaps report shares, whichever accelerator it describes (schema
// reports/schema/report.schema.json, docs/reports.md):
//   schema, schema_version, accelerator, tool, command, config, seed,
//   workload        what ran (the accelerator's own keys),
//   metrics         the headline figures (what diff, sweep, pareto and compare read),
//   energy          total, dynamic, leakage, by category and per action (energy::price, the one place
//                   counts become energy),
//   area            total and by category, every component with its area and leakage,
//   statistics      named statistics with units, published once at the end of the run,
//   definitions     what each figure means,
//   parameters      every technology number used, with its source and scaling,
//   [golden_check]  when the golden model was run,
//   <accelerator>   the accelerator's own sections, under its name ("spinaps", "memristive_cnn").
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/common/accelerator_kind.h"
#include "hw/common/run_result.h"
#include "models/config/config_reader.h"

namespace spinaps::report {

using OrderedJson = nlohmann::ordered_json;

inline constexpr const char* kReportSchema = "spinaps-report";
/// The report schema version (reports/schema/report.schema.json); version 3 is the first shared by
/// both accelerators.
inline constexpr int kReportSchemaVersion = 3;

/// How the configuration was given on the command line, to attribute each value to its source.
struct CommandLineInputs {
  std::vector<std::string> overrides;  ///< the -p key.path=value assignments, in order
  std::string data_dir;                ///< --data, empty when not given
};

/// Where a report's configuration came from.
struct ReportIdentity {
  hw::AcceleratorKind accelerator = hw::AcceleratorKind::kSpinaps;
  std::string command_line;
  std::string config_name;
  std::string config_file;
  config::Json document;          ///< the effective document after -p overrides
  OrderedJson parameter_sources;  ///< parameter_sources(...) of the document
  std::uint64_t seed = 0;
};

/// What an accelerator's report builder hands the common assembly.
struct ReportParts {
  OrderedJson workload = OrderedJson::object();
  OrderedJson metrics = OrderedJson::object();
  OrderedJson definitions = OrderedJson::object();
  OrderedJson own = OrderedJson::object();  ///< the accelerator's own sections
  std::vector<std::string> category_order;  ///< energy and area categories listed first, in this order
};

/// The whole report in the common shape (see the top of this file). `energy` is the run's priced
/// energy (hw::RunResult::energy()).
OrderedJson assemble_report(const ReportIdentity& identity, const ReportParts& parts, const hw::RunResult& run,
                            const energy::EnergyBreakdown& energy);

/// {"total_pj", "dynamic_pj", "leakage_pj", "leakage_power_mw", "elapsed_ns", "by_category_pj",
/// "actions": {name: {count, energy_pj_per_action, energy_pj, category, unit}}}.
OrderedJson energy_section(const energy::EnergyBreakdown& energy, const energy::ActionTable& table,
                           const std::vector<std::string>& category_order);
/// {"total_mm2", "total_leakage_mw", "by_category_mm2", "leakage_by_category_mw", "components": [...]}.
OrderedJson area_section(const energy::ComponentTable& components, const std::vector<std::string>& category_order);

/// One entry per configuration value, keyed by its dotted path:
/// {"value", "source": "file" | "override" | "default", "detail"}; `defaults` are values of optional
/// keys the document left out, as the parser filled them.
OrderedJson parameter_sources(const config::Json& document, const std::string& file, const CommandLineInputs& inputs,
                              const std::vector<std::pair<std::string, config::Json>>& defaults);

/// Nearest-rank percentile (p in (0, 100]) of `values`; 0 for an empty list.
double percentile(std::vector<double> values, double p);
/// Summary statistics of a list: mean, p50, p99, max (nearest rank).
OrderedJson summarise(const std::vector<double>& values);
/// Counts of `values` in bins [n*width, (n+1)*width) with a 1-2-5 width giving at most about
/// `max_bins` bins: {"bin_width": w, "counts": [...]}.
OrderedJson histogram(const std::vector<double>& values, std::size_t max_bins);
/// numerator / denominator, 0 when the denominator is not positive.
double safe_ratio(double numerator, double denominator);

/// The number at a JSON pointer of a report, or 0 when absent or not a number (for the renderers
/// of a finished report: HTML, Markdown).
double number_at(const OrderedJson& report, const char* pointer);
/// 64-bit FNV-1a of a string, as 16 hex digits (config hashes).
std::string fnv1a_hex(const std::string& text);

}  // namespace spinaps::report
