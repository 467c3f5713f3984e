#include "tools/validation/validation_markdown.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "tools/report/svg_plot.h"

namespace spinaps::validation {

MarkdownTable::MarkdownTable(std::vector<std::string> header, std::size_t text_columns)
    : header_(std::move(header)), text_columns_(text_columns) {}

void MarkdownTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != header_.size()) {
    throw std::logic_error("Markdown table row has " + std::to_string(cells.size()) + " cells, the header " +
                           std::to_string(header_.size()));
  }
  rows_.push_back(std::move(cells));
}

std::string MarkdownTable::render() const {
  std::ostringstream out;
  auto line = [&out](const std::vector<std::string>& cells) {
    out << "|";
    for (const auto& cell : cells) out << " " << cell << " |";
    out << "\n";
  };
  line(header_);
  out << "|";
  for (std::size_t column = 0; column < header_.size(); ++column) out << (column < text_columns_ ? "---|" : "---:|");
  out << "\n";
  for (const auto& row : rows_) line(row);
  return out.str();
}

std::string format(const char* pattern, double value) { return report::svg::format_number(pattern, value); }

std::string percent(double fraction) { return format("%.2f %%", 100.0 * fraction); }

std::string times(double ratio) { return std::isfinite(ratio) ? format("%.3g", ratio) + "x" : "-"; }

std::string code(const std::string& text) { return "`" + text + "`"; }

std::string with_commas(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

std::string count_of(std::uint64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace spinaps::validation
