#pragma once
// The configuration keys every accelerator shares, read the same way whichever accelerator the
// document names: "accelerator", "name", "description", "seed", "clock.frequency_mhz" and
// "simulation.*" (technology.* is models/tech/technology.h, noc.* hw/noc/noc_config.h). Keys an
// earlier version used are rejected with the name of the key that replaced them.
#include <cstdint>
#include <string>
#include <vector>

#include "models/config/config_reader.h"

namespace spinaps::config {

struct ClockConfig {
  double frequency_mhz = 500.0;
  [[nodiscard]] double period_ns() const { return 1000.0 / frequency_mhz; }
};

struct SimulationConfig {
  bool idle_skipping = true;            ///< jump to the next busy cycle (false: tick every cycle; debug)
  std::uint64_t quantum_cycles = 4096;  ///< cycles a clock domain may run ahead of SystemC time
};

/// "frequency_mhz" in [1, 10000]. Calls node.finish().
ClockConfig parse_clock(ConfigNode node);
/// "idle_skipping" (bool) and, when `quantum_allowed`, "quantum_cycles" in [1, 2^40]. Calls finish().
SimulationConfig parse_simulation(ConfigNode node, bool quantum_allowed);

struct RenamedKey {
  std::string old_key;  ///< dotted path
  std::string new_key;  ///< dotted path
};

/// Throws ConfigError naming the first key of `renamed` present in `document` and its new name.
void reject_renamed_keys(const Json& document, const std::string& file, const std::vector<RenamedKey>& renamed);

/// The top-level "accelerator" key: throws ConfigError naming the file and the names allowed when
/// it is missing or not a string.
std::string accelerator_name(const Json& document, const std::string& file, const std::string& allowed);

}  // namespace spinaps::config
