#include "workloads/har/text_table.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string_view>
#include <system_error>

#include "workloads/mnist/idx_dataset.h"

namespace spinaps::har {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

/// The text of a bad token for a message, shortened so a corrupt file cannot flood the terminal.
std::string quoted_token(std::string_view line, std::size_t begin) {
  std::size_t end = begin;
  while (end < line.size() && !is_blank(line[end])) ++end;
  constexpr std::size_t kMaximumShown = 24;
  std::string token(line.substr(begin, std::min(end - begin, kMaximumShown)));
  if (end - begin > kMaximumShown) token += "...";
  return "'" + token + "'";
}

/// Walks the lines of a file's text. Blank lines are accepted only as the file's tail, so a file
/// that merely ends with an extra newline loads while a gap inside the data is reported.
class LineCursor {
 public:
  LineCursor(const std::string& path, std::string_view text, const std::string& layout)
      : path_(path), text_(text), layout_(layout) {}

  /// Advances to the next line; false at the end of the data.
  bool next() {
    if (position_ >= text_.size()) return false;
    const std::size_t newline = text_.find('\n', position_);
    const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
    line_ = text_.substr(position_, end - position_);
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    position_ = end + 1;
    ++number_;
    if (!trim_blanks(line_).empty()) return true;
    const std::string_view rest = position_ < text_.size() ? text_.substr(position_) : std::string_view();
    if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
    throw error("is blank; expected " + layout_ + " (blank lines are allowed only at the end of the file)");
  }

  [[nodiscard]] std::string_view line() const { return line_; }
  [[nodiscard]] std::size_t number() const { return number_; }
  /// True when no data follows the current line (only blanks, if anything).
  [[nodiscard]] bool is_last() const {
    return position_ >= text_.size() || text_.substr(position_).find_first_not_of(" \t\r\n") == std::string_view::npos;
  }
  [[nodiscard]] data::DatasetError error(const std::string& problem) const {
    return {path_, "line " + std::to_string(number_) + " " + problem};
  }

 private:
  const std::string& path_;
  std::string_view text_;
  const std::string& layout_;
  std::string_view line_;
  std::size_t position_ = 0;
  std::size_t number_ = 0;
};

}  // namespace

std::string read_text_file(const std::string& path, const std::string& layout) {
  std::error_code status_error;
  const std::filesystem::file_status status = std::filesystem::status(path, status_error);
  if (!std::filesystem::is_regular_file(status)) {
    const std::string problem = !std::filesystem::exists(status) ? "is missing"
                                : status_error                   ? "cannot access file (" + status_error.message() + ")"
                                                                 : "is not a regular file";
    throw data::DatasetError(path, problem + "; expected a readable text file of " + layout);
  }
  const std::uint64_t size = std::filesystem::file_size(path, status_error);
  if (status_error) {
    throw data::DatasetError(path, "cannot read file size (" + status_error.message() + "); expected a readable file");
  }
  if (size > kMaximumTextFileBytes) {
    throw data::DatasetError(path, "is " + std::to_string(size) + " bytes, more than the " +
                                       std::to_string(kMaximumTextFileBytes) + "-byte limit; expected " + layout);
  }
  std::ifstream stream(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  stream.read(text.data(), static_cast<std::streamsize>(size));
  if (!stream || static_cast<std::uint64_t>(stream.gcount()) != size) {
    throw data::DatasetError(path, "read error (" + std::error_code(errno, std::generic_category()).message() +
                                       "); expected a readable file");
  }
  return text;
}

NumberTable read_number_table(const std::string& path, std::uint32_t columns, const std::string& layout) {
  const std::string text = read_text_file(path, layout);
  NumberTable table;
  // A UCI value takes about 16 characters; reserving from the size avoids regrowing 60 MB of floats.
  table.values.reserve(text.size() / 16 + columns);
  const std::string expected = "expected " + layout;
  LineCursor cursor(path, text, layout);
  while (cursor.next()) {
    const std::string_view line = cursor.line();
    std::size_t position = 0;
    std::uint32_t count = 0;
    while (true) {
      while (position < line.size() && is_blank(line[position])) ++position;
      if (position == line.size()) break;
      // Messages are built only on failure: this loop runs once per value of a 60 MB file.
      const auto bad_value = [&](const std::string& problem) {
        std::string message = "column " + std::to_string(count + 1) + ": ";
        message += quoted_token(line, position);
        message.append(" ").append(problem).append("; ").append(expected);
        return cursor.error(message);
      };
      if (count == columns) {
        throw cursor.error("has more than " + std::to_string(columns) + " numbers (column " +
                           std::to_string(count + 1) + " is " + quoted_token(line, position) + "); " + expected);
      }
      // from_chars rejects a leading '+', which C's printf never writes but people may.
      const std::size_t digits = line[position] == '+' ? position + 1 : position;
      if (digits < line.size() && digits > position && line[digits] == '-') throw bad_value("is not a number");
      double value = 0.0;
      const auto [end, status] = std::from_chars(line.data() + digits, line.data() + line.size(), value);
      const bool ends_cleanly = end == line.data() + line.size() || is_blank(*end);
      if (status == std::errc::result_out_of_range) throw bad_value("is out of range");
      if (status != std::errc() || !ends_cleanly) throw bad_value("is not a number");
      if (!std::isfinite(value) || std::abs(value) > std::numeric_limits<float>::max()) {
        throw bad_value("is not a finite number that fits a float");
      }
      table.values.push_back(static_cast<float>(value));
      ++count;
      position = static_cast<std::size_t>(end - line.data());
    }
    if (count != columns) {
      throw cursor.error("has " + std::to_string(count) + " number" + (count == 1 ? "" : "s") + "; " + expected +
                         (count < columns && cursor.is_last() ? " (is the file cut short?)" : ""));
    }
    ++table.rows;
  }
  return table;
}

std::vector<std::uint32_t> read_integer_lines(const std::string& path, std::uint32_t min_value, std::uint32_t max_value,
                                              const std::string& layout) {
  const std::string text = read_text_file(path, layout);
  const std::string expected = "expected " + layout;
  std::vector<std::uint32_t> values;
  LineCursor cursor(path, text, layout);
  while (cursor.next()) {
    const std::string_view token = trim_blanks(cursor.line());
    std::uint32_t value = 0;
    const auto [end, status] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (status != std::errc() || end != token.data() + token.size() || value < min_value || value > max_value) {
      throw cursor.error("holds '" + std::string(token.substr(0, 24)) + "'; " + expected);
    }
    values.push_back(value);
  }
  return values;
}

std::vector<std::string> read_numbered_names(const std::string& path, const std::string& layout) {
  const std::string text = read_text_file(path, layout);
  const std::string expected = "expected " + layout;
  std::vector<std::string> names;
  LineCursor cursor(path, text, layout);
  while (cursor.next()) {
    const std::string_view line = trim_blanks(cursor.line());
    const std::size_t gap = line.find_first_of(" \t");
    const std::string_view number = line.substr(0, gap);
    const std::string_view name = gap == std::string_view::npos ? std::string_view() : trim_blanks(line.substr(gap));
    std::size_t value = 0;
    const auto [end, status] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (status != std::errc() || end != number.data() + number.size() || value != cursor.number() || name.empty()) {
      throw cursor.error("is '" + std::string(line.substr(0, 60)) + "'; " + expected + ", here '" +
                         std::to_string(cursor.number()) + " <name>'");
    }
    names.emplace_back(name);
  }
  return names;
}

}  // namespace spinaps::har
