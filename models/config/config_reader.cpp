#include "models/config/config_reader.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace spinaps::config {
namespace {

std::string describe(const Json& value) {
  // A string from the command line may hold bytes that are not UTF-8: quote them replaced, since
  // this text only explains an error and must not throw one of its own.
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr std::size_t kMaxShown = 60;
  if (text.size() > kMaxShown) {
    text = text.substr(0, kMaxShown) + "...";
  }
  return text;
}

std::string format_real(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

ConfigError::ConfigError(std::string file, std::string key, const std::string& problem)
    : std::runtime_error(file + ": " + (key.empty() ? std::string() : "key '" + key + "': ") + problem),
      file_(std::move(file)),
      key_(std::move(key)) {}

ConfigNode::ConfigNode(const Json& node, std::string file, std::string path)
    : node_(&node), file_(std::move(file)), path_(std::move(path)) {
  if (!node.is_object()) {
    throw ConfigError(file_, path_, "expected a JSON object, got " + describe(node));
  }
}

std::string ConfigNode::path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

ConfigError ConfigNode::error(const std::string& key, const std::string& problem) const {
  return {file_, path_of(key), problem};
}

bool ConfigNode::has(const std::string& key) const { return node_->contains(key); }

const Json& ConfigNode::require(const std::string& key) {
  consumed_.insert(key);
  if (!node_->contains(key)) {
    throw error(key, "is required but missing");
  }
  return node_->at(key);
}

ConfigNode ConfigNode::child(const std::string& key) {
  const Json& value = require(key);
  if (!value.is_object()) {
    throw error(key, "expected an object, got " + describe(value));
  }
  return {value, file_, path_of(key)};
}

std::uint64_t ConfigNode::integer(const std::string& key, std::uint64_t min_value, std::uint64_t max_value) {
  const Json& value = require(key);
  const bool is_whole_number = value.is_number_unsigned() ||
                               (value.is_number_integer() && value.get<std::int64_t>() >= 0) ||
                               (value.is_number_float() && value.get<double>() >= 0.0 &&
                                std::floor(value.get<double>()) == value.get<double>() && value.get<double>() < 1.8e19);
  const std::string allowed = "an integer in [" + std::to_string(min_value) + ", " + std::to_string(max_value) + "]";
  if (!is_whole_number) {
    throw error(key, "value " + describe(value) + " is not allowed; expected " + allowed);
  }
  const auto number =
      value.is_number_float() ? static_cast<std::uint64_t>(value.get<double>()) : value.get<std::uint64_t>();
  if (number < min_value || number > max_value) {
    throw error(key, "value " + describe(value) + " is out of range; expected " + allowed);
  }
  return number;
}

std::uint64_t ConfigNode::integer_or(const std::string& key, std::uint64_t min_value, std::uint64_t max_value,
                                     std::uint64_t fallback) {
  return has(key) ? integer(key, min_value, max_value) : (consumed_.insert(key), fallback);
}

std::vector<std::uint64_t> ConfigNode::integer_list_or(const std::string& key, std::uint64_t min_value,
                                                       std::uint64_t max_value, std::size_t max_count) {
  consumed_.insert(key);
  std::vector<std::uint64_t> values;
  if (!has(key)) {
    return values;
  }
  const Json& array = node_->at(key);
  const std::string allowed = "an array of at most " + std::to_string(max_count) + " integers in [" +
                              std::to_string(min_value) + ", " + std::to_string(max_value) + "]";
  if (!array.is_array() || array.size() > max_count) {
    throw error(key, "value " + describe(array) + " is not allowed; expected " + allowed);
  }
  for (std::size_t n = 0; n < array.size(); ++n) {
    const Json& value = array[n];
    const bool whole = value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
    if (!whole || value.get<std::uint64_t>() < min_value || value.get<std::uint64_t>() > max_value) {
      throw error(key + "[" + std::to_string(n) + "]",
                  "value " + describe(value) + " is not allowed; expected " + allowed);
    }
    values.push_back(value.get<std::uint64_t>());
  }
  return values;
}

double ConfigNode::real(const std::string& key, double min_value, double max_value) {
  const Json& value = require(key);
  const std::string allowed = "a number in [" + format_real(min_value) + ", " + format_real(max_value) + "]";
  if (!value.is_number()) {
    throw error(key, "value " + describe(value) + " is not allowed; expected " + allowed);
  }
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < min_value || number > max_value) {
    throw error(key, "value " + describe(value) + " is out of range; expected " + allowed);
  }
  return number;
}

double ConfigNode::real_or(const std::string& key, double min_value, double max_value, double fallback) {
  return has(key) ? real(key, min_value, max_value) : (consumed_.insert(key), fallback);
}

bool ConfigNode::boolean(const std::string& key) {
  const Json& value = require(key);
  if (!value.is_boolean()) {
    throw error(key, "value " + describe(value) + " is not allowed; expected true or false");
  }
  return value.get<bool>();
}

bool ConfigNode::boolean_or(const std::string& key, bool fallback) {
  return has(key) ? boolean(key) : (consumed_.insert(key), fallback);
}

std::string ConfigNode::text(const std::string& key) {
  const Json& value = require(key);
  if (!value.is_string()) {
    throw error(key, "value " + describe(value) + " is not allowed; expected a string");
  }
  return value.get<std::string>();
}

std::string ConfigNode::text_or(const std::string& key, const std::string& fallback) {
  return has(key) ? text(key) : (consumed_.insert(key), fallback);
}

std::string ConfigNode::choice(const std::string& key, const std::vector<std::string>& allowed) {
  const Json& value = require(key);
  std::string options;
  for (const auto& option : allowed) {
    options += (options.empty() ? "" : ", ") + ("\"" + option + "\"");
  }
  if (value.is_string()) {
    for (const auto& option : allowed) {
      if (value.get<std::string>() == option) {
        return option;
      }
    }
  }
  throw error(key, "value " + describe(value) + " is not allowed; expected one of " + options);
}

std::string ConfigNode::choice_or(const std::string& key, const std::vector<std::string>& allowed,
                                  const std::string& fallback) {
  return has(key) ? choice(key, allowed) : (consumed_.insert(key), fallback);
}

void ConfigNode::skip(const std::string& key) { consumed_.insert(key); }

void ConfigNode::finish() const {
  for (const auto& item : node_->items()) {
    if (consumed_.count(item.key()) == 0) {
      std::string known;
      for (const auto& key : consumed_) {
        known += (known.empty() ? "" : ", ") + key;
      }
      throw ConfigError(file_, path_of(item.key()),
                        "unknown key; the keys allowed here are: " + (known.empty() ? std::string("none") : known));
    }
  }
}

std::map<std::string, std::string> read_sources(const Json& document, const std::string& file) {
  std::map<std::string, std::string> sources;
  if (!document.is_object() || !document.contains("source")) return sources;
  const Json& source = document.at("source");
  if (!source.is_object()) throw ConfigError(file, "source", "expected an object of strings");
  for (const auto& [key, text] : source.items()) {
    if (!text.is_string()) throw ConfigError(file, "source." + key, "expected a string naming a source");
    sources[key] = text.get<std::string>();
  }
  return sources;
}

Json read_json_file(const std::string& file) {
  // A device or FIFO named by mistake (e.g. /dev/zero) would be read forever.
  std::error_code error;
  if (std::filesystem::exists(file, error) && !std::filesystem::is_regular_file(file, error)) {
    throw ConfigError(file, "", "not a regular file; expected a JSON file");
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream) {
    throw ConfigError(file, "", "cannot open the file");
  }
  std::ostringstream content;
  content << stream.rdbuf();
  try {
    return Json::parse(content.str());
  } catch (const Json::exception& json_error) {
    // parse_error for bad syntax, out_of_range for numbers that overflow a double
    throw ConfigError(file, "", std::string("malformed JSON: ") + json_error.what());
  }
}

void apply_override(Json& document, const std::string& assignment, const std::string& file) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ConfigError(file, assignment, "an override must look like key.path=value");
  }
  const std::string key = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  Json* node = &document;
  std::string walked;
  std::size_t start = 0;
  while (true) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    walked += (walked.empty() ? "" : ".") + part;
    if (node->is_null()) {
      *node = Json::object();  // a key the override created one level up
    }
    if (!node->is_object()) {
      throw ConfigError(file, walked, "-p " + assignment + " descends into a value that is not an object");
    }
    // A missing key is created; the parser then rejects it by name if it is not a known key.
    node = &(*node)[part];
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::exception&) {
    value = text;  // a bare word is a string
  }
  *node = value;
}

}  // namespace spinaps::config
