// One router's cycle: virtual-channel allocation for the heads at the front of their VCs, then a
// separable input-first switch allocation (one VC per input port, then one input per output port,
// both round-robin), then switch traversal onto the links or out of the local port.
#include "hw/noc/mesh_network.h"

namespace spinaps::noc {
namespace {

// When several minimal ports are allowed, ties in downstream credits go to the X direction first,
// so an empty network routes west-first packets exactly as XY does.
constexpr std::array<std::uint32_t, 4> kPreference = {kEast, kWest, kNorth, kSouth};

// Without -mpopcnt __builtin_popcount is a library call; a port mask has kPorts bits.
std::uint32_t popcount(PortMask mask) {
  std::uint32_t bits = 0;
  for (; mask != 0; mask &= static_cast<PortMask>(mask - 1)) ++bits;
  return bits;
}

}  // namespace

std::uint32_t MeshNetwork::free_output_vc(NodeId node, std::uint32_t port) const {
  const std::uint32_t start = vc_pointer_[node * kPorts + port];
  for (std::uint32_t k = 0, vc = start; k < vcs_; ++k, vc = vc + 1 == vcs_ ? 0 : vc + 1) {
    if (output_vc_free(channel(node, port, vc))) return vc;
  }
  return kNone;
}

std::uint32_t MeshNetwork::credit_sum(NodeId node, std::uint32_t port) const {
  std::uint32_t sum = 0;
  for (std::uint32_t vc = 0; vc < vcs_; ++vc) sum += credits_[channel(node, port, vc)];
  return sum;
}

bool MeshNetwork::step_router(NodeId node, hw::Cycle now) {
  const bool allocated = allocate_virtual_channels(node, now);
  return traverse_switch(node, now) || allocated;
}

hw::Cycle MeshNetwork::next_ready_cycle(NodeId node, hw::Cycle now) const {
  // A front flit that is ready but stuck waits for a credit or a flit, whose arrival wakes the
  // router; one still in the pipeline wakes it when it becomes ready.
  hw::Cycle next = hw::kNever;
  const std::uint32_t first = node * kPorts * vcs_;
  for (std::uint32_t index = first; index < first + kPorts * vcs_; ++index) {
    const InputVc& input = inputs_[index];
    if (input.count == 0) continue;
    if (input.front_ready > now) next = std::min(next, input.front_ready);
  }
  return next;
}

bool MeshNetwork::try_allocate(NodeId node, InputVc& input, const Worm& worm) {
  PortMask ports = 0;
  if (worm.tree) {
    ports = xy_tree_ports(mesh_, worm.source, node, worm.destinations);
  } else {
    const PortMask allowed = routing_->allowed_ports(node, worm.destinations.front());
    if (popcount(allowed) == 1) {
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
  std::array<std::uint32_t, kPorts> chosen{};
  for (std::uint32_t port = kNorth; port <= kWest; ++port) {
    if ((ports & port_bit(port)) == 0) continue;
    chosen[port] = free_output_vc(node, port);
    if (chosen[port] == kNone) return false;
  }
  for (std::uint32_t port = kNorth; port <= kWest; ++port) {
    if ((ports & port_bit(port)) == 0) continue;
    output_busy_[channel(node, port, chosen[port])] = true;
    vc_pointer_[node * kPorts + port] = (chosen[port] + 1) % vcs_;
    input.out_vc[port] = static_cast<std::uint8_t>(chosen[port]);
    ++counters_.vc_allocations;
  }
  input.allocated = true;
  input.out_ports = ports;
  input.pending = ports;
  return true;
}

bool MeshNetwork::allocate_virtual_channels(NodeId node, hw::Cycle now) {
  // Only heads at the front of an unallocated VC take part; most steps move body flits and have none.
  std::uint32_t candidates = waiting_heads_[node];
  if (candidates == 0) return false;
  const std::uint32_t count = kPorts * vcs_;
  const std::uint32_t start = va_pointer_[node];
  bool allocated = false;
  for (std::uint32_t k = 0, local = start; k < count && candidates != 0;
       ++k, local = local + 1 == count ? 0 : local + 1) {
    const std::uint32_t index = node * count + local;
    InputVc& input = inputs_[index];
    if (input.count == 0 || input.allocated) continue;
    --candidates;
    if (input.front_ready > now) continue;
    const Flit& front = flits_[static_cast<std::size_t>(index) * depth_ + input.head];
    if (try_allocate(node, input, worms_[front.worm])) {
      --waiting_heads_[node];
      va_pointer_[node] = local + 1 == count ? 0 : local + 1;
      allocated = true;
    }
  }
  return allocated;
}

bool MeshNetwork::traverse_switch(NodeId node, hw::Cycle now) {
  // Stage 1: each input port offers one VC whose front flit is ready and has somewhere to go.
  std::array<std::uint32_t, kPorts> offered{};
  std::array<PortMask, kPorts> requests{};
  PortMask requested = 0;
  for (std::uint32_t port = 0; port < kPorts; ++port) {
    if (port_flits_[node * kPorts + port] == 0) continue;
    const std::uint32_t start = sa_input_pointer_[node * kPorts + port];
    for (std::uint32_t k = 0, vc = start; k < vcs_; ++k, vc = vc + 1 == vcs_ ? 0 : vc + 1) {
      const std::uint32_t index = channel(node, port, vc);
      const InputVc& input = inputs_[index];
      if (input.count == 0 || !input.allocated) continue;
      if (input.front_ready > now) continue;
      PortMask wanted = 0;
      for (PortMask left = input.pending; left != 0; left &= static_cast<PortMask>(left - 1)) {
        const auto out = static_cast<std::uint32_t>(__builtin_ctz(left));
        if (out == kLocal || credits_[channel(node, out, input.out_vc[out])] > 0) wanted |= port_bit(out);
      }
      if (wanted != 0) {
        offered[port] = vc;
        requests[port] = wanted;
        requested |= wanted;
        break;
      }
    }
  }
  // Stage 2: each output port grants one requesting input port.
  if (requested == 0) return false;
  std::array<PortMask, kPorts> grants{};
  for (PortMask left = requested; left != 0; left &= static_cast<PortMask>(left - 1)) {
    const auto out = static_cast<std::uint32_t>(__builtin_ctz(left));
    const std::uint32_t start = sa_output_pointer_[node * kPorts + out];
    for (std::uint32_t k = 0, port = start; k < kPorts; ++k, port = port + 1 == kPorts ? 0 : port + 1) {
      if ((requests[port] & port_bit(out)) == 0) continue;
      grants[port] |= port_bit(out);
      sa_output_pointer_[node * kPorts + out] = (port + 1) % kPorts;
      break;
    }
  }
  bool sent = false;
  for (std::uint32_t port = 0; port < kPorts; ++port) {
    if (grants[port] == 0) continue;
    sa_input_pointer_[node * kPorts + port] = (offered[port] + 1) % vcs_;
    send(node, port, offered[port], grants[port], now);
    sent = true;
  }
  return sent;
}

void MeshNetwork::send(NodeId node, std::uint32_t input_port, std::uint32_t vc, PortMask outputs, hw::Cycle now) {
  const std::uint32_t index = channel(node, input_port, vc);
  InputVc& input = inputs_[index];
  const Flit flit = flits_[static_cast<std::size_t>(index) * depth_ + input.head];
  const bool tail = flit.index + 1 == worms_[flit.worm].flits;  // read before ejection may free the worm
  const std::uint32_t fan = popcount(outputs);
  ++counters_.buffer_reads;  // one read drives every output the crossbar copies it to
  ++counters_.crossbar_flits;
  counters_.crossbar_fanout_flits += fan - 1;
  counters_.switch_arbitrations += fan;
  const bool measured = window_.contains(now);
  for (std::uint32_t out = 0; out < kPorts; ++out) {
    if ((outputs & port_bit(out)) == 0) continue;
    if (out == kLocal) {
      eject(node, flit, now);
      continue;
    }
    const std::uint32_t out_vc = input.out_vc[out];
    --credits_[channel(node, out, out_vc)];
    flit_wheel_[(now + link_latency_) & wheel_mask_].push_back({facing_[node * kPorts + out] + out_vc, flit});
    ++in_flight_;
    ++counters_.link_flits;
    if (measured) {
      ++window_.flit_hops;
      ++window_.link_flits[node * 4 + out - 1];
    }
  }
  input.pending &= static_cast<PortMask>(~outputs);
  if (input.pending != 0) return;  // a branch still waits for this flit
  // Every branch has the flit: free its slot and return the credit upstream.
  input.head = input.head + 1 == depth_ ? 0 : input.head + 1;
  --input.count;
  if (input.count != 0) input.front_ready = flits_[static_cast<std::size_t>(index) * depth_ + input.head].ready;
  --port_flits_[node * kPorts + input_port];
  if (--buffered_[node] == 0) holding_.erase(node);
  --in_flight_;
  const bool from_interface = input_port == kLocal;
  const std::uint32_t upstream = from_interface ? index : facing_[node * kPorts + input_port] + vc;
  credit_wheel_[(now + (from_interface ? 1 : link_latency_)) & wheel_mask_].push_back(upstream);
  ++in_flight_;
  if (tail) {
    for (std::uint32_t out = kNorth; out <= kWest; ++out) {
      if ((input.out_ports & port_bit(out)) != 0) output_busy_[channel(node, out, input.out_vc[out])] = false;
    }
    input.allocated = false;
    input.out_ports = 0;
    input.pending = 0;
    if (input.count != 0) ++waiting_heads_[node];  // the next packet's head is at the front
  } else {
    input.pending = input.out_ports;
  }
}

void MeshNetwork::eject(NodeId node, const Flit& flit, hw::Cycle now) {
  if (window_.contains(now)) ++window_.flits_ejected;
  Worm& worm = worms_[flit.worm];
  if (flit.index + 1 != worm.flits) return;
  deliveries_.emplace_back(node, worm.message);
  if (--worm.remaining == 0) {
    worm.destinations.clear();
    free_worms_.push_back(flit.worm);
  }
}

}  // namespace spinaps::noc
