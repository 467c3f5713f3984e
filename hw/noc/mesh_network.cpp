#include "hw/noc/mesh_network.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "hw/noc/noc_actions.h"

namespace spinaps::noc {
namespace {

/// `config`, checked before any member is built from it (the geometry rejects a zero side itself,
/// with a less specific message).
const NocConfig& validated(const NocConfig& config) {
  validate_noc_config(config);
  return config;
}

}  // namespace

MeshNetwork::MeshNetwork(const NocConfig& config, Delivery on_delivery, RouterStepping stepping)
    : config_(validated(config)),
      mesh_(config.rows, config.cols),
      on_delivery_(std::move(on_delivery)),
      vcs_(config.virtual_channels),
      depth_(config.buffer_depth_flits),
      pipeline_(config.router_pipeline_cycles),
      link_latency_(config.link_latency_cycles),
      stepping_(stepping),
      holding_(mesh_.nodes()),
      sending_(mesh_.nodes()) {
  routing_ = make_routing_function(config_.routing, mesh_);
  const std::uint32_t nodes = mesh_.nodes();
  while ((1U << vc_shift_) < vcs_) ++vc_shift_;
  static_assert(kPorts <= 8, "a router's slots hold 8 port strides");
  node_shift_ = vc_shift_ + 3;
  slot_mask_ = (1U << node_shift_) - 1;
  vc_index_mask_ = (1U << vc_shift_) - 1;
  port_slots_ = (std::uint64_t{1} << (1U << vc_shift_)) - 1;
  const std::size_t vc_count = static_cast<std::size_t>(nodes) << node_shift_;
  flits_.resize(vc_count * depth_);
  inputs_.resize(vc_count);
  outputs_.assign(vc_count, OutputVc{depth_, 0});
  facing_.assign(static_cast<std::size_t>(nodes) * kPorts, kNone);
  for (NodeId node = 0; node < nodes; ++node) {
    facing_[node * kPorts + kLocal] = channel(node, kLocal, 0);  // its own network interface's channel
    for (std::uint32_t port = kNorth; port <= kWest; ++port) {
      const NodeId neighbour = mesh_.neighbour(node, port);
      if (neighbour != kNoNode) facing_[node * kPorts + port] = channel(neighbour, MeshGeometry::opposite(port), 0);
    }
  }
  routers_.resize(nodes);
  interfaces_.resize(nodes);
  // Events land at most link_latency_ cycles ahead (network-interface credits 1 cycle ahead).
  // A power of two, so that a slot is a mask rather than a division.
  std::size_t slots = 1;
  while (slots < link_latency_ + 1) slots *= 2;
  wheel_mask_ = slots - 1;
  flit_wheel_.resize(slots);
  credit_wheel_.resize(slots);
  window_.link_flits.assign(static_cast<std::size_t>(nodes) * 4, 0);
}

std::uint32_t MeshNetwork::flits_of(std::uint32_t payload_bits) const {
  const std::uint64_t bits = static_cast<std::uint64_t>(config_.header_bits) + payload_bits;
  return static_cast<std::uint32_t>((bits + config_.flit_bits - 1) / config_.flit_bits);
}

hw::Cycle MeshNetwork::zero_load_latency(NodeId source, NodeId destination, std::uint32_t payload_bits) const {
  if (source >= mesh_.nodes() || destination >= mesh_.nodes()) {
    throw std::invalid_argument("zero_load_latency: node out of range");
  }
  // Max-plus recurrence over (flit k, router h) of the pipeline the routers implement, with the
  // packet injected at cycle 0: arrival A, switch departure S. Credits bound flit k by the departure
  // of flit k - depth from the next router (plus the credit's trip back). With buffers deep enough
  // for the credit round trip this reduces to hops x (P + L) + P + flits.
  const std::uint32_t flits = flits_of(payload_bits);
  const std::uint32_t hops = mesh_.hops(source, destination);
  std::vector<std::vector<hw::Cycle>> departure(hops + 1, std::vector<hw::Cycle>(flits, 0));
  hw::Cycle written = 0;
  for (std::uint32_t k = 0; k < flits; ++k) {
    // The network interface writes one flit a cycle into the local VC, starting at cycle 1.
    written = k == 0 ? 1 : written + 1;
    if (k >= depth_) written = std::max(written, departure[0][k - depth_] + 1);
    for (std::uint32_t h = 0; h <= hops; ++h) {
      const hw::Cycle arrival = h == 0 ? written : departure[h - 1][k] + link_latency_;
      hw::Cycle leave = arrival + pipeline_;
      if (k > 0) leave = std::max(leave, departure[h][k - 1] + 1);
      if (h < hops && k >= depth_) leave = std::max(leave, departure[h + 1][k - depth_] + link_latency_);
      departure[h][k] = leave;
    }
  }
  return departure[hops][flits - 1];
}

void MeshNetwork::set_measurement_window(hw::Cycle start, hw::Cycle end) {
  window_.start = start;
  window_.end = std::max(start, end);
}

bool MeshNetwork::idle() const { return in_flight_ == 0 && queued_ == 0; }

hw::Cycle MeshNetwork::next_busy_cycle() const {
  if (idle()) return hw::kNever;
  return std::max(next_tick_, busy_from_);
}

std::uint32_t MeshNetwork::new_worm(std::uint32_t message, NodeId source, const NodeId* destinations, std::size_t count,
                                    bool tree) {
  std::uint32_t id = 0;
  if (free_worms_.empty()) {
    id = static_cast<std::uint32_t>(worms_.size());
    worms_.emplace_back();
  } else {
    id = free_worms_.back();
    free_worms_.pop_back();
  }
  // Filled in place: a freed worm keeps its destination list's storage for the next one.
  Worm& worm = worms_[id];
  worm.message = message;
  worm.flits = flits_of(messages_[message].packet.payload_bits);
  worm.remaining = static_cast<std::uint32_t>(count);
  worm.source = source;
  worm.tree = tree;
  worm.destinations.assign(destinations, destinations + count);
  interfaces_[source].queue.push_back(id);
  sending_.insert(source);
  ++queued_;
  return id;
}

void MeshNetwork::inject(const Packet& packet, hw::Cycle now) {
  const std::uint32_t nodes = mesh_.nodes();
  if (packet.source >= nodes) {
    throw std::invalid_argument("MeshNetwork::inject: source " + std::to_string(packet.source) + " is not a node");
  }
  if (packet.destinations.empty()) {
    throw std::invalid_argument("MeshNetwork::inject: a packet needs at least one destination");
  }
  const auto reject_destination = [](NodeId destination) {
    throw std::invalid_argument("MeshNetwork::inject: destination " + std::to_string(destination) + " is not a node");
  };
  if (packet.destinations.size() == 1) {  // most packets: nothing to sort
    if (packet.destinations.front() >= nodes) reject_destination(packet.destinations.front());
  } else {
    std::vector<NodeId> sorted = packet.destinations;
    std::sort(sorted.begin(), sorted.end());
    if (sorted.back() >= nodes) reject_destination(sorted.back());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      throw std::invalid_argument("MeshNetwork::inject: a destination is listed twice");
    }
  }
  if (has_ticked_ && now + 1 < next_tick_) {
    throw std::invalid_argument("MeshNetwork::inject: cycle " + std::to_string(now) +
                                " is before the last cycle the network was ticked");
  }
  if (idle()) busy_from_ = now + 1;

