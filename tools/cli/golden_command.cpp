// spinaps golden [CONFIG...]: the golden-report regression gate.
//   check (default): run each configuration as its golden report was made (same image or frame count) and
//                    compare the fresh report with reports/golden/NAME.json under the tolerances;
//                    exit 0 all within tolerance, 1 any outside or a golden report missing, 2 bad input.
//   --update:        regenerate the golden reports on purpose, printing what moved for review.
// Each configuration is simulated by a child `spinaps run` process: one SystemC kernel per process.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "tools/cli/commands.h"
#include "tools/report/report_diff.h"

namespace spinaps::cli {
namespace {

namespace fs = std::filesystem;

struct GoldenOptions {
  std::vector<std::string> configs;  ///< default: every configs/*.json
  std::string golden_dir;            ///< default: reports/golden beside those configs
  std::string tolerances_file;
  std::string markdown_file;
  std::string keep_dir;       ///< check only: keep each fresh report here with its HTML page and Markdown summary
  std::uint32_t samples = 0;  ///< --update only; 0: the golden report's count, else the configuration's
  bool update = false;
};

/// Where configs/ and reports/golden/ are: the working directory when it has them (a clone of the
/// repository), else the installed data (models/io/data_paths.h).
fs::path shipped_root() { return fs::is_directory("configs") ? fs::path() : fs::path(io::data_root()); }

std::vector<std::string> shipped_configs() {
  std::vector<std::string> configs;
  for (const auto& entry : fs::directory_iterator(shipped_root() / "configs")) {
    if (entry.path().extension() != ".json") continue;
    configs.push_back(entry.path().generic_string());
  }
  std::sort(configs.begin(), configs.end());
  return configs;
}

/// The inputs a report's run simulated: images (SpinAPS chip) or frames (memristive CNN).
std::uint64_t workload_count(const nlohmann::json& report) {
  const nlohmann::json& workload = report["workload"];
  for (const char* key : {"samples", "frames"}) {
    if (workload.contains(key) && workload[key].is_number_unsigned()) return workload[key].get<std::uint64_t>();
  }
  throw std::invalid_argument("workload: the golden report gives neither workload.samples nor workload.frames");
}

int golden(const GoldenOptions& options) {
  const report::Tolerances tolerances = report::load_tolerances(
      options.tolerances_file.empty() ? report::default_tolerances_file() : options.tolerances_file);
  const std::vector<std::string> configs = options.configs.empty() ? shipped_configs() : options.configs;
  const std::string golden_dir =
      options.golden_dir.empty() ? (shipped_root() / "reports" / "golden").generic_string() : options.golden_dir;
  const fs::path scratch = fs::temp_directory_path() / ("spinaps-golden-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  if (!options.keep_dir.empty()) {
    if (options.update) throw std::invalid_argument("--keep: applies to the check, not to --update");
    fs::create_directories(options.keep_dir);
  }
  std::string markdown;
  int worst = kExitOk;
  for (const std::string& config : configs) {
    const std::string name = fs::path(config).stem().string();
    const std::string golden_file = (fs::path(golden_dir) / (name + ".json")).generic_string();
    bool have_golden = fs::exists(golden_file);
    nlohmann::json old_report;
    if (have_golden) {
      try {
        old_report = report::read_run_report(golden_file);
      } catch (const config::ConfigError& error) {
        // --update replaces a golden report it cannot compare with (an earlier format); the check
        // refuses it.
        if (!options.update) throw;
        std::cout << "spinaps golden: " << golden_file << " is replaced without a comparison: " << error.what() << "\n";
        have_golden = false;
      }
    }
    std::vector<std::string> arguments = {"run", config, "-q", "--out"};
    std::string fresh_file;
    if (options.update) {
      // The golden report records this very command, so re-running it reproduces the file byte for byte.
      fs::create_directories(golden_dir);
      fresh_file = golden_file;
      arguments.push_back(golden_file);
      // The count: --samples, else the existing golden report's (a short CNN golden run stays short),
      // else the configuration's own.
      const std::uint64_t count =
          options.samples != 0 ? options.samples : (have_golden ? workload_count(old_report) : 0);
      if (count != 0) arguments.insert(arguments.end(), {"--samples", std::to_string(count)});
    } else {
      if (!have_golden) {
        std::cout << "spinaps golden: " << config << ": no golden report " << golden_file
                  << " (create it with: spinaps golden --update " << config << ")\n";
        worst = std::max<int>(worst, kExitFailure);
        continue;
      }
      if (options.keep_dir.empty()) {
        fresh_file = (scratch / (name + ".json")).string();
        arguments.push_back(fresh_file);
      } else {
        const fs::path kept = fs::path(options.keep_dir) / name;
        fresh_file = kept.string() + ".json";
        arguments.insert(arguments.end(),
                         {fresh_file, "--html", kept.string() + ".html", "--markdown", kept.string() + ".md"});
      }
      arguments.insert(arguments.end(), {"--samples", std::to_string(workload_count(old_report))});
    }
    std::string output;
    const int code = run_self(arguments, output);
    if (code != kExitOk) {
      std::cerr << output << "spinaps golden: " << config << ": spinaps run failed (exit " << code << ")\n";
      fs::remove_all(scratch);
      return code == kExitBadInput ? kExitBadInput : kExitFailure;
    }
    if (!have_golden) {
      std::cout << "spinaps golden: " << config << ": new golden report " << golden_file << "\n";
      continue;
    }
    // --update shows what moved even when the workload itself changed (e.g. another frame count).
    report::ReportDiff result =
        report::diff_reports(old_report, report::read_run_report(fresh_file), tolerances, options.update);
    result.old_file = golden_file;
    result.new_file = options.update ? golden_file + " (regenerated)" : config + " (fresh run)";
    std::cout << report::format_diff_table(result);
    markdown += report::format_diff_markdown(result) + "\n";
    if (options.update) {
      std::cout << "  golden report " << golden_file << " regenerated; review the change with git diff\n";
    } else if (!result.passed()) {
      worst = std::max<int>(worst, kExitFailure);
    }
  }
  fs::remove_all(scratch);
  if (!options.markdown_file.empty()) io::write_file_atomically(options.markdown_file, markdown);
  return worst;
}

}  // namespace

void register_golden_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<GoldenOptions>();
  CLI::App* command = app.add_subcommand(
      "golden", "compare fresh runs with the golden reports (reports/golden), or regenerate them with --update");
  command->add_option("configs", options->configs, "configurations (default: every configs/*.json)");
  command->add_option("--golden-dir", options->golden_dir,
                      "directory of golden reports (default: reports/golden here, else the installed ones)");
  command->add_option("--tolerances", options->tolerances_file,
                      "tolerance file (default: reports/tolerances/default.json)");
  command->add_option("--markdown", options->markdown_file, "also write the comparisons as Markdown");
  command->add_option("--keep", options->keep_dir,
                      "keep each fresh report here as NAME.json with NAME.html and NAME.md (CI artifacts)");
  command->add_flag("--update", options->update, "regenerate the golden reports and show what moved");
  command->add_option("--samples,--frames", options->samples,
                      "with --update: images or frames per report (default: the existing golden report's count, else "
                      "the configuration's workload.samples or workload.frames)");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return golden(*options); }); });
}

}  // namespace spinaps::cli
