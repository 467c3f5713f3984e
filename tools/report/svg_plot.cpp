#include "tools/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>

namespace spinaps::report::svg {
namespace {

constexpr double kWidth = 720.0;
// A palette that stays distinguishable for the common colour-vision deficiencies (Okabe-Ito).
const char* const kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                                "#56B4E9", "#F0E442", "#000000", "#999999"};
constexpr std::size_t kPaletteSize = sizeof kPalette / sizeof kPalette[0];
const char* const kAxisColour = "#444444";
const char* const kGridColour = "#dddddd";

std::string num(double value) { return format_number("%.2f", value); }

/// The 1-2-5 x 10^k step that splits `range` into about `ticks` intervals.
double nice_step(double range, int ticks) {
  if (!(range > 0.0)) return 1.0;
  const double raw = range / ticks;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * decade >= raw) return factor * decade;
  }
  return 10.0 * decade;
}

std::string open_svg(double height, const std::string& title, const std::string& css_class) {
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" << css_class << "\" width=\"" << num(kWidth)
      << "\" height=\"" << num(height) << "\" viewBox=\"0 0 " << num(kWidth) << ' ' << num(height)
      << "\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\"><title>" << escape(title) << "</title>"
      << "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">" << escape(title) << "</text>";
  return out.str();
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + escape(content) +
         "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* colour) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" +
         colour + "\" stroke-width=\"1\"/>";
}

std::string rect(double x, double y, double width, double height, const char* fill, const std::string& tooltip) {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(width) + "\" height=\"" + num(height) +
         "\" fill=\"" + fill + "\"><title>" + escape(tooltip) + "</title></rect>";
}

/// A short label for an axis value: integers without decimals, others with up to 3 significant digits.
std::string tick_label(double value) {
  if (std::fabs(value - std::round(value)) < 1e-9 * std::max(1.0, std::fabs(value))) {
    return format_number("%.0f", value);
  }
  return format_number("%.3g", value);
}

/// Tick positions of an x axis: 1-2-5 steps at any scale on a linear axis (integers stay integers
/// because the step is then at least 1), decades on a log axis (with 2 and 5 when it spans fewer
/// than four decades).
std::vector<double> x_ticks(double x_min, double x_max, bool log_x) {
  std::vector<double> ticks;
  if (!log_x) {
    const double step = nice_step(x_max - x_min, 10);
    for (double tick = std::ceil(x_min / step - 1e-9) * step; tick <= x_max + step * 1e-9; tick += step) {
      ticks.push_back(std::fabs(tick) < step * 1e-9 ? 0.0 : tick);
    }
    return ticks;
  }
  const double first_decade = std::floor(std::log10(x_min));
  const double last_decade = std::ceil(std::log10(x_max));
  const bool with_minor = last_decade - first_decade < 4.0;
  for (double decade = first_decade; decade <= last_decade; decade += 1.0) {
    for (const double factor : {1.0, 2.0, 5.0}) {
      if (factor != 1.0 && !with_minor) continue;
      const double tick = factor * std::pow(10.0, decade);
      if (tick >= x_min * (1.0 - 1e-9) && tick <= x_max * (1.0 + 1e-9)) ticks.push_back(tick);
    }
  }
  return ticks;
}

}  // namespace

