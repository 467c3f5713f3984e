#pragma once
// A cycle-accurate 2D mesh network-on-chip as ONE clocked component: the clock domain ticks the
// whole mesh on every cycle something is in flight, and the mesh steps its routers, links and
// network interfaces inside that tick. Routers are input-buffered with virtual channels,
// credit-based flow control, wormhole switching, round-robin VC and switch allocation and a
// configurable pipeline; docs/noc.md gives the microarchitecture and the per-hop timing.
//
// Timing of one hop: a flit written into an input buffer at cycle a may cross the switch at
// a + router_pipeline_cycles and is written into the next router's buffer link_latency_cycles
// later; a credit travels back in link_latency_cycles. A packet injected at cycle c has its head
// written into the source router at c + 1 at the earliest, and is delivered on the cycle its tail
// leaves the destination router through the local port.
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "hw/common/clocked_component.h"
#include "hw/noc/mesh_routing.h"
#include "hw/noc/noc_config.h"
#include "hw/noc/noc_statistics.h"
#include "hw/noc/node_set.h"
#include "hw/noc/vc_slot_set.h"
#include "models/energy/action_counts.h"

namespace spinaps::noc {

struct Packet {
  std::uint64_t tag = 0;  ///< the sender's own identifier, handed back on delivery
  NodeId source = 0;
  std::vector<NodeId> destinations;  ///< distinct; the source itself is delivered through its local port
  std::uint32_t payload_bits = 0;
};

/// How the mesh decides which routers to step on a tick. Both give the same flits, statistics and
/// action counts on every cycle (a test compares them); kEveryCycle is the plain reference.
enum class RouterStepping {
  /// A router is stepped only when something can happen in it: a front flit's pipeline delay ends,
  /// a flit or credit arrives, or it moved something on the cycle before. A step that moves nothing
  /// changes nothing, so the router sleeps until the next such event.
  kEventDriven,
  /// Every router holding a flit is stepped on every cycle (the reference).
  kEveryCycle,
};

class MeshNetwork : public hw::ClockedComponent {
 public:
  using Delivery = std::function<void(NodeId destination, const Packet& packet, hw::Cycle arrival_cycle)>;

  /// Throws std::invalid_argument naming the field of an out-of-range configuration.
  MeshNetwork(const NocConfig& config, Delivery on_delivery, RouterStepping stepping = RouterStepping::kEventDriven);

  /// Queues `packet` at its source's network interface (unbounded queue). May be called from another
  /// component's tick at cycle `now`, before or after the mesh's own tick of that cycle: the head
  /// enters the source router at now + 1 at the earliest either way. Throws std::invalid_argument
  /// for an unknown node, no destination, a repeated destination, or `now` before the last tick.
  void inject(const Packet& packet, hw::Cycle now);
  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override;
  /// Nothing queued and nothing in flight.
  [[nodiscard]] bool idle() const;

  /// Flits of a packet: the head flit carries the header, so ceil((header_bits + payload_bits) / flit_bits).
  [[nodiscard]] std::uint32_t flits_of(std::uint32_t payload_bits) const;
  /// Cycles from inject() to delivery of a lone packet in an empty network, exact to the cycle:
  /// hops x (router_pipeline_cycles + link_latency_cycles) + router_pipeline_cycles + flits when the
  /// buffers cover the credit round trip, else the same pipeline with its credit stalls.
  [[nodiscard]] hw::Cycle zero_load_latency(NodeId source, NodeId destination, std::uint32_t payload_bits) const;

  /// Statistics count only [start, end): packets injected in it (latency, deliveries) and flits
  /// moved in it (throughput, link utilisation); cycles observed = end - start (the caller simulates
  /// through the window), or up to the last tick when the window has no end. Default: [0, never).
  void set_measurement_window(hw::Cycle start, hw::Cycle end);
  /// Gathered once, at the end.
  [[nodiscard]] NocStatistics statistics() const;
  /// Adds the action counts of the whole run (not just the window) under the names of noc_actions.h.
  void publish(energy::ActionCounts& counts) const;

  [[nodiscard]] const NocConfig& config() const { return config_; }
  [[nodiscard]] const MeshGeometry& geometry() const { return mesh_; }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;

