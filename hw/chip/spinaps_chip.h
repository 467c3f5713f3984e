#pragma once
// The chip top: one clock domain, the cores of the mapping, the mesh NoC and the chip controller
// (chip_fabric.h), its streaming I/O (chip_io.h) and its TLM-2.0 boundary with the host that loads
// it, streams the inputs and reads the decisions (host_interface.h). Built from the validated
// configuration; nothing here reads configuration from anywhere else.
#include <memory>
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
  /// The host loads the weights over TLM-2.0, starts inference, streams the first `samples` inputs
  /// of `dataset` and reads a decision for each.
  SpinapsChip(const sc_core::sc_module_name& name, const ChipConfig& config, const FabricConfig& fabric_config,
              const Mapping& mapping, const snn::LayeredNetwork& network, const data::ImageDataset& dataset,
              std::size_t samples, const LoadingTiming& loading, ChipIo::Progress progress);

  [[nodiscard]] const hw::ClockDomain& clock_domain() const { return clock_domain_; }
  [[nodiscard]] const ChipFabric& fabric() const { return fabric_; }
  [[nodiscard]] ChipIo& io() { return io_; }
  [[nodiscard]] const LoadingStatistics& loading() const { return target_.statistics(); }
  [[nodiscard]] const StreamingStatistics& streaming() const { return target_.streaming(); }
  [[nodiscard]] const Host& host() const { return host_; }

 private:
  hw::ClockDomain clock_domain_;
  ChipIo io_;
  ChipFabric fabric_;
  ChipTarget target_;
  Host host_;
};

}  // namespace spinaps::chip
