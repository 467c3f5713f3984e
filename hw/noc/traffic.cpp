#include "hw/noc/traffic.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/rng/counter_rng.h"

namespace spinaps::noc {
namespace {

constexpr std::uint32_t kPurposeInject = 0, kPurposeDestination = 1, kPurposeHotspot = 2;
constexpr std::uint32_t kPurposes = 4;  ///< draw indices per node: node * kPurposes + purpose
constexpr double kTwoTo32 = 4294967296.0;

/// A uniform index in [0, n) from a 32-bit draw (multiply-shift: bias below n / 2^32).
std::uint32_t scale_draw(std::uint32_t draw, std::uint32_t n) {
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(draw) * n) >> 32U);
}

}  // namespace

const config::ChoiceTable<TrafficPattern>& traffic_choices() {
  static const config::ChoiceTable<TrafficPattern> kTable(
      "traffic pattern",
      {{"uniform", TrafficPattern::kUniform, "every node, the source included, equally likely"},
       {"transpose", TrafficPattern::kTranspose, "(r, c) -> (c, r); square meshes only"},
       {"bit_complement", TrafficPattern::kBitComplement, "(r, c) -> (rows-1-r, cols-1-c)"},
       {"hotspot", TrafficPattern::kHotspot, "the hotspot node with probability hotspot_fraction, else uniform"}});
  return kTable;
}

std::string traffic_pattern_name(TrafficPattern pattern) { return traffic_choices().name_of(pattern); }

void validate_traffic(const MeshGeometry& mesh, const TrafficSpec& spec) {
  if (!(spec.rate_flits_per_node_cycle > 0.0) || spec.rate_flits_per_node_cycle > 1.0) {
    throw std::invalid_argument("an injection rate must be in (0, 1] flits/node/cycle");
  }
  if (spec.pattern == TrafficPattern::kTranspose && mesh.rows() != mesh.cols()) {
    throw std::invalid_argument("transpose traffic needs a square mesh");
  }
  if (spec.pattern == TrafficPattern::kHotspot) {
    if (!(spec.hotspot_fraction >= 0.0 && spec.hotspot_fraction <= 1.0)) {
      throw std::invalid_argument("the hotspot fraction must be in [0, 1]");
    }
    if (spec.hotspot_node >= mesh.nodes()) throw std::invalid_argument("the hotspot node is not in the mesh");
  }
  if (spec.end_cycle > 0xFFFFFFFFULL) throw std::invalid_argument("traffic can run for at most 2^32 - 1 cycles");
}

std::vector<double> destination_probabilities(const MeshGeometry& mesh, const TrafficSpec& spec, NodeId source) {
  const std::uint32_t nodes = mesh.nodes();
  std::vector<double> probability(nodes, 0.0);
  const std::uint32_t row = mesh.row(source), col = mesh.col(source);
  switch (spec.pattern) {
    case TrafficPattern::kUniform:
      std::fill(probability.begin(), probability.end(), 1.0 / nodes);
      break;
    case TrafficPattern::kTranspose:
      probability[mesh.node(col, row)] = 1.0;
      break;
    case TrafficPattern::kBitComplement:
      probability[mesh.node(mesh.rows() - 1 - row, mesh.cols() - 1 - col)] = 1.0;
      break;
    case TrafficPattern::kHotspot:
      std::fill(probability.begin(), probability.end(), (1.0 - spec.hotspot_fraction) / nodes);
      probability[spec.hotspot_node] += spec.hotspot_fraction;
      break;
  }
  return probability;
}

ThroughputBounds throughput_bounds(const MeshGeometry& mesh, const TrafficSpec& spec) {
  const std::uint32_t nodes = mesh.nodes(), rows = mesh.rows(), cols = mesh.cols();
  std::vector<double> into(nodes, 0.0);
  // Per unit injection rate: traffic across each half of each middle cut, and load on each XY link.
  double east = 0.0, west = 0.0, south = 0.0, north = 0.0;
  std::vector<double> link_load(static_cast<std::size_t>(nodes) * kPorts, 0.0);
  for (NodeId source = 0; source < nodes; ++source) {
    const std::vector<double> probability = destination_probabilities(mesh, spec, source);
    for (NodeId destination = 0; destination < nodes; ++destination) {
      const double p = probability[destination];
      if (p == 0.0) continue;
      into[destination] += p;
      const bool from_left = mesh.col(source) < cols / 2, to_left = mesh.col(destination) < cols / 2;
      const bool from_top = mesh.row(source) < rows / 2, to_top = mesh.row(destination) < rows / 2;
      if (from_left && !to_left) east += p;
      if (!from_left && to_left) west += p;
      if (from_top && !to_top) south += p;
      if (!from_top && to_top) north += p;
      for (NodeId at = source; at != destination;) {
        const std::uint32_t port = xy_port(mesh, at, destination);
        link_load[at * kPorts + port] += p;
        at = mesh.neighbour(at, port);
      }
    }
  }
  ThroughputBounds bounds;
  bounds.bisection = 1e300;
  auto cut = [&bounds](double traffic, std::uint32_t links) {
    if (traffic > 0.0) bounds.bisection = std::min(bounds.bisection, links / traffic);
  };
  if (cols >= 2) {
    cut(east, rows);
    cut(west, rows);
  }
  if (rows >= 2) {
    cut(south, cols);
    cut(north, cols);
  }
  if (bounds.bisection == 1e300) bounds.bisection = 1.0;  // nothing crosses: the cut does not limit
  bounds.ejection = 1.0 / *std::max_element(into.begin(), into.end());
  bounds.ideal = std::min({bounds.bisection, bounds.ejection, 1.0});
  const double heaviest = *std::max_element(link_load.begin(), link_load.end());
  bounds.xy_channel_load = heaviest > 0.0 ? std::min(1.0 / heaviest, 1.0) : 1.0;
  const bool square_even = rows == cols && rows % 2 == 0;
  switch (spec.pattern) {
    case TrafficPattern::kUniform:
      bounds.bisection_rule = square_even ? "4/k: half the traffic crosses the k links each way of a bisection"
                                          : "traffic across the middle cuts";
      break;
    case TrafficPattern::kBitComplement:
      bounds.bisection_rule =
          square_even ? "2/k: all the traffic crosses a bisection" : "traffic across the middle cuts";
      break;
    case TrafficPattern::kTranspose:
      bounds.bisection_rule =
          square_even ? "4/k: a quarter of the nodes send across each way" : "traffic across the middle cuts";
      break;
    case TrafficPattern::kHotspot:
      bounds.bisection_rule = "traffic across the middle cuts (the hotspot's ejection port binds first)";
      break;
  }
  return bounds;
}

