#pragma once
// The chip top: one clock domain, the cores of the mapping, the mesh NoC and the chip controller
// (chip_fabric.h), its streaming I/O (chip_io.h) and its TLM-2.0 target socket through which a host
// loads it, streams the inputs and reads the decisions (host_interface.h). Built from the validated
// configuration; nothing here reads configuration from anywhere else. The host is not part of the
// chip: chip_testbench.h puts the two side by side.
#include <systemc>

#include "hw/chip/chip_config.h"
#include "hw/chip/chip_fabric.h"
#include "hw/chip/chip_io.h"
#include "hw/chip/host_interface.h"
#include "hw/common/clock_domain.h"

namespace spinaps::chip {

/// Input buffers at the chip's input port: the next vector arrives while the current one runs.
constexpr std::size_t kInputBuffers = 2;

class SpinapsChip : public sc_core::sc_module {
 public:
  SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config, const FabricConfig& fabric_config,
              const Mapping& mapping, const snn::LayeredNetwork& network, const LoadingTiming& loading,
              ChipIo::Progress progress);

  /// The chip's TLM-2.0 target (address map in host_interface.h).
  [[nodiscard]] tlm::tlm_target_socket<>& target_socket() { return target_.socket; }
  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] const ChipFabric& fabric() const { return fabric_; }
  [[nodiscard]] ChipIo& io() { return io_; }
  [[nodiscard]] const LoadingStatistics& loading() const { return target_.statistics(); }
  [[nodiscard]] const StreamingStatistics& streaming() const { return target_.streaming(); }

 private:
  hw::ClockDomain clock_domain_;
  ChipIo io_;
  ChipFabric fabric_;
  ChipTarget target_;
};

}  // namespace spinaps::chip
