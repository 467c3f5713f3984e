#include "hw/chip/spinaps_chip.h"

namespace spinaps::chip {

SpinapsChip::SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config,
                         const core::CoreConfig& core_config, const snn::QuantisedNetwork& network,
                         core::InferenceSource& host)
    : sc_core::sc_module(name),
      clock_domain_("clock_domain", config.clock.period_ns(), config.simulation.idle_skipping,
                    config.simulation.quantum_cycles),
      core_(core_config, network, host) {
  clock_domain_.add(core_);
}

}  // namespace spinaps::chip
