#include "tools/sweep/plots.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"

namespace spinaps::sweep {
namespace {

namespace fs = std::filesystem;
const char* const kPython = "/usr/bin/python3";  // Debian's, which has python3-matplotlib

std::string plot_script() { return io::data_path("tools/sweep/plot_sweep.py"); }

Json plot_input(const SweepPlan& plan, const std::vector<PointResult>& results, const std::vector<bool>& on_front,
                const std::vector<Objective>& objectives, const std::string& output_directory) {
  Json input;
  input["title"] = plan.name;
  input["output_dir"] = output_directory;
  input["parameters"] = Json::array();
  for (const auto& parameter : plan.parameters) {
    input["parameters"].push_back({{"key", parameter.key}, {"scale", parameter.scale}});
  }
  input["metrics"] = plan.metrics;
  input["objectives"] = Json::array();
  for (const auto& objective : objectives) {
    input["objectives"].push_back({{"metric", objective.metric}, {"maximise", objective.maximise}});
  }
  input["points"] = Json::array();
  for (std::size_t n = 0; n < results.size(); ++n) {
    if (results[n].status != PointStatus::kOk) continue;
    input["points"].push_back({{"point", results[n].index},
                               {"values", results[n].values},
                               {"metrics", results[n].metrics},
                               {"feasible", results[n].feasible == Json(true)},
                               {"front", static_cast<bool>(on_front[n])}});
  }
  return input;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::vector<std::string> write_sweep_plots(const SweepPlan& plan, const std::vector<PointResult>& results,
                                           const std::vector<bool>& on_front, const std::vector<Objective>& objectives,
                                           const std::string& output_directory) {
  fs::create_directories(output_directory);
  const std::string input_file =
      (fs::path(output_directory) / (".plot-input." + std::to_string(::getpid()) + ".json")).string();
  io::write_file_atomically(input_file,
                            plot_input(plan, results, on_front, objectives, output_directory).dump() + "\n");
  const std::string command = std::string("MPLBACKEND=Agg ") + kPython + " " + shell_quote(plot_script()) + " " +
                              shell_quote(input_file) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + std::string(kPython));
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  fs::remove(input_file);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const bool no_matplotlib = output.find("No module named 'matplotlib'") != std::string::npos;
    throw std::runtime_error(
        "plotting failed (" + plot_script() +
        "): " + (no_matplotlib ? "matplotlib is missing; install python3-matplotlib (tools/setup.sh)" : output));
  }
  std::vector<std::string> written;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) written.push_back(line);
  }
  return written;
}

}  // namespace spinaps::sweep
