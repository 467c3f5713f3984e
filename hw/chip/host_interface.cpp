#include "hw/chip/host_interface.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace spinaps::chip {
std::uint32_t core_register_value(const core::SpinapsCore& core, std::uint32_t index) {
  const core::CoreRole& role = core.role();
  const snn::SnnConfig& shape = core.network().shape;
  const std::uint32_t values[kCoreRegisterCount] = {
      role.layer,           role.first_input,        shape.inputs, role.first_neuron, shape.outputs,
      role.owner ? 1U : 0U, role.partial_sum_packets};
  return values[index];
}

std::uint32_t weight_row_stride(const core::SpinapsCore& core) { return (core.row_bits() + 7) / 8; }

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
  const std::uint32_t value = core_register_value(fabric_.core(core), static_cast<std::uint32_t>(index));
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
  const std::uint32_t stride = weight_row_stride(target);
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

}  // namespace spinaps::chip
