#include "hw/chip/spinaps_chip.h"

namespace spinaps::chip {

SpinapsChip::SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config,
                         const FabricConfig& fabric_config, const Mapping& mapping, const snn::LayeredNetwork& network,
                         core::InferenceSource& host)
    : sc_core::sc_module(name),
      clock_domain_("clock_domain", config.clock.period_ns(), config.simulation.idle_skipping,
                    config.simulation.quantum_cycles),
      fabric_(fabric_config, mapping, network, host, clock_domain_) {}

}  // namespace spinaps::chip
