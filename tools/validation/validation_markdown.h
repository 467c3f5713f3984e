#pragma once
// The Markdown pieces the validation report (docs/validation.md) is built from: pipe tables and the
// number formats every section shares, so that equal inputs give byte-identical text.
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::validation {

/// A pipe table: the first `text_columns` columns left-aligned, the others right-aligned (they
/// hold numbers).
class MarkdownTable {
 public:
  explicit MarkdownTable(std::vector<std::string> header, std::size_t text_columns = 1);
  /// Throws std::logic_error when the row does not have one cell per column.
  void add_row(std::vector<std::string> cells);
  [[nodiscard]] std::string render() const;

 private:
  std::vector<std::string> header_;
  std::size_t text_columns_;
  std::vector<std::vector<std::string>> rows_;
};

/// printf-style formatting of one number ("%.3f"); the C locale, so no thousands separators.
std::string format(const char* pattern, double value);
/// A fraction as a percentage with two decimals: 0.90918 -> "90.92 %".
std::string percent(double fraction);
/// A ratio with three significant digits and an "x": 1.234 -> "1.23x"; "-" when not finite.
std::string times(double ratio);
/// `text` in backticks (file names, commands, keys).
std::string code(const std::string& text);
/// An integer with thousands separated by commas: 1234567 -> "1,234,567".
std::string with_commas(std::uint64_t value);
/// A count and its noun, plural unless one: "1 phase", "8 phases".
std::string count_of(std::uint64_t count, const std::string& noun);

}  // namespace spinaps::validation