  std::uint32_t id = 0;
  if (free_messages_.empty()) {
    id = static_cast<std::uint32_t>(messages_.size());
    messages_.emplace_back();
  } else {
    id = free_messages_.back();
    free_messages_.pop_back();
  }
  // Filled in place: a freed message keeps its packet's destination storage, which the copy reuses.
  Message& message = messages_[id];
  message.packet = packet;
  message.injected = now;
  message.remaining = static_cast<std::uint32_t>(packet.destinations.size());
  message.measured = window_.contains(now);
  if (window_.contains(now)) ++window_.packets_injected;

  const bool several = packet.destinations.size() > 1;
  if (config_.fan_out == FanOut::kMulticast && several && flits_of(packet.payload_bits) <= depth_) {
    (void)new_worm(id, packet.source, packet.destinations.data(), packet.destinations.size(), true);
    return;
  }
  // Replication inside routers relies on each branch buffer holding the whole packet (it is what
  // keeps branches from blocking each other); a longer multicast packet goes as copies.
  if (config_.fan_out == FanOut::kMulticast && several && window_.contains(now)) ++window_.multicast_as_unicast;
  for (const NodeId& destination : packet.destinations) {
    (void)new_worm(id, packet.source, &destination, 1, false);
  }
}

void MeshNetwork::tick(hw::Cycle now) {
  if (idle() || now < next_busy_cycle()) return;  // nothing is due: change nothing
  if (has_ticked_ && now != next_tick_ && in_flight_ != 0) {
    throw std::logic_error("MeshNetwork::tick: a busy cycle was skipped");
  }
  has_ticked_ = true;
  next_tick_ = now + 1;
  deliver_arrivals(now);
  sending_.for_each([this, now](NodeId node) { step_interface(node, now); });
  // Counted here, before any router moves: a router is active on every cycle it holds a flit,
  // whether or not it is stepped.
  counters_.router_active_cycles += holding_.size();
  const bool every_cycle = stepping_ == RouterStepping::kEveryCycle;
  // The routers due are picked out a word at a time without a branch per router (which of them
  // sleep is not predictable), then stepped in ascending order as before.
  holding_.for_each_word([this, now, every_cycle](std::uint32_t first, std::uint64_t members) {
    std::uint64_t due = members;
    if (!every_cycle) {
      due = 0;
      for (std::uint64_t left = members; left != 0; left &= left - 1) {
        const auto bit = static_cast<std::uint32_t>(__builtin_ctzll(left));
        due |= static_cast<std::uint64_t>(routers_[first + bit].wake <= now) << bit;
      }
    }
    for (; due != 0; due &= due - 1) {
      const NodeId node = first + static_cast<std::uint32_t>(__builtin_ctzll(due));
      routers_[node].wake = next_step_cycle(node, now, step_router(node, now));
    }
  });
  finish_deliveries(now);
}

