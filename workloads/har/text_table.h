#pragma once
// Strict readers for the whitespace-separated text files of the UCI HAR layout. A file is read
// whole (X_train.txt is about 60 MB) and parsed with std::from_chars, which is an order of magnitude
// faster than an iostream per value and never depends on the locale.
//
// Rules: a line holds numbers separated by spaces or tabs (leading and trailing blanks allowed, a
// final '\r' is ignored so files from Windows load too); blank lines are allowed only at the end of
// the file. Every problem is one data::DatasetError whose message starts with the path and names
// the 1-based line (and column for a bad number) and what `layout` expected.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spinaps::har {

/// Files larger than this are refused before reading: 1 GiB, 16 times X_train.txt.
inline constexpr std::uint64_t kMaximumTextFileBytes = std::uint64_t{1} << 30;

/// Rows of exactly `columns` finite numbers that fit a float, stored row-major as floats.
struct NumberTable {
  std::size_t rows = 0;
  std::vector<float> values;
};

/// Reads `path` as a table of `columns` numbers per line. `layout` describes the file for messages,
/// e.g. "561 feature values per line (UCI HAR X_train.txt)".
NumberTable read_number_table(const std::string& path, std::uint32_t columns, const std::string& layout);

/// Reads `path` as one integer per line, each in [min_value, max_value].
std::vector<std::uint32_t> read_integer_lines(const std::string& path, std::uint32_t min_value, std::uint32_t max_value,
                                              const std::string& layout);

/// Reads `path` as lines "k name" with k = 1, 2, ... the line number and a non-empty name (the
/// form of activity_labels.txt and features.txt); returns the names in order.
std::vector<std::string> read_numbered_names(const std::string& path, const std::string& layout);

/// The whole file as text (size-checked). Throws data::DatasetError naming the path.
std::string read_text_file(const std::string& path, const std::string& layout);

}  // namespace spinaps::har
