#pragma once
// The chip's TLM-2.0 boundary (its target socket). The host (hw/chip/host.h, a loosely-timed initiator with a
// tlm_quantumkeeper, outside the chip) loads
// every core's role and weights through memory-mapped b_transport writes, then starts inference;
// the loading phase's time and energy are reported apart from inference.
//
// Address map (byte addresses; node n = mesh row * cols + col):
//   n << 32 | 0x0000_0000   core registers, 32-bit little-endian words, written and read back:
//                             0 layer, 1 first_input, 2 inputs, 3 first_neuron, 4 neurons,
//                             5 owner (1/0), 6 partial-sum packets expected per step
//   n << 32 | 0x1000_0000   weight rows: row r at + r * row_stride, row_stride = ceil(row_bits/8)
//                             bytes; row_bits = neurons x K x B, neuron-major, LSB first (write only)
//   0xFFFF_0000_0000_0000   chip control: 32-bit word 0 = start (write 1 after loading)
//   0xFFFF_0001_0000_0000   input stream: write one input vector (one byte per layer-0 input,
//                             intensity 0..255); blocks while every input buffer is full
//   0xFFFF_0002_0000_0000   decision FIFO: read 16 bytes = 4 little-endian words (sequence number,
//                             decision, decision step, flags: bit 0 decided by a spike); blocks until
//                             the oldest unread decision exists
// Timing of a write (annotated delay, loosely timed): the payload crosses the NoC from the host
// interface at node 0 (MeshNetwork::zero_load_latency: loading is sequential, so no contention),
// then a weight row is written with write-verify: write_latency_ns / switching probability (the
// expected number of pulses) per row, all its cells in parallel.
// Energy: cells written x STT write energy / switching probability, and the flits' NoC actions.
// Streaming: the host interface sits on node 0's local port and injects one flit a cycle; an input
// vector goes to every layer-0 core as its slice (row block) of the inputs, one core after the other,
// and is ready when the last slice has arrived (zero-load NoC latency: input transfers are timed
// apart from the inference traffic they overlap). A decision goes back as one head flit.
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <systemc>
#include <tlm>

#include "hw/chip/chip_fabric.h"
#include "hw/chip/chip_io.h"
#include "hw/common/clock_domain.h"

namespace spinaps::chip {

constexpr std::uint64_t kNodeWindowShift = 32;
constexpr std::uint64_t kCoreRegisters = 0x0000'0000ULL;
constexpr std::uint64_t kCoreWeightRows = 0x1000'0000ULL;
constexpr std::uint64_t kChipControl = 0xFFFF'0000'0000'0000ULL;
constexpr std::uint64_t kChipInputStream = 0xFFFF'0001'0000'0000ULL;
constexpr std::uint64_t kChipDecisions = 0xFFFF'0002'0000'0000ULL;
constexpr std::uint32_t kDecisionBytes = 16;
constexpr std::uint32_t kCoreRegisterCount = 7;

/// Core register `index` of the address map (0 layer ... 6 partial-sum packets) as the core holds it.
std::uint32_t core_register_value(const core::SpinapsCore& core, std::uint32_t index);
/// Bytes between weight rows: ceil(row_bits / 8).
std::uint32_t weight_row_stride(const core::SpinapsCore& core);

struct LoadingTiming {
  double period_ns = 2.0;
  double write_latency_ns = 10.0;          ///< one write pulse of a row
  double write_switching_probability = 1;  ///< expected pulses per bit = 1 / this
};

struct LoadingStatistics {
  std::uint64_t transactions = 0;
  std::uint64_t register_writes = 0, register_reads = 0;
  std::uint64_t rows_written = 0;
  std::uint64_t bits_written = 0;
  std::uint64_t noc_flits = 0, noc_flit_hops = 0;  ///< payload flits and their link traversals
  double time_ns = 0.0;                            ///< from the first write to the start of inference
  hw::Cycle start_cycle = 0;
};

/// The host's input stream and decision reads during inference.
struct StreamingStatistics {
  std::uint64_t transactions = 0;
  std::uint64_t input_flits = 0, input_flit_hops = 0;        ///< input vectors to the layer-0 cores
  std::uint64_t decision_flits = 0, decision_flit_hops = 0;  ///< decisions back to the host port
  hw::Cycle input_transfer_cycles = 0;                       ///< one vector: first flit out to last slice in
};

/// The chip's target socket: decodes the address map and programs the cores.
class ChipTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<ChipTarget> socket;
  ChipTarget(const sc_core::sc_module_name& name, ChipFabric& fabric, hw::ClockDomain& domain, ChipIo& io,
             const LoadingTiming& timing);
  [[nodiscard]] const LoadingStatistics& statistics() const { return statistics_; }
  [[nodiscard]] const StreamingStatistics& streaming() const { return streaming_; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  void core_registers(std::size_t core, tlm::tlm_generic_payload& payload, std::uint64_t offset);
  void weight_row(std::size_t core, tlm::tlm_generic_payload& payload, std::uint64_t offset, sc_core::sc_time& delay);
  void stream(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);

  ChipFabric& fabric_;
  hw::ClockDomain& domain_;
  ChipIo& io_;
  LoadingTiming timing_;
  std::vector<std::int64_t> core_at_node_;
  std::uint32_t input_flits_ = 0;  ///< one input vector's flits (all slices), injected one a cycle
  std::uint64_t input_flit_hops_ = 0;
  hw::Cycle decision_cycles_ = 0;  ///< a decision's trip from the decision unit to the host port
  std::uint32_t decision_flits_ = 0;
  LoadingStatistics statistics_;
  StreamingStatistics streaming_;
};

}  // namespace spinaps::chip
