#include "models/config/common_config.h"

namespace spinaps::config {
namespace {

/// The value at a dotted path, or null when any part is missing.
const Json* find_path(const Json& document, const std::string& path) {
  const Json* node = &document;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &node->at(key);
    if (dot == std::string::npos) return node;
    start = dot + 1;
  }
}

}  // namespace

ClockConfig parse_clock(ConfigNode node) {
  ClockConfig clock;
  clock.frequency_mhz = node.real("frequency_mhz", 1.0, 10000.0);
  node.finish();
  return clock;
}

SimulationConfig parse_simulation(ConfigNode node, bool quantum_allowed) {
  SimulationConfig simulation;
  simulation.idle_skipping = node.boolean_or("idle_skipping", true);
  if (quantum_allowed) simulation.quantum_cycles = node.integer_or("quantum_cycles", 1, 1ULL << 40U, 4096);
  node.finish();
  return simulation;
}

void reject_renamed_keys(const Json& document, const std::string& file, const std::vector<RenamedKey>& renamed) {
  for (const RenamedKey& key : renamed) {
    if (find_path(document, key.old_key) != nullptr) {
      throw ConfigError(file, key.old_key,
                        "was renamed; use \"" + key.new_key +
                            "\" (every accelerator's configuration "
                            "names it so)");
    }
  }
}

std::string accelerator_name(const Json& document, const std::string& file, const std::string& allowed) {
  if (!document.is_object() || !document.contains("accelerator")) {
    throw ConfigError(file, "accelerator",
                      "is required: the accelerator this configuration describes, one of " + allowed);
  }
  const Json& value = document.at("accelerator");
  if (!value.is_string()) throw ConfigError(file, "accelerator", "expected a string, one of " + allowed);
  return value.get<std::string>();
}

}  // namespace spinaps::config
