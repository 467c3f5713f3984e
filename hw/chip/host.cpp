#include "hw/chip/host.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace spinaps::chip {

Host::Host(const sc_core::sc_module_name& name, const ChipFabric& fabric, sc_core::sc_time quantum,
           const data::ImageDataset& dataset, std::size_t samples)
    : sc_core::sc_module(name),
      socket("socket"),
      fabric_(fabric),
      quantum_(quantum),
      dataset_(dataset),
      samples_(std::min(samples, dataset.size())) {
  SC_HAS_PROCESS(Host);
  SC_THREAD(run);
}

void Host::write(std::uint64_t address, std::uint8_t* data, std::uint32_t bytes, sc_core::sc_time& local_time) {
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_WRITE_COMMAND);
  payload.set_address(address);
  payload.set_data_ptr(data);
  payload.set_data_length(bytes);
  payload.set_streaming_width(bytes);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(payload, local_time);
  if (payload.is_response_error()) {
    throw std::runtime_error("host interface: write to address " + std::to_string(address) +
                             " failed: " + payload.get_response_string());
  }
}

void Host::read(std::uint64_t address, std::uint8_t* data, std::uint32_t bytes, sc_core::sc_time& local_time) {
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_READ_COMMAND);
  payload.set_address(address);
  payload.set_data_ptr(data);
  payload.set_data_length(bytes);
  payload.set_streaming_width(bytes);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(payload, local_time);
  if (payload.is_response_error()) {
    throw std::runtime_error("host interface: read of address " + std::to_string(address) + " failed");
  }
}

std::uint32_t Host::read_word(std::uint64_t address, sc_core::sc_time& local_time) {
  std::uint32_t value = 0;
  read(address, reinterpret_cast<std::uint8_t*>(&value), 4, local_time);
  return value;
}

void Host::run() {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(quantum_);
  tlm_utils::tlm_quantumkeeper keeper;
  keeper.reset();
  load(keeper);
  stream(keeper);
}

void Host::load(tlm_utils::tlm_quantumkeeper& keeper) {
  const Mapping& mapping = fabric_.mapping();
  for (std::size_t p = 0; p < mapping.partitions.size(); ++p) {
    const core::SpinapsCore& core = *fabric_.cores()[p];
    const std::uint64_t base = static_cast<std::uint64_t>(mapping.partitions[p].node) << kNodeWindowShift;
    sc_core::sc_time local = keeper.get_local_time();
    for (std::uint32_t index = 0; index < kCoreRegisterCount; ++index) {
      std::uint32_t value = core_register_value(core, index);
      write(base + kCoreRegisters + 4ULL * index, reinterpret_cast<std::uint8_t*>(&value), 4, local);
      if (read_word(base + kCoreRegisters + 4ULL * index, local) != value) {
        throw std::runtime_error("host interface: core register read-back differs");
      }
    }
    const std::uint32_t stride = weight_row_stride(core);
    for (std::uint32_t row = 0; row < core.network().shape.inputs; ++row) {
      std::vector<std::uint8_t> bits = core.weight_row_bits(row);
      write(base + kCoreWeightRows + static_cast<std::uint64_t>(row) * stride, bits.data(), stride, local);
      keeper.set(local);
      if (keeper.need_sync()) {
        keeper.sync();
        local = keeper.get_local_time();
      }
    }
    keeper.set(local);
  }
  keeper.sync();  // inference starts at a SystemC time, not at an offset
  sc_core::sc_time local = keeper.get_local_time();
  std::uint32_t start = 1;
  write(kChipControl, reinterpret_cast<std::uint8_t*>(&start), 4, local);
  keeper.set(local);
}

void Host::stream(tlm_utils::tlm_quantumkeeper& keeper) {
  const std::uint32_t inputs = fabric_.mapping().layers.front().inputs;
  std::vector<std::uint8_t> vector(inputs);
  auto read_decision = [&]() {
    sc_core::sc_time local = keeper.get_local_time();
    std::uint32_t words[4] = {};
    read(kChipDecisions, reinterpret_cast<std::uint8_t*>(words), kDecisionBytes, local);
    decisions_.push_back({words[0], words[1], words[2], words[3]});
    keeper.set(local);
  };
  // Two inferences outstanding: the chip always has the next input while the host reads a decision.
  constexpr std::size_t kOutstanding = 2;
  for (std::size_t sample = 0; sample < samples_; ++sample) {
    std::copy(dataset_.image(sample), dataset_.image(sample) + inputs, vector.begin());
    sc_core::sc_time local = keeper.get_local_time();
    write(kChipInputStream, vector.data(), inputs, local);
    keeper.set(local);
    if (sample >= kOutstanding) read_decision();
    if (keeper.need_sync()) keeper.sync();
  }
  while (decisions_.size() < samples_) read_decision();
  keeper.sync();
}

}  // namespace spinaps::chip
