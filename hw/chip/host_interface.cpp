#include "hw/chip/host_interface.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace spinaps::chip {
namespace {

std::uint32_t role_register(const core::SpinapsCore& core, std::uint32_t index) {
  const core::CoreRole& role = core.role();
  const snn::SnnConfig& shape = core.network().shape;
  const std::uint32_t values[kCoreRegisterCount] = {
      role.layer,           role.first_input,        shape.inputs, role.first_neuron, shape.outputs,
      role.owner ? 1U : 0U, role.partial_sum_packets};
  return values[index];
}

std::uint32_t row_stride(const core::SpinapsCore& core) { return (core.row_bits() + 7) / 8; }

}  // namespace

ChipTarget::ChipTarget(const sc_core::sc_module_name& name, ChipFabric& fabric, hw::ClockDomain& domain, ChipIo& io,
                       const LoadingTiming& timing)
    : sc_core::sc_module(name), socket("socket"), fabric_(fabric), domain_(domain), io_(io), timing_(timing) {
  socket.register_b_transport(this, &ChipTarget::b_transport);
  const Mapping& mapping = fabric.mapping();
  const noc::MeshNetwork& mesh = fabric.mesh();
  core_at_node_.assign(mesh.config().nodes(), -1);
  for (std::size_t p = 0; p < mapping.partitions.size(); ++p) {
    core_at_node_[mapping.partitions[p].node] = static_cast<std::int64_t>(p);
  }
  // An input vector: each layer-0 core's slice, injected one after the other from node 0.
  for (const Partition& part : mapping.partitions) {
    if (part.layer != 0) continue;
    const std::uint32_t bits = part.inputs * 8;
    const std::uint32_t flits = mesh.flits_of(bits);
    streaming_.input_transfer_cycles =
        std::max(streaming_.input_transfer_cycles, input_flits_ + mesh.zero_load_latency(0, part.node, bits));
    input_flits_ += flits;
    input_flit_hops_ += static_cast<std::uint64_t>(flits) * mapping.hops(0, part.node);
  }
  decision_flits_ = mesh.flits_of(kDecisionBytes * 8);
  decision_cycles_ = mesh.zero_load_latency(0, 0, kDecisionBytes * 8);
  io_.on_input([this](hw::Cycle ready_cycle) {
    if (fabric_.input_arrived(ready_cycle)) domain_.wake();
  });
}

void ChipTarget::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  const std::uint64_t address = payload.get_address();
  payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  if (address == kChipInputStream || address == kChipDecisions) {
    stream(payload, delay);
    return;
  }
  ++statistics_.transactions;
  if (address == kChipControl) {
    if (payload.is_write() && payload.get_data_length() == 4) {
      // Start: the host synchronised before writing it, so SystemC time is the start time.
      const sc_core::sc_time start = sc_core::sc_time_stamp() + delay;
      statistics_.time_ns = start.to_seconds() * 1e9;
      statistics_.start_cycle = static_cast<hw::Cycle>(std::ceil(statistics_.time_ns / timing_.period_ns - 1e-9));
      fabric_.start(statistics_.start_cycle);
      domain_.wake();
      payload.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    return;
  }
  const std::uint64_t node = address >> kNodeWindowShift;
  const std::uint64_t offset = address & ((1ULL << kNodeWindowShift) - 1);
  if (node >= core_at_node_.size() || core_at_node_[node] < 0) return;
  const auto core = static_cast<std::size_t>(core_at_node_[node]);
  // The payload crosses the NoC from the host interface at node 0.
  const noc::MeshNetwork& mesh = fabric_.mesh();
  const std::uint32_t payload_bits = payload.get_data_length() * 8;
  delay += sc_core::sc_time(timing_.period_ns * static_cast<double>(mesh.zero_load_latency(0, node, payload_bits)),
                            sc_core::SC_NS);
  const std::uint32_t flits = mesh.flits_of(payload_bits);
  statistics_.noc_flits += flits;
  statistics_.noc_flit_hops += static_cast<std::uint64_t>(flits) * fabric_.mapping().hops(0, node);
  if (offset < kCoreWeightRows) {
    core_registers(core, payload, offset);
  } else {
    weight_row(core, payload, offset - kCoreWeightRows, delay);
  }
}

void ChipTarget::core_registers(std::size_t core, tlm::tlm_generic_payload& payload, std::uint64_t offset) {
  const std::uint64_t index = offset / 4;
  if (offset % 4 != 0 || payload.get_data_length() != 4 || index >= kCoreRegisterCount) return;
  const std::uint32_t value = role_register(fabric_.core(core), static_cast<std::uint32_t>(index));
  if (payload.is_read()) {
    std::memcpy(payload.get_data_ptr(), &value, 4);
    ++statistics_.register_reads;
  } else {
    // The role registers are set by the mapping; a write must agree with it (the host and the
    // mapping were built from the same configuration).
    std::uint32_t written = 0;
    std::memcpy(&written, payload.get_data_ptr(), 4);
    if (written != value) {
      payload.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return;
    }
    ++statistics_.register_writes;
  }
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

void ChipTarget::weight_row(std::size_t core, tlm::tlm_generic_payload& payload, std::uint64_t offset,
                            sc_core::sc_time& delay) {
  core::SpinapsCore& target = fabric_.core(core);
  const std::uint32_t stride = row_stride(target);
  if (!payload.is_write() || offset % stride != 0 || payload.get_data_length() != stride ||
      offset / stride >= target.network().shape.inputs) {
    return;
  }
  target.program_row(static_cast<std::uint32_t>(offset / stride), payload.get_data_ptr());
  ++statistics_.rows_written;
  statistics_.bits_written += target.row_bits();
  // Write-verify: the expected number of pulses, all cells of the row in parallel.
  delay += sc_core::sc_time(timing_.write_latency_ns / timing_.write_switching_probability, sc_core::SC_NS);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

void ChipTarget::stream(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  const bool input = payload.get_address() == kChipInputStream;
  if (input ? !payload.is_write() || payload.get_data_length() != io_.input_bytes()
            : !payload.is_read() || payload.get_data_length() != kDecisionBytes) {
    return;
  }
  // The stream waits on the chip, so the initiator's time offset is taken up first.
  sc_core::wait(delay);
  delay = sc_core::SC_ZERO_TIME;
  ++streaming_.transactions;
  if (input) {
    (void)io_.write_input(payload.get_data_ptr(), streaming_.input_transfer_cycles);
    streaming_.input_flits += input_flits_;
    streaming_.input_flit_hops += input_flit_hops_;
    // The host port is busy injecting the vector's flits, one a cycle.
    delay += sc_core::sc_time(timing_.period_ns * input_flits_, sc_core::SC_NS);
  } else {
    const DecisionWord word = io_.read_decision();
    const std::uint32_t words[4] = {word.sequence, word.decision, word.decision_step, word.flags};
    std::memcpy(payload.get_data_ptr(), words, kDecisionBytes);
    streaming_.decision_flits += decision_flits_;
    delay += sc_core::sc_time(timing_.period_ns * static_cast<double>(decision_cycles_), sc_core::SC_NS);
  }
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

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
      std::uint32_t value = role_register(core, index);
      write(base + kCoreRegisters + 4ULL * index, reinterpret_cast<std::uint8_t*>(&value), 4, local);
      if (read_word(base + kCoreRegisters + 4ULL * index, local) != value) {
        throw std::runtime_error("host interface: core register read-back differs");
      }
    }
    const std::uint32_t stride = row_stride(core);
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
