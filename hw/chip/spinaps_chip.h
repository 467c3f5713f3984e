#pragma once
// The chip top: one clock domain, the cores of the mapping, the mesh NoC and the chip controller
// (chip_fabric.h), and its TLM-2.0 boundary with the host that loads it (host_interface.h). Built from the validated
// configuration; nothing here reads configuration from anywhere else.
#include <memory>
#include <systemc>

#include "hw/chip/chip_config.h"
#include "hw/chip/chip_fabric.h"
#include "hw/chip/host_interface.h"
#include "hw/common/clock_domain.h"

namespace spinaps::chip {

class SpinapsChip : public sc_core::sc_module {
 public:
  /// The host loads the weights over TLM-2.0 (host_interface.h) and then starts inference.
  SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config, const FabricConfig& fabric_config,
              const Mapping& mapping, const snn::LayeredNetwork& network, core::InferenceSource& host,
              const LoadingTiming& loading);

  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] const ChipFabric& fabric() const { return fabric_; }
  [[nodiscard]] const LoadingStatistics& loading() const { return target_.statistics(); }

 private:
  hw::ClockDomain clock_domain_;
  ChipFabric fabric_;
  ChipTarget target_;
  Host host_;
};

}  // namespace spinaps::chip
