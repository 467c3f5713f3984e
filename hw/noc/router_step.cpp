// One router's cycle: virtual-channel allocation for the heads at the front of their VCs, then a
// separable input-first switch allocation (one VC per input port, then one input per output port,
// both round-robin), then switch traversal onto the links or out of the local port.
#include "hw/noc/mesh_network.h"

namespace spinaps::noc {
namespace {

// When several minimal ports are allowed, ties in downstream credits go to the X direction first,
// so an empty network routes west-first packets exactly as XY does.
constexpr std::array<std::uint32_t, 4> kPreference = {kEast, kWest, kNorth, kSouth};

// Ports in a port mask, by table: without -mpopcnt __builtin_popcount is a library call.
constexpr std::array<std::uint8_t, 1U << kPorts> kPortCount = [] {
  std::array<std::uint8_t, 1U << kPorts> count{};
  for (std::uint32_t mask = 1; mask < count.size(); ++mask) {
    count[mask] = static_cast<std::uint8_t>(count[mask >> 1U] + (mask & 1U));
  }
  return count;
}();

std::uint32_t lowest_bit(std::uint64_t bits) { return static_cast<std::uint32_t>(__builtin_ctzll(bits)); }

/// `index + 1` modulo `size` (index < size) without a branch: round-robin pointers alternate
/// between VCs, so a branch on the wrap is mispredicted often.
std::uint32_t next_in_ring(std::uint32_t index, std::uint32_t size) {
  const std::uint32_t next = index + 1;
  return next & (0U - static_cast<std::uint32_t>(next != size));
}

/// The round-robin winner among `candidates` (not empty) from position `start`: the lowest member
/// at or above it, else the lowest member.
std::uint32_t round_robin_pick(std::uint64_t candidates, std::uint32_t start) {
  const std::uint64_t later = candidates & (~std::uint64_t{0} << start);
  return lowest_bit(later != 0 ? later : candidates);
}

}  // namespace

std::uint32_t MeshNetwork::free_output_vc(NodeId node, std::uint32_t port) const {
  const std::uint32_t start = routers_[node].vc_pointer[port];
  for (std::uint32_t k = 0, vc = start; k < vcs_; ++k, vc = next_in_ring(vc, vcs_)) {
    if (output_vc_free(channel(node, port, vc))) return vc;
  }
  return kNone;
}

std::uint32_t MeshNetwork::credit_sum(NodeId node, std::uint32_t port) const {
  std::uint32_t sum = 0;
  for (std::uint32_t vc = 0; vc < vcs_; ++vc) sum += outputs_[channel(node, port, vc)].credits;
  return sum;
}

std::uint32_t MeshNetwork::next_slot(std::uint32_t slot) const {
  // Selected without branches: which VC a head was allocated from is not predictable.
  const std::uint32_t port = slot >> vc_shift_;
  const std::uint32_t next_port = next_in_ring(port, kPorts) << vc_shift_;
  return (slot & vc_index_mask_) + 1 < vcs_ ? slot + 1 : next_port;
}

// Flattened: the allocators, the switch and the send path are inlined into one function per router
// step (about 8 % fewer instructions in a uniform-traffic run, and measurably faster). Flattening
// the loop over routers as well was measured slower (more spills), so it stays in tick().
__attribute__((flatten)) bool MeshNetwork::step_router(NodeId node, hw::Cycle now) {
  // Most steps move body flits and have no head to allocate: the check is kept out of the call.
  const bool allocated = !routers_[node].vcs.waiting.empty() && allocate_virtual_channels(node, now);
  return traverse_switch(node, now) || allocated;
}

bool MeshNetwork::try_allocate(NodeId node, InputVc& input, const Worm& worm) {
  PortMask ports = 0;
  if (worm.tree) {
    ports = xy_tree_ports(mesh_, worm.source, node, worm.destinations);
  } else {
    const PortMask allowed = routing_->allowed_ports(node, worm.destinations.front());
    if (kPortCount[allowed] == 1) {
      ports = allowed;
    } else {
      // Adaptive choice: the allowed port with a free VC and the most downstream credits.
      std::uint32_t best_credits = 0;
      for (const std::uint32_t port : kPreference) {
        if ((allowed & port_bit(port)) == 0 || free_output_vc(node, port) == kNone) continue;
        const std::uint32_t credits = credit_sum(node, port);
        if (ports == 0 || credits > best_credits) {
          ports = port_bit(port);
          best_credits = credits;
        }
      }
      if (ports == 0) return false;
    }
  }
  // All branches at once or none: a head holding some branches while waiting for others could
  // wait on a packet that waits on it.
  const PortMask links = ports & static_cast<PortMask>(~port_bit(kLocal));
  std::array<std::uint32_t, kPorts> chosen{};
  for (PortMask left = links; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const std::uint32_t port = lowest_bit(left);
    chosen[port] = free_output_vc(node, port);
    if (chosen[port] == kNone) return false;
  }
  for (PortMask left = links; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const std::uint32_t port = lowest_bit(left);
    outputs_[channel(node, port, chosen[port])].busy = 1;
    routers_[node].vc_pointer[port] = static_cast<std::uint8_t>(next_in_ring(chosen[port], vcs_));
    input.out_vc[port] = static_cast<std::uint8_t>(chosen[port]);
    ++counters_.vc_allocations;
  }
  input.sole_output = kNone;
  if (kPortCount[ports] == 1 && links != 0) {
    const std::uint32_t port = lowest_bit(links);
    input.sole_output = channel(node, port, chosen[port]);
    input.sole_downstream = facing_[node * kPorts + port] + chosen[port];
  }
  input.allocated = true;
  input.out_ports = ports;
  input.pending = ports;
  return true;
}

bool MeshNetwork::allocate_virtual_channels(NodeId node, hw::Cycle now) {
  // Only heads at the front of an unallocated VC take part.
  RouterVcs& vcs = routers_[node].vcs;
  const std::uint32_t base = channel(node, 0, 0);
  bool allocated = false;
  const auto try_head = [&](std::uint32_t slot) {
    InputVc& input = inputs_[base + slot];
    if (input.front_ready > now) return;
    const Flit front = flits_[static_cast<std::size_t>(base + slot) * depth_ + input.head].flit;
    if (try_allocate(node, input, worms_[front.worm])) {
      vcs.waiting.erase(slot);
      routers_[node].va_pointer = static_cast<std::uint8_t>(next_slot(slot));
      allocated = true;
    }
  };
  // One waiting head (the usual case) needs no round-robin order.
  if (vcs.waiting.single()) {
    try_head(vcs.waiting.lowest());
  } else {
    vcs.waiting.for_each_from(routers_[node].va_pointer, try_head);
  }
  return allocated;
}

PortMask MeshNetwork::grantable_outputs(NodeId node, const InputVc& input) const {
  if (input.sole_output != kNone) return outputs_[input.sole_output].credits > 0 ? input.pending : PortMask{0};
  PortMask wanted = 0;
  for (PortMask left = input.pending; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const std::uint32_t out = lowest_bit(left);
    if (out == kLocal || outputs_[channel(node, out, input.out_vc[out])].credits > 0) wanted |= port_bit(out);
  }
  return wanted;
}

PortMask MeshNetwork::offer_input(NodeId node, std::uint32_t port, std::uint64_t vc_bits, hw::Cycle now,
                                  std::uint32_t& vc) {
  const std::uint32_t start = routers_[node].sa_input_pointer[port];
  // Round-robin from the pointer: the VCs at or after it, then those before it.
  const std::uint64_t later = vc_bits & (~std::uint64_t{0} << start);
  for (std::uint64_t pass : {later, vc_bits & ~later}) {
    for (; pass != 0; pass &= pass - 1) {
      const std::uint32_t candidate = lowest_bit(pass);
      const InputVc& input = inputs_[channel(node, port, candidate)];
      if (input.front_ready > now) continue;
      const PortMask wanted = grantable_outputs(node, input);
      if (wanted != 0) {
        vc = candidate;
        return wanted;
      }
    }
  }
  return 0;
}

bool MeshNetwork::traverse_alone(NodeId node, std::uint32_t slot, hw::Cycle now) {
  // The only VC competing: it wins stage 1 at its port and stage 2 at every output it wants, so
  // this is the general allocation below with its loops and tables left out.
  const InputVc& input = inputs_[channel(node, 0, 0) + slot];
  if (input.front_ready > now) return false;
  const PortMask wanted = grantable_outputs(node, input);
  if (wanted == 0) return false;
  const std::uint32_t port = slot >> vc_shift_, vc = slot & vc_index_mask_;
  const std::uint32_t next_port = port + 1 == kPorts ? 0 : port + 1;
  for (PortMask left = wanted; left != 0; left &= static_cast<PortMask>(left - 1)) {
    routers_[node].sa_output_pointer[lowest_bit(left)] = static_cast<std::uint8_t>(next_port);
  }
  cross(node, port, vc, wanted, now);
  return true;
}

bool MeshNetwork::traverse_switch(NodeId node, hw::Cycle now) {
  // Stage 1: each input port offers one VC whose front flit is ready and has somewhere to go.
  // Only VCs holding flits of an allocated packet take part.
  const RouterVcs& vcs = routers_[node].vcs;
  const VcSlotSet switching = vcs.occupied.minus(vcs.waiting);
  if (switching.empty()) return false;  // only heads still waiting for a VC
  if (switching.single()) return traverse_alone(node, switching.lowest(), now);
  std::array<std::uint32_t, kPorts> offered{};
  std::array<PortMask, kPorts> requesters{};  ///< per output port: the input ports requesting it
  PortMask requested = 0;
  for (std::uint32_t word = 0; word < 2; ++word) {
    for (std::uint64_t left = switching.word(word); left != 0;) {
      const std::uint32_t first = lowest_bit(left) & ~vc_index_mask_;  // the port's first slot in the word
      const std::uint32_t port = (word * 64 + first) >> vc_shift_;
      const std::uint64_t vc_bits = (left >> first) & port_slots_;
      left &= ~(port_slots_ << first);
      const PortMask wanted = offer_input(node, port, vc_bits, now, offered[port]);
      for (PortMask bits = wanted; bits != 0; bits &= static_cast<PortMask>(bits - 1)) {
        requesters[lowest_bit(bits)] |= port_bit(port);
      }
      requested |= wanted;
    }
  }
  // Stage 2: each output port grants one requesting input port, round-robin.
  if (requested == 0) return false;
  std::array<PortMask, kPorts> grants{};
  PortMask granted = 0;
  for (PortMask left = requested; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const std::uint32_t out = lowest_bit(left);
    std::uint8_t& pointer = routers_[node].sa_output_pointer[out];
    const std::uint32_t port = round_robin_pick(requesters[out], pointer);
    grants[port] |= port_bit(out);
    granted |= port_bit(port);
    pointer = static_cast<std::uint8_t>(port + 1 == kPorts ? 0 : port + 1);
  }
  for (PortMask left = granted; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const std::uint32_t port = lowest_bit(left);
    cross(node, port, offered[port], grants[port], now);
  }
  return true;
}

void MeshNetwork::cross(NodeId node, std::uint32_t input_port, std::uint32_t vc, PortMask outputs, hw::Cycle now) {
  routers_[node].sa_input_pointer[input_port] = static_cast<std::uint8_t>(next_in_ring(vc, vcs_));
  send(node, input_port, vc, outputs, now);
}

void MeshNetwork::send(NodeId node, std::uint32_t input_port, std::uint32_t vc, PortMask outputs, hw::Cycle now) {
  const std::uint32_t index = channel(node, input_port, vc);
  InputVc& input = inputs_[index];
  BufferedFlit* const buffer = &flits_[static_cast<std::size_t>(index) * depth_];
  const Flit flit = buffer[input.head].flit;
  ++counters_.crossbar_flits;
  counters_.crossbar_fanout_flits += kPortCount[outputs] - 1U;
  if ((outputs & port_bit(kLocal)) != 0) eject(node, flit, now);
  const PortMask links = outputs & static_cast<PortMask>(~port_bit(kLocal));
  if (links != 0) {
    const bool measured = window_.contains(now);
    std::vector<FlitArrival>& arrivals = flit_wheel_[(now + link_latency_) & wheel_mask_];
    if (input.sole_output != kNone) {
      --outputs_[input.sole_output].credits;
      arrivals.emplace_back(input.sole_downstream, flit);
      if (measured) ++window_.link_flits[node * 4 + (slot_of(input.sole_output) >> vc_shift_) - 1];
    } else {
      for (PortMask left = links; left != 0; left &= static_cast<PortMask>(left - 1)) {
        const std::uint32_t out = lowest_bit(left);
        const std::uint32_t out_vc = input.out_vc[out];
        --outputs_[channel(node, out, out_vc)].credits;
        arrivals.emplace_back(facing_[node * kPorts + out] + out_vc, flit);
        if (measured) ++window_.link_flits[node * 4 + out - 1];
      }
    }
    const std::uint32_t copies = kPortCount[links];
    in_flight_ += copies;
    counters_.link_flits += copies;
  }
  input.pending &= static_cast<PortMask>(~outputs);
  if (input.pending != 0) return;  // a branch still waits for this flit
  // Every branch has the flit: free its slot and return the credit upstream (the freed flit and
  // the credit count once in flight between them: in_flight_ does not change).
  input.head = static_cast<std::uint8_t>(next_in_ring(input.head, depth_));
  RouterVcs& vcs = routers_[node].vcs;
  const std::uint32_t slot = slot_of(index);
  // Without branches: whether the VC or the router is left empty is not predictable (an empty
  // VC's front_ready is never read).
  input.front_ready = buffer[input.head].ready;
  vcs.occupied.erase_if(slot, --input.count == 0);
  holding_.erase_if(node, --routers_[node].buffered == 0);
  // The credit goes back across the link, or (local port) to the network interface a cycle later.
  // Selected by arithmetic: which input port a flit leaves from is not predictable, and GCC makes
  // a branch of a ?: here.
  const std::uint32_t credit_delay =
      link_latency_ - (link_latency_ - 1U) * static_cast<std::uint32_t>(input_port == kLocal);
  credit_wheel_[(now + credit_delay) & wheel_mask_].push_back(facing_[node * kPorts + input_port] + vc);
  if (flit.tail != 0) {
    if (input.sole_output != kNone) {
      outputs_[input.sole_output].busy = 0;
    } else {
      for (PortMask left = input.out_ports & static_cast<PortMask>(~port_bit(kLocal)); left != 0;
           left &= static_cast<PortMask>(left - 1)) {
        const std::uint32_t out = lowest_bit(left);
        outputs_[channel(node, out, input.out_vc[out])].busy = 0;
      }
    }
    input.allocated = false;
    input.out_ports = 0;
    input.pending = 0;
    if (input.count != 0) vcs.waiting.insert(slot);  // the next packet's head is at the front
  } else {
    input.pending = input.out_ports;
  }
}

void MeshNetwork::eject(NodeId node, Flit flit, hw::Cycle now) {
  if (window_.contains(now)) ++window_.flits_ejected;
  if (flit.tail == 0) return;
  Worm& worm = worms_[flit.worm];
  deliveries_.emplace_back(node, worm.message);
  if (--worm.remaining == 0) {
    worm.destinations.clear();
    free_worms_.push_back(flit.worm);
  }
}

}  // namespace spinaps::noc
