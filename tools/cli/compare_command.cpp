// spinaps compare A.json B.json [--samples N] [--out cmp.json]: runs two designs of the same
// accelerator on the same workload (images or frames), prints their metrics side by side with the
// ratio B/A, and says in words which energy and area categories make the difference (computed from
// the breakdowns). What each accelerator selects and explains: compare_spinaps.cpp, compare_cnn.cpp.
// Each configuration is simulated by a child `spinaps run` process: one SystemC kernel per process.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "hw/common/accelerator_kind.h"
#include "models/io/atomic_file.h"
#include "tools/cli/commands.h"
#include "tools/cli/compare_support.h"
#include "tools/report/report_diff.h"

namespace spinaps::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct CompareOptions {
  std::string config_a;
  std::string config_b;
  std::uint32_t samples = 0;  ///< images or frames; 0: each configuration's own (they must agree)
  std::string out_file;
};

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

int compare_designs(const CompareOptions& options) {
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
  const std::string accelerator = report_a.value("accelerator", "");
  if (report_b.value("accelerator", "") != accelerator) {
    throw std::invalid_argument("compare: the two configurations are different accelerators ('" + accelerator +
                                "' and '" + report_b.value("accelerator", "") + "')");
  }
  if (const auto difference = report::first_workload_difference(report_a, report_b)) {
    throw std::invalid_argument("compare: the two configurations run different workloads, first at " + *difference +
                                "; give --samples N (images or frames) or make workload.* equal");
  }
  const compare::Profile profile = accelerator == hw::accelerator_kinds().name_of(hw::AcceleratorKind::kMemristiveCnn)
                                       ? compare::cnn_profile()
                                       : compare::spinaps_profile();
  const auto energy =
      compare::category_union(report_a["energy"]["by_category_pj"], report_b["energy"]["by_category_pj"]);
  const auto area = compare::category_union(report_a["area"]["by_category_mm2"], report_b["area"]["by_category_mm2"]);
  const Json a = profile.select(report_a, energy, area);
  const Json b = profile.select(report_b, energy, area);
  Json ratio = compare::ratios(a, b);
  std::vector<std::string> explanation = profile.explain(a, b);
  explanation.insert(explanation.begin() + 1,
                     compare::leakage_sentence(report_a, report_b, b["config"]["name"].get<std::string>()));
  std::cout << "A: " << options.config_a << "\nB: " << options.config_b
            << "\nsame workload: " << profile.workload_line(a) << "\n\n";
  compare::print_table(a, b, ratio, profile.rows(a));
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
  command->add_option(
      "--samples,--frames", options->samples,
      "images (SpinAPS) or frames (memristive CNN) per design (default: the configurations' own; must agree)");
  command->add_option("--out", options->out_file, "write {a, b, ratio, explanation} as JSON (atomically)");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return compare_designs(*options); }); });
}

}  // namespace spinaps::cli
