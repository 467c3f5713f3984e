#pragma once
// The top module one SpinAPS run elaborates: the chip and, beside it, the host that loads it and
// streams the workload's inputs into it, joined only by the chip's TLM-2.0 socket.
#include <systemc>

#include "hw/chip/host.h"
#include "hw/chip/spinaps_chip.h"

namespace spinaps::chip {

class ChipTestbench : public sc_core::sc_module {
 public:
  /// The host streams the first `samples` inputs of `dataset` after loading the weights.
  ChipTestbench(const sc_core::sc_module_name& name, const ChipConfig& config, const FabricConfig& fabric_config,
                const Mapping& mapping, const snn::LayeredNetwork& network, const data::ImageDataset& dataset,
                std::size_t samples, const LoadingTiming& loading, ChipIo::Progress progress);

  [[nodiscard]] SpinapsChip& chip() { return chip_; }
  [[nodiscard]] const Host& host() const { return host_; }

 private:
  SpinapsChip chip_;
  Host host_;
};

}  // namespace spinaps::chip
