#pragma once
// Standalone figures (files a user opens or a document shows) are drawn by Debian's matplotlib,
// one path for all of them: the plotting scripts under tools/plot/ of the data root, run with
// /usr/bin/python3, share their axes and file writing (tools/plot/spinaps_plot.py: ticks at any
// scale, a log x axis when the values span two decades, deterministic files written all or none).
// Inline SVG in the HTML report stays tools/report/svg_plot.h.
#include <string>
#include <utility>
#include <vector>

namespace spinaps::report::figures {

/// One line of a panel; a reference (e.g. the float network) is drawn dashed.
struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  ///< (x, y)
  bool reference = false;
};

/// One y quantity (label with its unit) over the figure's shared x axis.
struct Panel {
  std::string y_label;
  std::vector<Series> series;
};

/// Panels stacked over one x axis; written as `file`.svg.
struct LineFigure {
  std::string file;
  std::string title;
  std::string x_label;  ///< with its unit
  std::vector<Panel> panels;
};

/// Horizontal bars in the order given, each labelled with its value (`value_format`, a printf
/// pattern for one double) and its share of the total; written as `file`.svg.
struct BarFigure {
  struct Bar {
    std::string label;
    double value = 0.0;
  };
  std::string file;
  std::string title;
  std::string value_label;  ///< the value axis, with its unit
  std::string value_format;
  std::vector<Bar> bars;
};

/// Throws std::runtime_error with one message when figures cannot be drawn here (no
/// /usr/bin/python3, no matplotlib, no plotting script): a command asks before a long run.
void require_plotting();

/// Runs `script` (a path under the data root, e.g. "tools/plot/plot_sweep.py") on `input_json` (its
/// input document, JSON text) and returns the files it wrote. Throws std::runtime_error with the plotter's message on
/// failure (one clear message when matplotlib is missing); a failed run leaves none of its figures.
std::vector<std::string> run_plotter(const std::string& script, const std::string& input_json);

/// Draws the figures into `directory` as SVG (tools/plot/plot_figures.py) and returns the files.
std::vector<std::string> write_figures(const std::string& directory, const std::vector<LineFigure>& lines,
                                       const std::vector<BarFigure>& bars = {});

}  // namespace spinaps::report::figures
