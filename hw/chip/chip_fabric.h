#pragma once
// The multi-core chip's fabric: one SpinAPS core per partition of the mapping, the mesh NoC that
// carries partial sums and spikes between them, and the chip controller that keeps the time steps
// of all cores in step and makes the first-to-spike decision.
//
// Synchronisation (a barrier per algorithmic time step): every core starts step t on the same
// cycle; a core is done when it has injected everything it sends for step t. When every core is
// done AND the NoC has delivered every packet (the barrier network also sums the injection and
// ejection counters, so it knows the NoC is drained), the barrier completes after
// 2 x (mesh_rows - 1 + mesh_cols - 1) x barrier_hop_cycles (gather to node 0, broadcast back; a
// dedicated wired tree). On that release cycle the decision unit at node 0 looks at the output
// spikes of step t (1 cycle); step t+1 or the next inference starts on the cycle after.
// A spike of layer l in step t is therefore in the next layer's window at step t+1: exactly the
// golden model's one-step delay.
//
// Packets (address events): a hidden spike is one packet (neuron address + step) to every core
// holding that neuron's row of the next layer (one multicast packet or unicast copies, as
// noc.fan_out says); an output spike carries its potential too and goes to the decision unit at
// node 0 (handed over directly when its owner sits at node 0); a non-owner's partial sums are one
// packet of neurons x accumulator_bits to its owner.
#include <memory>
#include <vector>

#include "hw/chip/mapping.h"
#include "hw/common/clock_domain.h"
#include "hw/core/spinaps_core.h"
#include "hw/noc/mesh_network.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::chip {

struct FabricConfig {
  core::CoreConfig core;  ///< shared by every core (its trace, when set, hands each core a sink of its own)
  noc::NocConfig noc;
  std::uint32_t barrier_hop_cycles = 1;
  bool early_stop = true;
  std::uint32_t time_steps = 16;
  /// true: the host interface programs the weights and calls start(); false: the cells are
  /// programmed directly at construction and the first inference starts at cycle 0.
  bool loaded_by_host = false;
};

struct FabricStatistics {
  std::uint64_t barriers = 0;
  std::uint64_t barrier_wait_cycles = 0;  ///< cycles from the first core done to the release, summed
  std::uint64_t drain_wait_cycles = 0;    ///< of those, cycles waiting for the NoC to drain after the last core
  std::uint64_t partial_sum_packets = 0, spike_packets = 0, output_spike_packets = 0, local_output_spikes = 0;
  /// Cycles between the end of an inference and the start of the next spent waiting for its input
  /// (the host's stream did not keep up); the wait before the first inference is not counted.
  std::uint64_t input_wait_cycles = 0;
};

class ChipFabric : public hw::ClockedComponent, public core::CoreLink {
 public:
  /// Adds the cores, the mesh and the controller to `domain` (in that order: the controller sees
  /// each cycle's core and NoC activity in the same cycle).
  ChipFabric(const FabricConfig& config, const Mapping& mapping, const snn::LayeredNetwork& network,
             core::InferenceSource& source, hw::ClockDomain& domain);

  /// The host has loaded the weights: the first inference starts at `cycle` (or when its input arrives).
  void start(hw::Cycle cycle);
  /// An input has been stored that reaches the input cores on `ready_cycle`: an idle chip starts it.
  /// Returns true when the chip was idle (the caller wakes the clock domain).
  bool input_arrived(hw::Cycle ready_cycle);
  /// Core `index`, for the host interface (program_row).
  [[nodiscard]] core::SpinapsCore& core(std::size_t index) { return *cores_.at(index); }
  [[nodiscard]] const Mapping& mapping() const { return mapping_; }

  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override { return next_busy_; }
  [[nodiscard]] const hw::Cycle* next_busy_field() const override { return &next_busy_; }

  void send_partial_sums(const core::SpinapsCore& core, const std::vector<std::int64_t>& sums, hw::Cycle now) override;
  void send_spikes(const core::SpinapsCore& core, const std::vector<std::uint32_t>& spiking,
                   const std::vector<std::int64_t>& potentials, hw::Cycle now) override;
  void step_done(const core::SpinapsCore& core, hw::Cycle now) override;

  [[nodiscard]] const std::vector<std::unique_ptr<core::SpinapsCore>>& cores() const { return cores_; }
  [[nodiscard]] const noc::MeshNetwork& mesh() const { return *mesh_; }
  [[nodiscard]] const FabricStatistics& statistics() const { return statistics_; }
  [[nodiscard]] hw::Cycle barrier_cycles() const { return barrier_cycles_; }
  /// The weights of every layer as the cells hold them (faults included).
  [[nodiscard]] snn::LayeredNetwork programmed_network() const;

 private:
  /// kIdle: no input waiting (after the last one, or before the host starts the chip);
  /// kAwaitInput: the next input is taken and reaches the input cores on next_busy_.
  enum class State { kRunning, kBarrier, kDecide, kIdle, kAwaitInput };
  enum class MessageKind { kPartialSums, kSpike, kOutputSpike };
  struct Message {
    MessageKind kind = MessageKind::kSpike;
    std::uint32_t neuron = 0;  ///< the sending layer's neuron (spikes)
    std::int64_t potential = 0;
    std::vector<std::int64_t> sums;
  };
  struct OutputSpike {
    std::uint32_t neuron = 0;
    std::int64_t potential = 0;
  };

  void deliver(noc::NodeId destination, const noc::Packet& packet, hw::Cycle arrival);
  /// Takes the next input at `now` and starts it as soon as it is in the input cores, or idles.
  void start_next_job(hw::Cycle now);
  void begin_job(hw::Cycle now);
  void decide(hw::Cycle now);
  void finish_inference(hw::Cycle now);

  FabricConfig config_;
  const Mapping& mapping_;
  const snn::LayeredNetwork& network_;  ///< owned by the caller; must outlive the fabric
  core::InferenceSource& source_;
  std::vector<snn::QuantisedNetwork> slices_;  ///< one per partition, what its core stores
  std::vector<std::unique_ptr<core::SpinapsCore>> cores_;
  std::unique_ptr<noc::MeshNetwork> mesh_;
  std::vector<std::int64_t> core_at_node_;
  /// Per layer and row block of that layer: the nodes holding those rows (spike destinations).
  std::vector<std::vector<std::vector<noc::NodeId>>> row_block_nodes_;
  std::vector<std::uint32_t> rows_per_block_;
  hw::Cycle barrier_cycles_ = 0;
  std::uint32_t aer_bits_ = 0;  ///< one address event: neuron address + time step

  State state_ = State::kIdle;
  bool started_ = false;      ///< the host has started the chip
  hw::Cycle idle_since_ = 0;  ///< the cycle the chip became ready for its next input
  bool first_job_ = true;
  hw::Cycle previous_end_ = 0;  ///< the decision cycle of the last inference
  hw::Cycle next_busy_ = hw::kNever;
  std::uint32_t step_ = 0;
  std::size_t cores_done_ = 0;
  hw::Cycle first_done_ = 0, last_done_ = 0;
  /// The next message slot of this step, its index written into `packet`'s tag.
  Message& new_message(noc::Packet& packet);
  std::vector<Message> messages_;  ///< this step's packets (the first message_count_), indexed by packet tag
  std::size_t message_count_ = 0;
  noc::Packet packet_;  ///< the packet being injected (its destination list is reused)
  std::vector<OutputSpike> step_outputs_;
  core::InferenceJob job_;
  snn::InferenceResult result_;
  hw::Cycle inference_start_ = 0;
  bool tracing_ = false;
  FabricStatistics statistics_;
};

}  // namespace spinaps::chip
