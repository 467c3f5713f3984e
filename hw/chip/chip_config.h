#pragma once
// The whole chip configuration: one JSON document, parsed and validated once, then handed to each
// module's constructor. Nothing reads configuration from anywhere else.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/chip/mapping.h"
#include "hw/neuron/neuron_unit_config.h"
#include "hw/noc/noc_config.h"
#include "hw/stt/crossbar_config.h"
#include "hw/stt/stt_faults.h"
#include "models/config/common_config.h"
#include "models/config/config_reader.h"
#include "models/tech/technology.h"
#include "workloads/snn/snn_config.h"
#include "workloads/snn/snn_workload.h"

namespace spinaps::chip {

using ClockConfig = config::ClockConfig;
using SimulationConfig = config::SimulationConfig;

/// How the cores' time steps are kept in step (see chip_fabric.h).
struct SynchronisationConfig {
  std::string scheme = "barrier";
  std::uint32_t barrier_hop_cycles = 1;  ///< per mesh hop of the wired barrier tree
};

struct ChipConfig {
  std::string name;
  std::string description;
  std::string file;  ///< the configuration file it came from
  std::uint64_t seed = 1;
  snn::SnnConfig snn;
  tech::TechnologyConfig technology;
  ClockConfig clock;
  stt::CrossbarConfig crossbar;
  neuron::NeuronUnitConfig neuron;
  CoreGeometry core;                        ///< "core": subarrays per core (default 4 x 1)
  noc::NocConfig noc;                       ///< "noc": the mesh (default: one core, 1 x 1)
  Placement placement = Placement::kNaive;  ///< "mapping.placement"
  SynchronisationConfig synchronisation;    ///< "synchronisation"
  snn::SnnWorkloadConfig workload;          ///< "workload": what the chip runs (workloads/snn/snn_workload.h)
  SimulationConfig simulation;
  stt::SttFaultConfig stt_faults;  ///< "faults.stt": device faults injected into the STT cells
  config::Json document;           ///< the effective document after -p overrides (recorded in reports)
};

/// Reads, overrides and validates a configuration file. Throws config::ConfigError.
ChipConfig load_chip_config(const std::string& file, const std::vector<std::string>& overrides);
/// Validates an already-parsed document (used by load_chip_config and by tests).
ChipConfig parse_chip_config(const config::Json& document, const std::string& file);

}  // namespace spinaps::chip
