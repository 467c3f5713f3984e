#pragma once
// Plots drawn as inline SVG text, so an HTML report needs no script, font or file beside it and
// opens offline. Each function returns one <svg> element with a <title> for screen readers; the
// output depends only on the arguments (no clocks, no randomness), so reports stay byte-identical.
// Standalone figures (files of their own) are drawn by matplotlib instead: tools/report/figures.h.
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::report::svg {

/// One labelled quantity of a breakdown.
struct Bar {
  std::string label;
  double value = 0.0;
};

/// Horizontal bars, largest first as given, each labelled with its value (formatted with
/// `value_format`, a printf pattern for one double, followed by `unit`) and its share of the total.
std::string bar_chart(const std::string& title, const std::vector<Bar>& bars, const std::string& value_format,
                      const std::string& unit);

/// Vertical bars of counts; bin n covers [first + n*width, first + (n+1)*width). `x_scale`
/// multiplies the bin edges for the axis labels (e.g. cycles -> ns).
struct Histogram {
  double first = 0.0;
  double width = 1.0;
  std::vector<std::uint64_t> counts;
};
std::string histogram_chart(const std::string& title, const Histogram& histogram, const std::string& x_label,
                            double x_scale, bool integer_bins);

/// A polyline with its points marked; `highlight` points are drawn larger in a second colour (with
/// `highlight_label` in the legend).
struct Point {
  double x = 0.0;
  double y = 0.0;
};
std::string line_chart(const std::string& title, const std::vector<Point>& points, const std::string& series_label,
                       const std::vector<Point>& highlight, const std::string& highlight_label,
                       const std::string& x_label, const std::string& y_label);

/// One directed link of a 2D mesh, between nodes given as (row, column), with its utilisation
/// (flits carried per cycle observed, 0..1).
struct MeshLink {
  int from_row = 0;
  int from_column = 0;
  int to_row = 0;
  int to_column = 0;
  double utilisation = 0.0;
  std::uint64_t flits = 0;
};

/// A rows x columns mesh drawn as nodes with each directed link beside its reverse, shaded and
/// thickened by its utilisation relative to the busiest link (the colour scale is printed).
std::string mesh_heat_map(const std::string& title, int rows, int columns, const std::vector<MeshLink>& links);

/// Images side by side, each rows x cols values (row-major) drawn as grey pixels on one shared
/// scale from `low` (black) to `high` (white), each with its caption; the scale is printed.
struct GreyImage {
  std::string caption;
  std::vector<double> values;
};
std::string image_row(const std::string& title, std::uint32_t rows, std::uint32_t cols,
                      const std::vector<GreyImage>& images, double low, double high, const std::string& unit);

/// Text safe inside SVG/HTML element content and attribute values.
std::string escape(const std::string& text);

/// printf-style formatting of one double (plots and tables share it).
std::string format_number(const char* pattern, double value);

}  // namespace spinaps::report::svg
