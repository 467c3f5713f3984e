#pragma once
// A choice made by name in a configuration or on the command line (a routing algorithm, a traffic
// pattern, a placement, a memory, an accelerator): one table per choice maps each name to its
// value and a description, and both the configuration parser and the command line's --help read
// it, so they cannot disagree. An unknown name is an error listing the names allowed; there is no
// silent fallback.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/config/config_reader.h"

namespace spinaps::config {

template <typename T>
struct ChoiceEntry {
  std::string name;
  T value;
  std::string description;
};

template <typename T>
class ChoiceTable {
 public:
  ChoiceTable(std::string what, std::vector<ChoiceEntry<T>> entries)
      : what_(std::move(what)), entries_(std::move(entries)) {}

  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> names;
    names.reserve(entries_.size());
    for (const auto& entry : entries_) names.push_back(entry.name);
    return names;
  }
  [[nodiscard]] const std::vector<ChoiceEntry<T>>& entries() const { return entries_; }

  /// A required key of a configuration node.
  [[nodiscard]] T parse(ConfigNode& node, const std::string& key) const {
    return from_known(node.choice(key, names()));
  }
  /// An optional key; `fallback` when absent.
  [[nodiscard]] T parse_or(ConfigNode& node, const std::string& key, T fallback) const {
    return node.has(key) ? parse(node, key) : (node.skip(key), fallback);
  }
  /// A name given on the command line; std::invalid_argument naming `option` and the names allowed.
  [[nodiscard]] T from_name(const std::string& name, const std::string& option) const {
    for (const auto& entry : entries_) {
      if (entry.name == name) return entry.value;
    }
    throw std::invalid_argument(option + ": unknown " + what_ + " '" + name + "'; expected one of " + listed());
  }
  [[nodiscard]] const std::string& name_of(T value) const {
    for (const auto& entry : entries_) {
      if (entry.value == value) return entry.name;
    }
    throw std::logic_error(what_ + ": a value without a name");
  }
  /// "name: description; ..." for --help.
  [[nodiscard]] std::string help() const {
    std::string text;
    for (const auto& entry : entries_) text += (text.empty() ? "" : "; ") + entry.name + ": " + entry.description;
    return text;
  }
  /// "\"a\", \"b\"".
  [[nodiscard]] std::string listed() const {
    std::string text;
    for (const auto& entry : entries_) text += (text.empty() ? "\"" : ", \"") + entry.name + "\"";
    return text;
  }

 private:
  [[nodiscard]] T from_known(const std::string& name) const {
    for (const auto& entry : entries_) {
      if (entry.name == name) return entry.value;
    }
    throw std::logic_error(what_ + ": '" + name + "' passed the check but has no entry");
  }

  std::string what_;
  std::vector<ChoiceEntry<T>> entries_;
};

}  // namespace spinaps::config