hw::Cycle MeshNetwork::next_step_cycle(NodeId node, hw::Cycle now, bool moved) const {
  // Only the router's own fronts becoming ready, and arrivals (which wake it themselves), can let
  // it move. After a step that moved nothing, a front that is ready waits for a credit or a VC;
  // after one that moved, any ready front may now go (it may have lost arbitration, been
  // allocated, or just reached the front), so the next cycle is stepped.
  hw::Cycle next = hw::kNever;
  const InputVc* const inputs = &inputs_[channel(node, 0, 0)];
  const VcSlotSet& occupied = routers_[node].vcs.occupied;
  for (std::uint32_t word = 0; word < 2; ++word) {
    for (std::uint64_t left = occupied.word(word); left != 0; left &= left - 1) {
      const hw::Cycle ready = inputs[word * 64 + static_cast<std::uint32_t>(__builtin_ctzll(left))].front_ready;
      if (ready > now) {
        next = std::min(next, ready);
      } else if (moved) {
        return now + 1;  // the earliest possible: nothing later can change it
      }
    }
  }
  return next;
}

void MeshNetwork::return_credit(std::uint32_t output_vc, hw::Cycle now) {
  OutputVc& output = outputs_[output_vc];
  const std::uint32_t credits = ++output.credits;
  // A credit can only let the router move when a flit had none (0 -> 1), or when it frees the VC
  // for a head waiting for allocation; otherwise a sleeping router stays unable to move. The
  // network interface's credits (local port) never concern the router. Worked out without
  // branches: whether a credit wakes its router is not predictable.
  Router& router = routers_[node_of(output_vc)];
  const auto as_bit = [](bool condition) { return static_cast<std::uint32_t>(condition); };
  const std::uint32_t wakes = as_bit((slot_of(output_vc) >> vc_shift_) != kLocal) &
                              (as_bit(credits == 1) | (as_bit(credits == depth_) & as_bit(output.busy == 0) &
                                                       as_bit(!router.vcs.waiting.empty())));
  // kNever is all ones: `now` when it wakes, else kNever, without the branch GCC makes of a ?:.
  const hw::Cycle candidate = now | (hw::Cycle{0} - static_cast<hw::Cycle>(wakes ^ 1U));
  router.wake = std::min(router.wake, candidate);
}

