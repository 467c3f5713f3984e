#include "tools/report/figures.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"
#include "models/io/shell_command.h"

namespace spinaps::report::figures {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const char* const kPython = "/usr/bin/python3";  // Debian's, which has python3-matplotlib
const char* const kFigureScript = "tools/plot/plot_figures.py";
constexpr int kMissingMatplotlib = 3;  // tools/plot/spinaps_plot.py's MISSING_MATPLOTLIB

io::CommandOutput run_script(const std::string& script, const std::string& argument) {
  const std::string path = io::data_path(script);
  if (!fs::exists(path)) throw std::runtime_error("plotting script missing: " + path);
  // No __pycache__ written into the data root (an installed one may be read-only).
  return io::run_shell_command(std::string("MPLBACKEND=Agg PYTHONDONTWRITEBYTECODE=1 ") + kPython + " " +
                               io::shell_quote(path) + " " + io::shell_quote(argument));
}

void throw_on_failure(const std::string& script, const io::CommandOutput& output) {
  if (output.exit_code == 0) return;
  if (output.exit_code == kMissingMatplotlib) {
    throw std::runtime_error("cannot draw figures: matplotlib is missing; install python3-matplotlib (tools/setup.sh)");
  }
  if (output.exit_code == 127) {
    throw std::runtime_error(std::string("cannot draw figures: ") + kPython +
                             " is missing; install python3 (tools/setup.sh)");
  }
  throw std::runtime_error("plotting failed (" + io::data_path(script) + "): " + output.text);
}

Json to_json(const LineFigure& figure) {
  Json panels = Json::array();
  for (const Panel& panel : figure.panels) {
    Json series = Json::array();
    for (const Series& line : panel.series) {
      Json points = Json::array();
      for (const auto& [x, y] : line.points) points.push_back({x, y});
      series.push_back({{"label", line.label}, {"points", points}, {"reference", line.reference}});
    }
    panels.push_back({{"y_label", panel.y_label}, {"series", series}});
  }
  return {{"file", figure.file},
          {"title", figure.title},
          {"kind", "lines"},
          {"x_label", figure.x_label},
          {"panels", panels}};
}

Json to_json(const BarFigure& figure) {
  Json bars = Json::array();
  for (const BarFigure::Bar& bar : figure.bars) bars.push_back({{"label", bar.label}, {"value", bar.value}});
  return {{"file", figure.file},
          {"title", figure.title},
          {"kind", "bars"},
          {"value_label", figure.value_label},
          {"value_format", figure.value_format},
          {"bars", bars}};
}

}  // namespace

void require_plotting() { throw_on_failure(kFigureScript, run_script(kFigureScript, "--check")); }

std::vector<std::string> run_plotter(const std::string& script, const std::string& input_json) {
  static std::atomic<unsigned> calls{0};
  const fs::path input_file = fs::temp_directory_path() /
                              ("spinaps-plot-" + std::to_string(::getpid()) + "-" + std::to_string(calls++) + ".json");
  io::write_file_atomically(input_file.string(), input_json + "\n");
  const io::CommandOutput output = run_script(script, input_file.string());
  fs::remove(input_file);
  throw_on_failure(script, output);
  std::vector<std::string> written;
  std::istringstream lines(output.text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && fs::exists(line)) written.push_back(line);  // not a warning on stderr
  }
  return written;
}

std::vector<std::string> write_figures(const std::string& directory, const std::vector<LineFigure>& lines,
                                       const std::vector<BarFigure>& bars) {
  Json input = {{"output_dir", directory}, {"figures", Json::array()}};
  for (const LineFigure& figure : lines) input["figures"].push_back(to_json(figure));
  for (const BarFigure& figure : bars) input["figures"].push_back(to_json(figure));
  return run_plotter(kFigureScript, input.dump());
}

}  // namespace spinaps::report::figures
