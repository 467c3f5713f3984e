// spinaps diff OLD NEW: compare two run reports metric by metric against per-metric tolerances.
// Exit 0: every metric within tolerance; 1: any outside; 2: unusable input (unreadable or
// non-report files, malformed tolerance file, reports of different accelerators, or of different
// workloads unless --allow-different-workloads).
#include <iostream>
#include <memory>

#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/report/report_diff.h"

namespace spinaps::cli {
namespace {

struct DiffOptions {
  std::string old_file;
  std::string new_file;
  std::string tolerances_file;  ///< empty: reports/tolerances/default.json
  std::string markdown_file;
  bool quiet = false;
  bool allow_different_workloads = false;
};

int diff(const DiffOptions& options) {
  const report::Tolerances tolerances = report::load_tolerances(
      options.tolerances_file.empty() ? report::default_tolerances_file() : options.tolerances_file);
  const auto old_report = report::read_run_report(options.old_file);
  const auto new_report = report::read_run_report(options.new_file);
  report::ReportDiff result =
      report::diff_reports(old_report, new_report, tolerances, options.allow_different_workloads);
  result.old_file = options.old_file;
  result.new_file = options.new_file;
  if (!options.markdown_file.empty()) {
    io::write_file_atomically(options.markdown_file, report::format_diff_markdown(result));
  }
  if (!options.quiet || !result.passed()) std::cout << report::format_diff_table(result);
  return result.passed() ? kExitOk : kExitFailure;
}

}  // namespace

void register_diff_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command = app.add_subcommand(
      "diff", "compare two run reports metric by metric; exit 0 within tolerance, 1 outside, 2 unusable input");
  command->add_option("old", options->old_file, "the reference report (e.g. reports/golden/spinaps.json)")->required();
  command->add_option("new", options->new_file, "the report to check")->required();
  command->add_option("--tolerances", options->tolerances_file,
                      "tolerance file (default: reports/tolerances/default.json; format in docs/reports.md)");
  command->add_option("--markdown", options->markdown_file, "also write the comparison as Markdown (PR comments)");
  command->add_flag("-q,--quiet", options->quiet, "print the table only when a metric is outside tolerance");
  command->add_flag("--allow-different-workloads", options->allow_different_workloads,
                    "compare reports whose workloads differ (other images, frames or model) instead of refusing");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return diff(*options); }); });
}

}  // namespace spinaps::cli