void MeshNetwork::deliver_arrivals(hw::Cycle now) {
  const std::size_t slot = now & wheel_mask_;
  // A flit moving from a link into a buffer stays in flight; a credit arriving leaves it.
  for (const FlitArrival& arrival : flit_wheel_[slot]) write_flit(arrival.input_vc, arrival.flit, now);
  flit_wheel_[slot].clear();
  in_flight_ -= credit_wheel_[slot].size();
  for (const std::uint32_t output_vc : credit_wheel_[slot]) return_credit(output_vc, now);
  credit_wheel_[slot].clear();
}

void MeshNetwork::write_flit(std::uint32_t input_vc, Flit flit, hw::Cycle now) {
  InputVc& input = inputs_[input_vc];
  const std::uint32_t tail = input.head + input.count;
  BufferedFlit& slot = flits_[static_cast<std::size_t>(input_vc) * depth_ + (tail >= depth_ ? tail - depth_ : tail)];
  slot.flit = flit;
  slot.ready = now + pipeline_;
  const NodeId node = node_of(input_vc);
  // Without branches: whether a VC or a router was empty is not predictable. Inserting into a
  // set twice changes nothing, and an unallocated VC holding a flit is always in `waiting`.
  const bool vc_was_empty = input.count++ == 0;
  input.front_ready = vc_was_empty ? slot.ready : input.front_ready;
  Router& router = routers_[node];
  router.vcs.occupied.insert(slot_of(input_vc));
  router.vcs.waiting.insert_if(slot_of(input_vc), !input.allocated);
  // An empty router has nothing to do until this flit is ready, whatever woke it before.
  const bool router_was_empty = router.buffered++ == 0;
  router.wake = router_was_empty ? slot.ready : std::min(router.wake, slot.ready);
  holding_.insert(node);
  ++counters_.buffer_writes;
}

void MeshNetwork::step_interface(NodeId node, hw::Cycle now) {
  NetworkInterface& interface = interfaces_[node];
  if (interface.worm == kNone) {
    const std::uint32_t next = interface.queue.front();
    // Packets injected at `now` wait for the next cycle, whichever order the components tick in.
    if (messages_[worms_[next].message].injected >= now) return;
    std::uint32_t chosen = kNone;
    for (std::uint32_t k = 0; k < vcs_ && chosen == kNone; ++k) {
      const std::uint32_t vc = (interface.vc_pointer + k) % vcs_;
      if (output_vc_free(channel(node, kLocal, vc))) chosen = vc;
    }
    if (chosen == kNone) return;
    outputs_[channel(node, kLocal, chosen)].busy = 1;
    interface.vc_pointer = (chosen + 1) % vcs_;
    interface.worm = next;
    interface.next_flit = 0;
    interface.vc = chosen;
    interface.queue.pop_front();
    --queued_;
    ++in_flight_;
  }
  const std::uint32_t output_vc = channel(node, kLocal, interface.vc);
  if (outputs_[output_vc].credits == 0) return;
  --outputs_[output_vc].credits;
  const bool tail = interface.next_flit + 1 == worms_[interface.worm].flits;
  write_flit(output_vc, Flit{interface.worm, tail ? 1U : 0U}, now);  // local input VC = same index
  ++in_flight_;
  if (window_.contains(now)) ++window_.flits_injected;
  ++interface.next_flit;
  if (tail) {
    outputs_[output_vc].busy = 0;
    interface.worm = kNone;
    --in_flight_;
    if (interface.queue.empty()) sending_.erase(node);
  }
}

