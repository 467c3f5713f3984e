#include "hw/chip/spinaps_chip.h"

namespace spinaps::chip {

SpinapsChip::SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config,
                         const FabricConfig& fabric_config, const Mapping& mapping, const snn::LayeredNetwork& network,
                         const LoadingTiming& loading, ChipIo::Progress progress)
    : sc_core::sc_module(name),
      clock_domain_("clock_domain", config.clock.period_ns(), config.simulation.idle_skipping,
                    config.simulation.quantum_cycles),
      io_(kInputBuffers, network.shape.inputs, config.clock.period_ns(), std::move(progress)),
      fabric_(fabric_config, mapping, network, io_, clock_domain_),
      target_("host_interface", fabric_, clock_domain_, io_, loading) {}

}  // namespace spinaps::chip