  /// A flit as links and buffers carry it: its packet and whether it is the packet's last.
  struct Flit {
    std::uint32_t worm : 31;
    std::uint32_t tail : 1;
  };
  struct BufferedFlit {
    Flit flit{0, 0};
    hw::Cycle ready = 0;  ///< first cycle it may cross the switch
  };
  /// One input virtual channel: a ring of buffer_depth_flits flits in flits_, and the output VCs
  /// the packet at its front holds. A VC holds one packet at a time (it is reallocated only empty).
  struct InputVc {
    std::uint8_t head = 0, count = 0;  ///< buffer_depth_flits <= 64
    bool allocated = false;
    PortMask out_ports = 0;  ///< ports the packet leaves through (several for a multicast branch point)
    PortMask pending = 0;    ///< ports the front flit has yet to cross to
    std::array<std::uint8_t, kPorts> out_vc{};
    hw::Cycle front_ready = 0;  ///< the front flit's ready cycle (kept here: checked every step)
    /// A packet leaving through one link (every unicast packet, most tree branches): the output VC
    /// it holds there and the input VC across the link it writes into, worked out once when the VC
    /// is allocated instead of on every crossing; kNone when it leaves through several ports or
    /// the local one. Read only while the VC is allocated.
    std::uint32_t sole_output = kNone;
    std::uint32_t sole_downstream = kNone;
  };
  /// A packet as the network carries it: one per destination (unicast) or one tree (multicast).
  struct Worm {
    std::uint32_t message = 0;
    std::uint32_t flits = 0;
    std::uint32_t remaining = 0;  ///< destinations whose tail is still to come
    NodeId source = 0;
    bool tree = false;  ///< several destinations, routed along the XY tree
    std::vector<NodeId> destinations;
  };
  struct Message {
    Packet packet;
    hw::Cycle injected = 0;
    std::uint32_t remaining = 0;  ///< deliveries still to come
    bool measured = false;
  };
  struct NetworkInterface {
    std::deque<std::uint32_t> queue;  ///< worms waiting to start
    std::uint32_t worm = kNone;       ///< the worm being written into the router
    std::uint32_t next_flit = 0;
    std::uint32_t vc = 0;
    std::uint32_t vc_pointer = 0;  ///< round-robin over the local input VCs
  };
  struct FlitArrival {
    // Built in place by emplace_back: a copy from a temporary would be stored in two halves and
    // read back whole, which the processor cannot forward (a stall on every flit-hop).
    FlitArrival(std::uint32_t vc, Flit carried) : input_vc(vc), flit(carried) {}
    std::uint32_t input_vc;
    Flit flit;
  };
  /// A router's input VCs by what they wait for, as sets of VC slots (port << vc_shift_ | vc).
  struct RouterVcs {
    VcSlotSet occupied;  ///< holding a flit
    VcSlotSet waiting;   ///< holding a head that has no output VC yet (a subset of occupied)
  };
  /// One router's own state in one cache line: a step, and a flit or credit arriving, touch this
  /// line besides the VCs they move through (separate arrays cost a cache miss each).
  struct alignas(64) Router {
    RouterVcs vcs;
    hw::Cycle wake = hw::kNever;                           ///< the next cycle it must be stepped
    std::uint32_t buffered = 0;                            ///< flits held
    std::uint8_t va_pointer = 0;                           ///< round-robin over its input VC slots (< 128)
    std::array<std::uint8_t, kPorts> sa_input_pointer{};   ///< per input port, over its VCs (< 16)
    std::array<std::uint8_t, kPorts> sa_output_pointer{};  ///< per output port, over input ports
    std::array<std::uint8_t, kPorts> vc_pointer{};         ///< per output port, over its VCs
  };
  /// One output VC: the free slots of the input VC it feeds, and whether a packet holds it.
  struct OutputVc {
    std::uint32_t credits;
    std::uint8_t busy;
  };
  struct Counters {
    // Buffer reads equal crossbar_flits and switch arbitrations crossbar_flits + crossbar_fanout_flits
    // (one read and one arbitration per output of each crossing): publish() derives them.
    std::uint64_t buffer_writes = 0, vc_allocations = 0, crossbar_flits = 0, crossbar_fanout_flits = 0, link_flits = 0,
                  router_active_cycles = 0;
  };
  struct Window {
    hw::Cycle start = 0, end = hw::kNever;
    std::uint64_t packets_injected = 0, deliveries = 0, flits_injected = 0, flits_ejected = 0, multicast_as_unicast = 0;
    std::vector<std::uint64_t> link_flits;  ///< node * 4 + (port - 1); their sum is the window's flit-hops
    LatencyHistogram latency;
    [[nodiscard]] bool contains(hw::Cycle cycle) const { return cycle >= start && cycle < end; }
  };

  // Indices into the flat arrays: input VC (node, port, vc) and output VC (node, port, vc) share
  // the layout node << node_shift_ | port << vc_shift_ | vc, with power-of-two strides (unused
  // slots in between) so that the node, port and VC of an index are shifts and masks, not
  // divisions. Output port kLocal of a node stands for its network interface's channel into the
  // router's local input port.
  [[nodiscard]] std::uint32_t channel(NodeId node, std::uint32_t port, std::uint32_t vc) const {
    return node << node_shift_ | port << vc_shift_ | vc;
  }
  [[nodiscard]] NodeId node_of(std::uint32_t channel) const { return channel >> node_shift_; }
  [[nodiscard]] std::uint32_t slot_of(std::uint32_t channel) const { return channel & slot_mask_; }
  /// The VC slot after `slot` in round-robin order over the router's input VCs.
  [[nodiscard]] std::uint32_t next_slot(std::uint32_t slot) const;
  [[nodiscard]] bool output_vc_free(std::uint32_t output_vc) const {
    return !outputs_[output_vc].busy && outputs_[output_vc].credits == depth_;
  }
  [[nodiscard]] std::uint32_t free_output_vc(NodeId node, std::uint32_t port) const;
  [[nodiscard]] std::uint32_t credit_sum(NodeId node, std::uint32_t port) const;

