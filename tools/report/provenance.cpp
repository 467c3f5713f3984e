#include "tools/report/provenance.h"

#include <spinaps_git_commit.h>

#include <fstream>
#include <iterator>

#include "tools/report/run_report.h"

namespace spinaps::report {
namespace {

using OrderedJson = nlohmann::ordered_json;

/// The dotted key an assignment "key.path=value" sets.
std::string override_key(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

bool same_or_inside(const std::string& path, const std::string& key) {
  return path == key || (path.size() > key.size() && path.compare(0, key.size(), key) == 0 && path[key.size()] == '.');
}

void collect_leaves(const config::Json& node, const std::string& path, std::vector<std::string>& paths,
                    std::vector<const config::Json*>& values) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [key, child] : node.items()) {
      collect_leaves(child, path.empty() ? key : path + "." + key, paths, values);
    }
    return;
  }
  paths.push_back(path);
  values.push_back(&node);
}

}  // namespace

OrderedJson tool_provenance() {
  return {{"name", "spinaps"},
          {"version", SPINAPS_VERSION},
          {"git_commit", SPINAPS_GIT_COMMIT},
          {"git_dirty", SPINAPS_GIT_DIRTY != 0}};
}

OrderedJson parameter_sources(const chip::ChipConfig& config, const CommandLineInputs& inputs) {
  std::vector<std::string> paths;
  std::vector<const config::Json*> values;
  collect_leaves(config.document, "", paths, values);
  OrderedJson sources = OrderedJson::object();
  for (std::size_t n = 0; n < paths.size(); ++n) {
    const std::string& path = paths[n];
    OrderedJson entry = {{"value", *values[n]}, {"source", "file"}, {"detail", config.file}};
    if (!inputs.data_dir.empty() && path == "workload.data_dir") {
      entry["source"] = "override";
      entry["detail"] = "--data " + inputs.data_dir;
    }
    for (const std::string& assignment : inputs.overrides) {  // the last override of a key wins
      if (same_or_inside(path, override_key(assignment))) {
        entry["source"] = "override";
        entry["detail"] = "-p " + assignment;
      }
    }
    sources[path] = entry;
  }
  // Optional keys the file left out take the parser's default; recorded so a report says which
  // value was used even when nobody wrote it down.
  const std::vector<std::pair<std::string, config::Json>> defaults = {
      {"crossbar.column_mux_ratio", config.crossbar.column_mux_ratio},
      {"crossbar.read_buffer_depth", config.crossbar.read_buffer_depth},
      {"workload.split", config.workload.split},
      {"simulation.idle_skipping", config.simulation.idle_skipping},
      {"simulation.quantum_cycles", config.simulation.quantum_cycles},
      {"technology.data_dir", "models/tech (built in)"}};
  for (const auto& [path, value] : defaults) {
    if (!sources.contains(path)) {
      sources[path] = {{"value", value}, {"source", "default"}, {"detail", "the parser's default"}};
    }
  }
  return sources;
}

OrderedJson weights_provenance(const std::string& weights_file) {
  std::ifstream stream(weights_file, std::ios::binary);
  if (!stream) throw config::ConfigError(weights_file, "snn.weights", "cannot be read");
  const std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  const auto document = OrderedJson::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    throw config::ConfigError(weights_file, "snn.weights", "is not a JSON weights file");
  }
  OrderedJson training = OrderedJson::object();
  if (document.contains("training") && document["training"].is_object()) {
    const OrderedJson& record = document["training"];
    for (const char* key : {"method", "command", "dataset", "logistic_regression_accuracy", "accuracy_vs_time_steps"}) {
      if (record.contains(key)) training[key] = record[key];
    }
  }
  return {{"file", weights_file}, {"hash_fnv1a64", fnv1a_hex(text)}, {"training", training}};
}

}  // namespace spinaps::report
