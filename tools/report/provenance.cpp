#include "tools/report/provenance.h"

#include <spinaps_git_commit.h>

#include <fstream>
#include <iterator>

#include "models/config/config_reader.h"
#include "tools/report/report_core.h"

namespace spinaps::report {
using OrderedJson = nlohmann::ordered_json;

OrderedJson tool_provenance() {
  return {{"name", "spinaps"},
          {"version", SPINAPS_VERSION},
          {"git_commit", SPINAPS_GIT_COMMIT},
          {"git_dirty", SPINAPS_GIT_DIRTY != 0}};
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
