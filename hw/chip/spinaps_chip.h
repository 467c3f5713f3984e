#pragma once
// The chip top: one clock domain, the cores of the mapping, the mesh NoC and the chip controller
// (chip_fabric.h). Built from the validated configuration; nothing here reads configuration from
// anywhere else.
#include <memory>
#include <systemc>

#include "hw/chip/chip_config.h"
#include "hw/chip/chip_fabric.h"
#include "hw/common/clock_domain.h"

namespace spinaps::chip {

class SpinapsChip : public sc_core::sc_module {
 public:
  SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config, const FabricConfig& fabric_config,
              const Mapping& mapping, const snn::LayeredNetwork& network, core::InferenceSource& host);

  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] const ChipFabric& fabric() const { return fabric_; }

 private:
  hw::ClockDomain clock_domain_;
  ChipFabric fabric_;
};

}  // namespace spinaps::chip
