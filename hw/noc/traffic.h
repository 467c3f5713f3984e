#pragma once
// Synthetic traffic for the mesh (Dally & Towles, "Principles and Practices of Interconnection
// Networks", ch. 3 and 23): the patterns, their traffic matrices, the throughput bounds they imply,
// and a clocked source that injects Bernoulli packets into one MeshNetwork.
//
// Random numbers come from the project's counter RNG on the existing stream kInputEncoding, with a
// sample key no inference uses: sample = kNocSampleTag | source_key (images are numbered from 0, far
// below 2^40), step = cycle, index = node * 4 + purpose. Every draw is a pure function of (seed,
// source_key, cycle, node, purpose), so results do not depend on how many sources run together.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hw/common/clocked_component.h"
#include "hw/noc/mesh_network.h"
#include "models/config/choice.h"

namespace spinaps::noc {

enum class TrafficPattern {
  kUniform,        ///< every node, the source included, equally likely
  kTranspose,      ///< (r, c) -> (c, r); square meshes only
  kBitComplement,  ///< (r, c) -> (rows-1-r, cols-1-c): the bit complement of the node id on 2^n x 2^m meshes
  kHotspot,        ///< the hotspot node with probability hotspot_fraction, else uniform
};

/// "uniform", "transpose", "bit_complement", "hotspot": `spinaps noc --traffic`.
const config::ChoiceTable<TrafficPattern>& traffic_choices();
std::string traffic_pattern_name(TrafficPattern pattern);

constexpr std::uint64_t kNocSampleTag = 0x4E6F43ULL << 40U;  ///< "NoC"

struct TrafficSpec {
  TrafficPattern pattern = TrafficPattern::kUniform;
  double rate_flits_per_node_cycle = 0.1;  ///< offered load
  std::uint32_t payload_bits = 0;          ///< per packet
  double hotspot_fraction = 0.1;
  NodeId hotspot_node = 0;
  std::uint64_t seed = 1;
  std::uint32_t source_key = 0;  ///< tells apart the sources of one process (e.g. one per rate)
  hw::Cycle end_cycle = 0;       ///< packets are generated at cycles [0, end_cycle)
};

/// Throws std::invalid_argument when the pattern does not fit the mesh or a value is out of range.
void validate_traffic(const MeshGeometry& mesh, const TrafficSpec& spec);

/// Probability of each destination for a packet from `source` (one row of the traffic matrix).
std::vector<double> destination_probabilities(const MeshGeometry& mesh, const TrafficSpec& spec, NodeId source);

/// Upper bounds on the accepted throughput (flits/node/cycle) the pattern allows, from its traffic
/// matrix: the bisection bound (traffic across the middle cut of the columns and of the rows, one
/// flit per link per cycle, each direction), the ejection bound (one flit per node per cycle out),
/// the injection bound (1) and the XY channel-load bound (the most loaded link under XY routing).
struct ThroughputBounds {
  double bisection = 0.0;
  double ejection = 0.0;
  double ideal = 0.0;  ///< min(bisection, ejection, 1)
  double xy_channel_load = 0.0;
  std::string bisection_rule;  ///< e.g. "4/k" for uniform traffic on a k x k mesh
};
ThroughputBounds throughput_bounds(const MeshGeometry& mesh, const TrafficSpec& spec);

/// The mean of zero_load_latency over the pattern's traffic matrix.
double mean_zero_load_latency(const MeshNetwork& network, const TrafficSpec& spec);

/// Injects Bernoulli traffic: on each cycle each node starts a packet with probability
/// rate / packet_flits. Busy on every cycle of [0, end_cycle).
class TrafficSource : public hw::ClockedComponent {
 public:
  using Progress = std::function<void(hw::Cycle now)>;
  TrafficSource(MeshNetwork& network, const TrafficSpec& spec, Progress progress = nullptr);

  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override;

  /// Flits generated in [window_start, window_end) (the offered load actually drawn).
  void set_measurement_window(hw::Cycle start, hw::Cycle end);
  [[nodiscard]] std::uint64_t flits_generated() const { return flits_generated_; }
  [[nodiscard]] std::uint64_t packets_generated() const { return packets_generated_; }

 private:
  [[nodiscard]] NodeId destination(NodeId source, hw::Cycle now) const;
  void inject_from(NodeId node, hw::Cycle now, bool measured);
  [[nodiscard]] std::uint32_t draw(hw::Cycle now, NodeId node, std::uint32_t purpose) const;

  MeshNetwork& network_;
  TrafficSpec spec_;
  Progress progress_;
  std::uint32_t packet_flits_;
  std::uint64_t draw_prefix_;  ///< rng::counter_prefix of this source's draws
  std::uint64_t threshold_;    ///< inject when the 32-bit draw is below it
  hw::Cycle next_ = 0;
  hw::Cycle window_start_ = 0, window_end_ = hw::kNever;
  std::uint64_t flits_generated_ = 0, packets_generated_ = 0;
  std::vector<std::uint64_t> injecting_;  ///< this cycle's injecting nodes as a bitmap, drawn as one block
  Packet packet_;  ///< the packet being injected, reused so that each injection allocates nothing
};

}  // namespace spinaps::noc
