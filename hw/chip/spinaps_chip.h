#pragma once
// The chip top: one clock domain and the SpinAPS core(s) it schedules. Built from the validated
// configuration; nothing here reads configuration from anywhere else.
#include <memory>
#include <systemc>

#include "hw/chip/chip_config.h"
#include "hw/common/clock_domain.h"
#include "hw/core/spinaps_core.h"

namespace spinaps::chip {

class SpinapsChip : public sc_core::sc_module {
 public:
  SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config, const core::CoreConfig& core_config,
              const snn::QuantisedNetwork& network, core::InferenceSource& host);

  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] const core::SpinapsCore& core() const { return core_; }

 private:
  hw::ClockDomain clock_domain_;
  core::SpinapsCore core_;
};

}  // namespace spinaps::chip
