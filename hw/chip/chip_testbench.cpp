#include "hw/chip/chip_testbench.h"

namespace spinaps::chip {

ChipTestbench::ChipTestbench(const sc_core::sc_module_name& name, const ChipConfig& config,
                             const FabricConfig& fabric_config, const Mapping& mapping,
                             const snn::LayeredNetwork& network, const data::ImageDataset& dataset, std::size_t samples,
                             const LoadingTiming& loading, ChipIo::Progress progress)
    : sc_core::sc_module(name),
      chip_("chip", config, fabric_config, mapping, network, loading, std::move(progress)),
      // The host runs loosely timed with the chip's quantum.
      host_("host", chip_.fabric(),
            sc_core::sc_time(loading.period_ns * static_cast<double>(config.simulation.quantum_cycles), sc_core::SC_NS),
            dataset, samples) {
  host_.socket.bind(chip_.target_socket());
}

}  // namespace spinaps::chip
