// spinaps validate [--out docs/validation.md] [--samples N]: regenerates the validation report. The
// accuracy sections run the GoldenModel and the logistic-regression baseline in this process; the
// cycle-accurate runs and the STT-RAM/SRAM comparison are child `spinaps run` / `spinaps compare`
// processes (one SystemC kernel per process); the NVSim section reads its reference data file and
// the macro section its published figures, and both evaluate the simulator's models in this process.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "models/config/config_reader.h"
#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "tools/cli/commands.h"
#include "tools/validation/macro_validation.h"
#include "tools/validation/memory_validation.h"
#include "tools/validation/nvsim_validation.h"
#include "tools/validation/validation_report.h"

namespace spinaps::cli {
namespace {

namespace fs = std::filesystem;

struct ValidateOptions {
  std::string out_file;       ///< empty: print to stdout
  std::uint32_t samples = 0;  ///< test samples per workload (0: all)
  std::string digits = "configs/spinaps.json";
  std::string activity = "configs/spinaps_har.json";
  std::string sram = "configs/sram_baseline.json";
  std::string nvsim = "models/tech/reference/nvsim_stt_reference.json";
  std::string macros = "models/memristor/published_macros.json";
  bool quiet = false;
};

/// A default input path is relative to the data root, so the command also works from elsewhere;
/// the report keeps the path as given.
std::string locate(const std::string& path) {
  if (fs::path(path).is_absolute() || fs::exists(path)) return path;
  const fs::path bundled = io::data_path(path);
  return fs::exists(bundled) ? bundled.string() : path;
}

/// Paths inside the data root are shown relative to it, so the report does not depend on where
/// the clone lives or where the command was started.
std::string display_path(const std::string& path) {
  const std::string inside = io::relative_to_data_root(path);
  if (inside != path) return inside;
  const fs::path relative = fs::absolute(path).lexically_normal().lexically_relative(fs::current_path());
  return !relative.empty() && *relative.begin() != ".." ? relative.string() : path;
}

/// Runs `spinaps ARGUMENTS` as a child and returns the JSON it wrote to `out_file`.
nlohmann::json run_child(std::vector<std::string> arguments, const fs::path& out_file) {
  arguments.insert(arguments.end(), {"--out", out_file.string()});
  std::string output;
  const int code = run_self(arguments, output);
  if (code != kExitOk) {
    std::string command = "spinaps";
    for (const auto& argument : arguments) command += " " + argument;
    throw std::runtime_error("validate: " + command + " failed (exit " + std::to_string(code) + "): " + output);
  }
  return config::read_json_file(out_file.string());
}

validation::WorkloadAccuracy measure(const std::string& config_file, const ValidateOptions& options,
                                     const fs::path& scratch, const std::string& label) {
  const chip::ChipConfig config = load_config({locate(config_file), {}, {}});
  const data::DatasetSplits splits = snn::load_snn_dataset(config.workload, config.file);
  const bool synthetic = config.workload.dataset == snn::Dataset::kHar && config.workload.data_dir.empty();
  const std::string name = label + (synthetic ? " (SYNTHETIC)" : "");
  if (!options.quiet) {
    std::cerr << "validate: " << name << ": GoldenModel for T = 1.." << config.snn.time_steps
              << " and the logistic-regression baseline\n";
  }
  validation::WorkloadAccuracy result = validation::measure_workload_accuracy(config, splits, options.samples, name);
  result.config_file = config_file;
  result.weights_file = display_path(result.weights_file);
  if (!options.quiet) std::cerr << "validate: " << name << ": cycle-accurate run with --check-golden\n";
  const nlohmann::json run =
      run_child({"run", locate(config_file), "-q", "--check-golden", "--samples", std::to_string(result.test_samples)},
                scratch / (label + ".json"));
  result.cycle_accurate.accuracy = run.at("metrics").at("accuracy").get<double>();
  result.cycle_accurate.inferences = run.at("golden_check").at("inferences").get<std::size_t>();
  result.cycle_accurate.golden_mismatches = run.at("golden_check").at("mismatches").get<std::size_t>();
  return result;
}

validation::MemoryDesign memory_design(const std::string& config_file) {
  const chip::ChipConfig config = load_config({locate(config_file), {}, {}});
  const bool sram = config.technology.memory == "sram";
  return {config_file, config.technology.memory, sram ? config.technology.sram_cell : config.technology.stt_cell,
          config.technology.node_nm};
}

std::string regenerate_command(const ValidateOptions& options) {
  const ValidateOptions defaults;
  std::string command = "spinaps validate";
  if (options.samples != 0) command += " --samples " + std::to_string(options.samples);
  if (options.digits != defaults.digits) command += " --digits " + options.digits;
  if (options.activity != defaults.activity) command += " --activity " + options.activity;
  if (options.sram != defaults.sram) command += " --sram " + options.sram;
  if (options.nvsim != defaults.nvsim) command += " --nvsim " + options.nvsim;
  if (options.macros != defaults.macros) command += " --macros " + options.macros;
  if (!options.out_file.empty()) command += " --out " + options.out_file;
  return command;
}

/// A private temporary directory for the child runs' outputs, removed however the command ends.
class ScratchDirectory {
 public:
  ScratchDirectory() : path_(fs::temp_directory_path() / ("spinaps-validate-" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int validate(const ValidateOptions& options) {
  const ScratchDirectory scratch;
  // The macro section first: it takes a second, so a bad data file fails before the long runs.
  const chip::ChipConfig digits = load_config({locate(options.digits), {}, {}});
  if (!options.quiet) std::cerr << "validate: tile model against published CIM macros\n";
  validation::MacroValidation macros =
      validation::compare_with_published_macros(locate(options.macros), digits.technology.data_dir);
  macros.data_file = options.macros;
  const std::string macro_section = validation::render_macro_comparison(macros);
  std::vector<validation::WorkloadAccuracy> workloads;
  workloads.push_back(measure(options.digits, options, scratch.path(), "digits"));
  workloads.push_back(measure(options.activity, options, scratch.path(), "activity"));
  const std::string samples = std::to_string(workloads.front().test_samples);
  if (!options.quiet) std::cerr << "validate: STT-RAM against SRAM (spinaps compare)\n";
  const nlohmann::json comparison = run_child(
      {"compare", locate(options.digits), locate(options.sram), "--samples", samples}, scratch.path() / "compare.json");
  const std::string compare_command =
      "spinaps compare " + options.digits + " " + options.sram + " --samples " + samples;
  const std::string memory = validation::render_memory_comparison(comparison, memory_design(options.digits),
                                                                  memory_design(options.sram), compare_command);
  validation::NvsimComparison nvsim = validation::compare_with_nvsim(locate(options.nvsim), digits.technology.data_dir);
  nvsim.reference_file = options.nvsim;
  const std::string array =
      validation::render_nvsim_comparison(nvsim, digits.technology.stt_cell, digits.technology.node_nm);
  validation::ReportInputs inputs;
  inputs.regenerate_command = regenerate_command(options);
  inputs.samples = options.samples;
  inputs.sram_config = options.sram;
  inputs.nvsim_reference = options.nvsim;
  inputs.published_macros = options.macros;
  inputs.tech_data_dir = display_path(digits.technology.data_dir);
  const std::string document = validation::render_validation_report(inputs, workloads, memory, array, macro_section);
  if (options.out_file.empty()) {
    std::cout << document;
  } else {
    io::write_file_atomically(options.out_file, document);
    if (!options.quiet) std::cerr << "validate: written to " << options.out_file << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_validate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "regenerate the validation report (STT-RAM vs SRAM, accuracy vs T, SNN vs logistic regression, "
      "array model vs NVSim, tile model vs published CIM macros) as Markdown");
  command->add_option("--out", options->out_file, "write the report here, atomically (default: print it)");
  command->add_option("--samples", options->samples, "test samples per workload (default 0: every test sample)");
  command->add_option("--digits", options->digits, "digits configuration")->capture_default_str();
  command->add_option("--activity", options->activity, "activity configuration")->capture_default_str();
  command->add_option("--sram", options->sram, "SRAM baseline of the digits configuration")->capture_default_str();
  command->add_option("--nvsim", options->nvsim, "NVSim reference figures")->capture_default_str();
  command->add_option("--macros", options->macros, "published CIM macros and their figures")->capture_default_str();
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  command->callback([options, &exit_code]() { exit_code = guarded([&]() { return validate(*options); }); });
}

}  // namespace spinaps::cli