  void deliver_arrivals(hw::Cycle now);
  void step_interface(NodeId node, hw::Cycle now);
  /// Returns whether the router moved or allocated anything.
  bool step_router(NodeId node, hw::Cycle now);
  /// The next cycle on which `node` may move something without a flit or credit arriving: the next
  /// cycle when its step at `now` moved something and a front flit is ready by then, else the first
  /// cycle after `now` on which a front flit becomes ready (kNever: none).
  [[nodiscard]] hw::Cycle next_step_cycle(NodeId node, hw::Cycle now, bool moved) const;
  /// A credit arrives at `output_vc`; wakes its router only when the credit can let it move.
  void return_credit(std::uint32_t output_vc, hw::Cycle now);
  /// Called only when a head waits for allocation.
  bool allocate_virtual_channels(NodeId node, hw::Cycle now);
  bool try_allocate(NodeId node, InputVc& input, const Worm& worm);
  bool traverse_switch(NodeId node, hw::Cycle now);
  /// Stage 1 of switch allocation at one input port: the first VC in round-robin order among
  /// `vc_bits` whose front flit is ready and has a credit for an output; returns its outputs (0: none).
  PortMask offer_input(NodeId node, std::uint32_t port, std::uint64_t vc_bits, hw::Cycle now, std::uint32_t& vc);
  /// The outputs still pending for `input`'s front flit that have a credit (the local port always has).
  [[nodiscard]] PortMask grantable_outputs(NodeId node, const InputVc& input) const;
  /// Switch allocation and traversal when `slot` is the router's only VC taking part.
  bool traverse_alone(NodeId node, std::uint32_t slot, hw::Cycle now);
  /// A granted VC crosses: its input port's round-robin pointer moves past it, then send().
  void cross(NodeId node, std::uint32_t input_port, std::uint32_t vc, PortMask outputs, hw::Cycle now);
  void send(NodeId node, std::uint32_t input_port, std::uint32_t vc, PortMask outputs, hw::Cycle now);
  void write_flit(std::uint32_t input_vc, Flit flit, hw::Cycle now);
  void eject(NodeId node, Flit flit, hw::Cycle now);
  void finish_deliveries(hw::Cycle now);
  std::uint32_t new_worm(std::uint32_t message, NodeId source, const NodeId* destinations, std::size_t count,
                         bool tree);

  NocConfig config_;
  MeshGeometry mesh_;
  Delivery on_delivery_;
  std::unique_ptr<RoutingFunction> routing_;
  std::uint32_t vcs_, depth_, pipeline_, link_latency_;
  std::uint32_t vc_shift_ = 0;       ///< log2 of the VC stride: the least power of two >= vcs_
  std::uint32_t node_shift_ = 0;     ///< log2 of the router stride: 8 port strides (kPorts <= 8)
  std::uint32_t slot_mask_ = 0;      ///< (1 << node_shift_) - 1
  std::uint32_t vc_index_mask_ = 0;  ///< (1 << vc_shift_) - 1: the VC within a slot
  std::uint64_t port_slots_ = 0;     ///< one port's slots as bits: (1 << (1 << vc_shift_)) - 1
  RouterStepping stepping_;

  std::vector<BufferedFlit> flits_;  ///< input VC buffers, depth_ slots each
  std::vector<InputVc> inputs_;      ///< per input VC
  /// Per (node, port): channel(neighbour, opposite port, 0), across the link; for kLocal the node's
  /// own channel(node, kLocal, 0), its network interface's (so a credit's upstream is one lookup).
  std::vector<std::uint32_t> facing_;
  std::vector<OutputVc> outputs_;  ///< per output VC
  NodeSet holding_;                ///< routers holding a flit
  NodeSet sending_;                ///< network interfaces with a worm to write
  std::vector<Router> routers_;    ///< per router
  std::vector<NetworkInterface> interfaces_;
  std::vector<std::vector<FlitArrival>> flit_wheel_;  ///< by cycle modulo its size (a power of two)
  std::size_t wheel_mask_ = 0;                        ///< wheel size - 1
  std::vector<std::vector<std::uint32_t>> credit_wheel_;
  std::vector<Worm> worms_;
  std::vector<std::uint32_t> free_worms_;
  std::deque<Message> messages_;  ///< a deque: references stay valid while a delivery callback injects
  std::vector<std::uint32_t> free_messages_;
  std::vector<std::pair<NodeId, std::uint32_t>> deliveries_;  ///< (destination, message) this cycle

  std::uint64_t in_flight_ = 0;  ///< flits buffered or on links, credits on links, worms started
  std::uint64_t queued_ = 0;     ///< worms waiting in network interfaces
  hw::Cycle next_tick_ = 0;      ///< the cycle after the last tick
  hw::Cycle busy_from_ = 0;      ///< earliest cycle queued work may start
  bool has_ticked_ = false;
  Counters counters_;
  Window window_;
};

}  // namespace spinaps::noc
