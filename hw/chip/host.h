#pragma once
// The host the chip is tested with: not part of the chip, it sits beside it in the testbench
// (hw/chip/chip_testbench.h) and talks to it only through the chip's TLM-2.0 target socket
// (address map in hw/chip/host_interface.h).
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <cstdint>
#include <systemc>
#include <tlm>
#include <vector>

#include "hw/chip/chip_fabric.h"
#include "hw/chip/chip_io.h"
#include "hw/chip/host_interface.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::chip {

/// The host: loads every core, starts inference, then streams the dataset's first `samples` inputs
/// and reads a decision for each, keeping at most two inferences outstanding (one SC_THREAD,
/// loosely timed).
class Host : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Host> socket;
  Host(const sc_core::sc_module_name& name, const ChipFabric& fabric, sc_core::sc_time quantum,
       const data::ImageDataset& dataset, std::size_t samples);
  /// The decisions read back, in order.
  [[nodiscard]] const std::vector<DecisionWord>& decisions() const { return decisions_; }

 private:
  void run();
  void load(tlm_utils::tlm_quantumkeeper& keeper);
  void stream(tlm_utils::tlm_quantumkeeper& keeper);
  void read(std::uint64_t address, std::uint8_t* data, std::uint32_t bytes, sc_core::sc_time& local_time);
  void write(std::uint64_t address, std::uint8_t* data, std::uint32_t bytes, sc_core::sc_time& local_time);
  std::uint32_t read_word(std::uint64_t address, sc_core::sc_time& local_time);

  const ChipFabric& fabric_;
  sc_core::sc_time quantum_;
  const data::ImageDataset& dataset_;
  std::size_t samples_;
  std::vector<DecisionWord> decisions_;
};

}  // namespace spinaps::chip
