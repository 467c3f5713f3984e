#pragma once
// Configuration flows from a parsed JSON document, through a ConfigNode that checks every key it
// is asked for (type, range, allowed values) and remembers which keys it consumed, to a validated
// struct that module constructors receive. Keys nobody asked for are rejected by finish(), so a
// misspelt key is an error, never silently ignored.
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace spinaps::config {

using Json = nlohmann::json;

/// One error naming the file, the key (dotted path), the offending value and what is allowed.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::string key, const std::string& problem);
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& key() const { return key_; }

 private:
  std::string file_;
  std::string key_;
};

/// Reads one JSON object node. Every accessor records the key as consumed.
class ConfigNode {
 public:
  ConfigNode(const Json& node, std::string file, std::string path);

  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] ConfigNode child(const std::string& key);
  [[nodiscard]] std::uint64_t integer(const std::string& key, std::uint64_t min_value, std::uint64_t max_value);
  [[nodiscard]] std::uint64_t integer_or(const std::string& key, std::uint64_t min_value, std::uint64_t max_value,
                                         std::uint64_t fallback);
  [[nodiscard]] double real(const std::string& key, double min_value, double max_value);
  [[nodiscard]] double real_or(const std::string& key, double min_value, double max_value, double fallback);
  [[nodiscard]] bool boolean(const std::string& key);
  [[nodiscard]] bool boolean_or(const std::string& key, bool fallback);
  [[nodiscard]] std::string text(const std::string& key);
  [[nodiscard]] std::string text_or(const std::string& key, const std::string& fallback);
  /// A string that must be one of `allowed`.
  [[nodiscard]] std::string choice(const std::string& key, const std::vector<std::string>& allowed);
  [[nodiscard]] std::string choice_or(const std::string& key, const std::vector<std::string>& allowed,
                                      const std::string& fallback);
  /// An optional array of integers, each in [min_value, max_value], at most max_count long; empty
  /// when the key is absent.
  [[nodiscard]] std::vector<std::uint64_t> integer_list_or(const std::string& key, std::uint64_t min_value,
                                                           std::uint64_t max_value, std::size_t max_count);
  /// Marks a key as known without reading it (for keys another component parses).
  void skip(const std::string& key);
  /// Throws ConfigError for the first key present in the node that no accessor consumed.
  void finish() const;

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] std::string path_of(const std::string& key) const;
  [[nodiscard]] ConfigError error(const std::string& key, const std::string& problem) const;

 private:
  [[nodiscard]] const Json& require(const std::string& key);

  const Json* node_;
  std::string file_;
  std::string path_;
  std::set<std::string> consumed_;
};

/// The document's optional "source" object (parameter -> where its value comes from), every value a
/// string; throws ConfigError naming the key otherwise. Empty when absent.
std::map<std::string, std::string> read_sources(const Json& document, const std::string& file);

/// A JSON document read from disk. Throws ConfigError on unreadable or malformed files.
Json read_json_file(const std::string& file);

/// Applies `key.path=value` to the document, creating the key if it is absent (the parser then
/// rejects unknown keys by name). The value is parsed as JSON when it can be, otherwise taken as a
/// string.
void apply_override(Json& document, const std::string& assignment, const std::string& file);

}  // namespace spinaps::config