void MeshNetwork::finish_deliveries(hw::Cycle now) {
  // Callbacks run after the routers have moved, so a callback that injects sees a settled network.
  for (const auto& [destination, id] : deliveries_) {
    Message& message = messages_[id];
    if (message.measured) {
      ++window_.deliveries;
      window_.latency.add(now - message.injected);
    }
    if (on_delivery_) on_delivery_(destination, message.packet, now);
    if (--message.remaining == 0) free_messages_.push_back(id);
  }
  deliveries_.clear();
}

NocStatistics MeshNetwork::statistics() const {
  NocStatistics stats;
  stats.window_start_cycle = window_.start;
  // A window with an end is the caller's measurement interval, simulated through even when idle.
  const hw::Cycle end = window_.end == hw::kNever ? next_tick_ : window_.end;
  stats.cycles_observed = end > window_.start ? end - window_.start : 0;
  stats.nodes = mesh_.nodes();
  stats.packets_injected = window_.packets_injected;
  stats.deliveries = window_.deliveries;
  stats.flits_injected = window_.flits_injected;
  stats.flits_ejected = window_.flits_ejected;
  for (const std::uint64_t flits : window_.link_flits) stats.flit_hops += flits;  // every hop crosses one link
  stats.multicast_as_unicast = window_.multicast_as_unicast;
  stats.latency_mean_cycles = window_.latency.mean();
  stats.latency_p50_cycles = window_.latency.percentile(50.0);
  stats.latency_p99_cycles = window_.latency.percentile(99.0);
  stats.latency_max_cycles = window_.latency.max();
  for (NodeId node = 0; node < mesh_.nodes(); ++node) {
    for (std::uint32_t port = kNorth; port <= kWest; ++port) {
      const NodeId neighbour = mesh_.neighbour(node, port);
      if (neighbour == kNoNode) continue;
      LinkStatistics link;
      link.name = mesh_.name(node) + "->" + mesh_.name(neighbour);
      link.flits = window_.link_flits[node * 4 + port - 1];
      link.utilisation = stats.cycles_observed == 0
                             ? 0.0
                             : static_cast<double>(link.flits) / static_cast<double>(stats.cycles_observed);
      if (link.flits > stats.busiest_link_flits) {
        stats.busiest_link = link.name;
        stats.busiest_link_flits = link.flits;
        stats.busiest_link_utilisation = link.utilisation;
      }
      stats.links.push_back(std::move(link));
    }
  }
  return stats;
}

void MeshNetwork::publish(energy::ActionCounts& counts) const {
  counts.add(kActionBufferWrite, counters_.buffer_writes);
  // Each crossing reads its buffer once and arbitrates once per output it is copied to.
  counts.add(kActionBufferRead, counters_.crossbar_flits);
  counts.add(kActionVcAllocation, counters_.vc_allocations);
  counts.add(kActionSwitchArbitration, counters_.crossbar_flits + counters_.crossbar_fanout_flits);
  counts.add(kActionCrossbar, counters_.crossbar_flits);
  counts.add(kActionCrossbarFanout, counters_.crossbar_fanout_flits);
  counts.add(kActionLink, counters_.link_flits);
  counts.add(kActionRouterActiveCycle, counters_.router_active_cycles);
}

}  // namespace spinaps::noc