std::string escape(const std::string& content) {
  std::string escaped;
  escaped.reserve(content.size());
  for (const char c : content) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string format_number(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string bar_chart(const std::string& title, const std::vector<Bar>& bars, const std::string& value_format,
                      const std::string& unit) {
  constexpr double kLabelWidth = 170.0;
  constexpr double kBarArea = 360.0;
  constexpr double kRowHeight = 24.0;
  constexpr double kTop = 32.0;
  double total = 0.0;
  double largest = 0.0;
  for (const Bar& bar : bars) {
    total += bar.value;
    largest = std::max(largest, bar.value);
  }
  std::ostringstream out;
  out << open_svg(kTop + kRowHeight * static_cast<double>(bars.size()) + 12.0, title, "plot bar-chart");
  for (std::size_t n = 0; n < bars.size(); ++n) {
    const Bar& bar = bars[n];
    const double y = kTop + kRowHeight * static_cast<double>(n);
    const double length = largest > 0.0 ? kBarArea * bar.value / largest : 0.0;
    const std::string value = format_number(value_format.c_str(), bar.value) + " " + unit;
    const std::string share = total > 0.0 ? format_number("%.1f %%", 100.0 * bar.value / total) : "-";
    out << text(kLabelWidth - 8.0, y + 15.0, bar.label, "end")
        << rect(kLabelWidth, y + 3.0, std::max(length, 0.5), kRowHeight - 6.0, kPalette[n % kPaletteSize],
                bar.label + ": " + value + " (" + share + ")")
        << text(kLabelWidth + std::max(length, 0.5) + 6.0, y + 15.0, value + "  (" + share + ")");
  }
  out << "</svg>";
  return out.str();
}

std::string histogram_chart(const std::string& title, const Histogram& histogram, const std::string& x_label,
                            double x_scale, bool integer_bins) {
  constexpr double kHeight = 300.0;
  constexpr double kLeft = 64.0;
  constexpr double kRight = 20.0;
  constexpr double kTop = 34.0;
  constexpr double kBottom = 52.0;
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  const std::size_t bins = std::max<std::size_t>(histogram.counts.size(), 1);
  std::uint64_t largest = 0;
  for (const std::uint64_t count : histogram.counts) largest = std::max(largest, count);
  const double y_step = std::max(1.0, nice_step(static_cast<double>(largest), 5));
  const double y_max = std::max(y_step, std::ceil(static_cast<double>(largest) / y_step) * y_step);

  std::ostringstream out;
  out << open_svg(kHeight, title, "plot histogram");
  for (double tick = 0.0; tick <= y_max + 1e-9; tick += y_step) {
    const double y = kTop + plot_height * (1.0 - tick / y_max);
    out << line(kLeft, y, kLeft + plot_width, y, kGridColour) << text(kLeft - 6.0, y + 4.0, tick_label(tick), "end");
  }
  const double bin_pixels = plot_width / static_cast<double>(bins);
  for (std::size_t n = 0; n < histogram.counts.size(); ++n) {
    const double count = static_cast<double>(histogram.counts[n]);
    if (count <= 0.0) continue;
    const double height = plot_height * count / y_max;
    const double low = (histogram.first + histogram.width * static_cast<double>(n)) * x_scale;
    const std::string range = integer_bins && histogram.width == 1.0
                                  ? tick_label(low)
                                  : "[" + tick_label(low) + ", " + tick_label(low + histogram.width * x_scale) + ")";
    out << rect(kLeft + bin_pixels * static_cast<double>(n) + 0.5, kTop + plot_height - height,
                std::max(bin_pixels - 1.0, 0.5), height, kPalette[0], range + ": " + format_number("%.0f", count));
  }
  out << line(kLeft, kTop + plot_height, kLeft + plot_width, kTop + plot_height, kAxisColour)
      << line(kLeft, kTop, kLeft, kTop + plot_height, kAxisColour);
  // At most about 12 x labels: at bin centres for integer bins, at bin edges otherwise.
  const std::size_t every = (bins + 11) / 12;
  for (std::size_t n = 0; n <= bins; n += every) {
    if (integer_bins && histogram.width == 1.0) {
      if (n == bins) break;
      const double x = kLeft + bin_pixels * (static_cast<double>(n) + 0.5);
      out << text(x, kTop + plot_height + 16.0, tick_label((histogram.first + static_cast<double>(n)) * x_scale),
                  "middle");
    } else {
      const double x = kLeft + bin_pixels * static_cast<double>(n);
      out << line(x, kTop + plot_height, x, kTop + plot_height + 4.0, kAxisColour)
          << text(x, kTop + plot_height + 16.0,
                  tick_label((histogram.first + histogram.width * static_cast<double>(n)) * x_scale), "middle");
    }
  }
  out << text(kLeft + plot_width / 2.0, kHeight - 12.0, x_label, "middle") << "<text transform=\"translate(16 "
      << num(kTop + plot_height / 2.0) << ") rotate(-90)\" text-anchor=\"middle\">inferences</text></svg>";
  return out.str();
}

std::string line_chart(const std::string& title, const std::vector<Point>& points, const std::string& series_label,
                       const std::vector<Point>& highlight, const std::string& highlight_label,
                       const std::string& x_label, const std::string& y_label) {
  constexpr double kHeight = 320.0;
  constexpr double kLeft = 64.0;
  constexpr double kRight = 20.0;
  constexpr double kTop = 52.0;
  constexpr double kBottom = 50.0;
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  std::vector<Point> all = points;
  all.insert(all.end(), highlight.begin(), highlight.end());
  double x_min = all.empty() ? 0.0 : all.front().x;
  double x_max = x_min;
  double y_min = all.empty() ? 0.0 : all.front().y;
  double y_max = y_min;
  for (const Point& point : all) {
    x_min = std::min(x_min, point.x);
    x_max = std::max(x_max, point.x);
    y_min = std::min(y_min, point.y);
    y_max = std::max(y_max, point.y);
  }
  if (x_max <= x_min) x_max = x_min + 1.0;
  // A parameter that spans two decades or more (all positive) is drawn on a log axis, so its small
  // values do not crowd into one corner.
  const bool log_x = x_min > 0.0 && x_max / x_min >= 100.0;
  const double axis_min = log_x ? std::log10(x_min) : x_min;
  const double axis_max = log_x ? std::log10(x_max) : x_max;
  const double y_step = nice_step(std::max(y_max - y_min, 1e-9), 5);
  y_min = std::floor(y_min / y_step) * y_step;
  y_max = std::max(std::ceil(y_max / y_step) * y_step, y_min + y_step);
  const auto px = [&](double x) {
    return kLeft + plot_width * ((log_x ? std::log10(x) : x) - axis_min) / (axis_max - axis_min);
  };
  const auto py = [&](double y) { return kTop + plot_height * (1.0 - (y - y_min) / (y_max - y_min)); };

  std::ostringstream out;
  out << open_svg(kHeight, title, "plot line-chart");
  for (double tick = y_min; tick <= y_max + y_step * 1e-6; tick += y_step) {
    out << line(kLeft, py(tick), kLeft + plot_width, py(tick), kGridColour)
        << text(kLeft - 6.0, py(tick) + 4.0, tick_label(tick), "end");
  }
  for (const double tick : x_ticks(x_min, x_max, log_x)) {
    out << line(px(tick), kTop + plot_height, px(tick), kTop + plot_height + 4.0, kAxisColour)
        << text(px(tick), kTop + plot_height + 16.0, tick_label(tick), "middle");
  }
  out << line(kLeft, kTop + plot_height, kLeft + plot_width, kTop + plot_height, kAxisColour)
      << line(kLeft, kTop, kLeft, kTop + plot_height, kAxisColour);
  if (!points.empty()) {
    out << "<polyline fill=\"none\" stroke=\"" << kPalette[0] << "\" stroke-width=\"2\" points=\"";
    for (std::size_t n = 0; n < points.size(); ++n)
      out << (n ? " " : "") << num(px(points[n].x)) << ',' << num(py(points[n].y));
    out << "\"/>";
  }
  for (const Point& point : points) {
    out << "<circle cx=\"" << num(px(point.x)) << "\" cy=\"" << num(py(point.y)) << "\" r=\"3\" fill=\"" << kPalette[0]
        << "\"><title>" << escape(tick_label(point.x) + ": " + format_number("%.4g", point.y)) << "</title></circle>";
  }
  for (const Point& point : highlight) {
    out << "<circle cx=\"" << num(px(point.x)) << "\" cy=\"" << num(py(point.y)) << "\" r=\"6\" fill=\"" << kPalette[3]
        << "\"><title>"
        << escape(highlight_label + " at " + tick_label(point.x) + ": " + format_number("%.4g", point.y))
        << "</title></circle>";
  }
  // Legend above the plot.
  out << "<circle cx=\"" << num(kLeft + 6.0) << "\" cy=\"34\" r=\"4\" fill=\"" << kPalette[0] << "\"/>"
      << text(kLeft + 14.0, 38.0, series_label);
  if (!highlight.empty()) {
    out << "<circle cx=\"" << num(kLeft + 366.0) << "\" cy=\"34\" r=\"6\" fill=\"" << kPalette[3] << "\"/>"
        << text(kLeft + 376.0, 38.0, highlight_label);
  }
  out << text(kLeft + plot_width / 2.0, kHeight - 12.0, x_label + (log_x ? " (log scale)" : ""), "middle")
      << "<text transform=\"translate(16 " << num(kTop + plot_height / 2.0) << ") rotate(-90)\" text-anchor=\"middle\">"
      << escape(y_label) << "</text></svg>";
  return out.str();
}

std::string mesh_heat_map(const std::string& title, int rows, int columns, const std::vector<MeshLink>& links) {
  constexpr double kLeft = 40.0;
  constexpr double kTop = 40.0;
  constexpr double kNodeSize = 18.0;
  constexpr double kLaneOffset = 3.0;  // a link and its reverse run side by side
  const int span = std::max({rows, columns, 2});
  const double pitch = std::min(90.0, (kWidth - 2.0 * kLeft) / static_cast<double>(span));
  const double height = kTop + pitch * static_cast<double>(std::max(rows, 1)) + 40.0;
  double busiest = 0.0;
  for (const MeshLink& link : links) busiest = std::max(busiest, link.utilisation);
  const auto centre = [&](int row, int column) {
    return std::pair<double, double>{kLeft + pitch * (column + 0.5), kTop + pitch * (row + 0.5)};
  };
  std::ostringstream out;
  out << open_svg(height, title, "plot");
  const auto inside = [&](int row, int column) { return row >= 0 && row < rows && column >= 0 && column < columns; };
  for (const MeshLink& link : links) {
    if (!inside(link.from_row, link.from_column) || !inside(link.to_row, link.to_column)) continue;
    const double share = busiest > 0.0 ? link.utilisation / busiest : 0.0;
    // White (idle) to the palette's vermillion (busiest), by linear interpolation per channel.
    const auto channel = [&](int busy) { return static_cast<int>(std::lround(255.0 + share * (busy - 255.0))); };
    char colour[8];
    std::snprintf(colour, sizeof colour, "#%02x%02x%02x", channel(0xD5), channel(0x5E), channel(0x00));
    auto [x1, y1] = centre(link.from_row, link.from_column);
    auto [x2, y2] = centre(link.to_row, link.to_column);
    const double dx = x2 - x1;
    const double dy = y2 - y1;
    const double length = std::max(std::hypot(dx, dy), 1e-9);
    // Offset to the right of the direction of travel, so the two directions never overlap.
    const double ox = -dy / length * kLaneOffset;
    const double oy = dx / length * kLaneOffset;
    out << "<line x1=\"" << num(x1 + ox) << "\" y1=\"" << num(y1 + oy) << "\" x2=\"" << num(x2 + ox) << "\" y2=\""
        << num(y2 + oy) << "\" stroke=\"" << (share > 0.0 ? colour : kGridColour) << "\" stroke-width=\""
        << num(1.5 + 3.0 * share) << "\"><title>"
        << escape(std::to_string(link.from_row) + "," + std::to_string(link.from_column) + " -> " +
                  std::to_string(link.to_row) + "," + std::to_string(link.to_column) + ": " +
                  std::to_string(link.flits) + " flits, utilisation " + format_number("%.3g", link.utilisation))
        << "</title></line>";
  }
  for (int row = 0; row < rows; ++row) {
    for (int column = 0; column < columns; ++column) {
      auto [x, y] = centre(row, column);
      out << rect(x - kNodeSize / 2.0, y - kNodeSize / 2.0, kNodeSize, kNodeSize, "#0072B2",
                  "node " + std::to_string(row) + "," + std::to_string(column));
    }
  }
  out << text(kLeft, height - 14.0,
              "shade and width: utilisation relative to the busiest link (" + format_number("%.3g", busiest) +
                  " flits/cycle); grey: idle");
  out << "</svg>";
  return out.str();
}

std::string image_row(const std::string& title, std::uint32_t rows, std::uint32_t cols,
                      const std::vector<GreyImage>& images, double low, double high, const std::string& unit) {
  constexpr double kLeft = 12.0;
  constexpr double kTop = 48.0;
  constexpr double kGap = 24.0;
  const double count = static_cast<double>(std::max<std::size_t>(images.size(), 1));
  const double side = std::min(220.0, (kWidth - 2.0 * kLeft - kGap * (count - 1.0)) / count);
  const double pixel = side / static_cast<double>(std::max(rows, cols));
  const double height = kTop + pixel * static_cast<double>(rows) + 36.0;
  const double span = high > low ? high - low : 1.0;
  std::ostringstream out;
  out << open_svg(height, title, "plot image-row");
  for (std::size_t n = 0; n < images.size(); ++n) {
    const double x0 = kLeft + static_cast<double>(n) * (side + kGap);
    out << text(x0, kTop - 8.0, images[n].caption);
    for (std::uint32_t row = 0; row < rows; ++row) {
      for (std::uint32_t col = 0; col < cols; ++col) {
        const std::size_t at = static_cast<std::size_t>(row) * cols + col;
        const double value = at < images[n].values.size() ? images[n].values[at] : low;
        const int grey = static_cast<int>(std::lround(255.0 * std::clamp((value - low) / span, 0.0, 1.0)));
        char fill[8];
        std::snprintf(fill, sizeof fill, "#%02x%02x%02x", grey, grey, grey);
        // The overlap of a tenth of a pixel hides the hairline gaps browsers draw between rects.
        out << "<rect x=\"" << num(x0 + pixel * col) << "\" y=\"" << num(kTop + pixel * row) << "\" width=\""
            << num(pixel + 0.1) << "\" height=\"" << num(pixel + 0.1) << "\" fill=\"" << fill << "\"/>";
      }
    }
  }
  out << text(kLeft, height - 12.0,
              "grey scale from " + format_number("%.3g", low) + " (black) to " + format_number("%.3g", high) +
                  " (white) " + unit + ", shared by the images")
      << "</svg>";
  return out.str();
}

}  // namespace spinaps::report::svg