double mean_zero_load_latency(const MeshNetwork& network, const TrafficSpec& spec) {
  const MeshGeometry& mesh = network.geometry();
  // A lone packet's latency depends on its hop count only (every hop runs the same pipeline), so
  // it is worked out once per hop count rather than once per pair.
  std::vector<double> latency_by_hops(mesh.rows() + mesh.cols() - 1, -1.0);
  double sum = 0.0;
  for (NodeId source = 0; source < mesh.nodes(); ++source) {
    const std::vector<double> probability = destination_probabilities(mesh, spec, source);
    for (NodeId destination = 0; destination < mesh.nodes(); ++destination) {
      if (probability[destination] == 0.0) continue;
      double& latency = latency_by_hops[mesh.hops(source, destination)];
      if (latency < 0.0) {
        latency = static_cast<double>(network.zero_load_latency(source, destination, spec.payload_bits));
      }
      sum += probability[destination] * latency;
    }
  }
  return sum / mesh.nodes();
}

TrafficSource::TrafficSource(MeshNetwork& network, const TrafficSpec& spec, Progress progress)
    : network_(network),
      spec_(spec),
      progress_(std::move(progress)),
      packet_flits_(network.flits_of(spec.payload_bits)),
      draw_prefix_(rng::counter_prefix(spec.seed, rng::Stream::kInputEncoding, kNocSampleTag | spec.source_key)) {
  validate_traffic(network.geometry(), spec_);
  const double probability = std::min(1.0, spec_.rate_flits_per_node_cycle / packet_flits_);
  threshold_ = static_cast<std::uint64_t>(std::llround(probability * kTwoTo32));
  injecting_.resize((network.geometry().nodes() + 63) / 64);
}

void TrafficSource::set_measurement_window(hw::Cycle start, hw::Cycle end) {
  window_start_ = start;
  window_end_ = end;
}

hw::Cycle TrafficSource::next_busy_cycle() const { return next_ < spec_.end_cycle ? next_ : hw::kNever; }

std::uint32_t TrafficSource::draw(hw::Cycle now, NodeId node, std::uint32_t purpose) const {
  return rng::draw_u32_after(draw_prefix_, static_cast<std::uint32_t>(now), node * kPurposes + purpose);
}

NodeId TrafficSource::destination(NodeId source, hw::Cycle now) const {
  const MeshGeometry& mesh = network_.geometry();
  const std::uint32_t row = mesh.row(source), col = mesh.col(source);
  switch (spec_.pattern) {
    case TrafficPattern::kTranspose:
      return mesh.node(col, row);
    case TrafficPattern::kBitComplement:
      return mesh.node(mesh.rows() - 1 - row, mesh.cols() - 1 - col);
    case TrafficPattern::kHotspot:
      if (static_cast<double>(draw(now, source, kPurposeHotspot)) < spec_.hotspot_fraction * kTwoTo32) {
        return spec_.hotspot_node;
      }
      break;
    case TrafficPattern::kUniform:
      break;
  }
  return scale_draw(draw(now, source, kPurposeDestination), mesh.nodes());
}

void TrafficSource::tick(hw::Cycle now) {
  if (now < next_ || now >= spec_.end_cycle) return;
  next_ = now + 1;
  const bool measured = now >= window_start_ && now < window_end_;
  const NodeId nodes = network_.geometry().nodes();
  // The same draws as draw(now, node, kPurposeInject) < threshold_, all nodes' at once; the nodes
  // are then visited in ascending order, as a loop over every node would.
  rng::draws_below(draw_prefix_, static_cast<std::uint32_t>(now), kPurposeInject, kPurposes, nodes, threshold_,
                   injecting_.data());
  for (std::size_t word = 0; word < injecting_.size(); ++word) {
    for (std::uint64_t left = injecting_[word]; left != 0; left &= left - 1) {
      inject_from(static_cast<NodeId>(word * 64 + static_cast<std::size_t>(__builtin_ctzll(left))), now, measured);
    }
  }
  if (progress_ && (now % 1024 == 0 || now + 1 == spec_.end_cycle)) progress_(now + 1);
}

void TrafficSource::inject_from(NodeId node, hw::Cycle now, bool measured) {
  Packet& packet = packet_;          // reused: its destination list keeps its storage
  packet.tag = (now << 16U) | node;  // unique per (cycle, source)
  packet.source = node;
  packet.destinations.assign(1, destination(node, now));
  packet.payload_bits = spec_.payload_bits;
  network_.inject(packet, now);
  if (measured) {
    ++packets_generated_;
    flits_generated_ += packet_flits_;
  }
}

}  // namespace spinaps::noc
