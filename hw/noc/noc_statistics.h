#pragma once
// What the mesh measured over its measurement window, gathered once at the end. Latencies are
// exact integers, so percentiles come from a histogram (nearest rank, as the run report uses).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/common/clocked_component.h"

namespace spinaps::noc {

struct LinkStatistics {
  std::string name;          ///< "r,c->r,c"
  std::uint64_t flits = 0;   ///< flits that crossed it in the window
  double utilisation = 0.0;  ///< flits / cycles observed (a link carries at most one flit a cycle)
};

struct NocStatistics {
  hw::Cycle window_start_cycle = 0;
  hw::Cycle cycles_observed = 0;  ///< cycles of the window the network was simulated for
  std::uint32_t nodes = 0;
  std::uint64_t packets_injected = 0;      ///< inject() calls in the window
  std::uint64_t deliveries = 0;            ///< (packet, destination) deliveries of those packets
  std::uint64_t flits_injected = 0;        ///< flits the network interfaces wrote into routers in the window
  std::uint64_t flits_ejected = 0;         ///< flits ejected at destinations in the window (one per destination)
  std::uint64_t flit_hops = 0;             ///< router-to-router link traversals in the window
  std::uint64_t multicast_as_unicast = 0;  ///< multicast packets too long for one VC buffer, sent as copies
  double latency_mean_cycles = 0.0;        ///< over the deliveries counted above
  std::uint64_t latency_p50_cycles = 0;
  std::uint64_t latency_p99_cycles = 0;
  std::uint64_t latency_max_cycles = 0;
  std::vector<LinkStatistics> links;  ///< every directed link, in node then port (N, E, S, W) order
  std::string busiest_link;           ///< the link with the most flits (the first such), "" if none
  std::uint64_t busiest_link_flits = 0;
  double busiest_link_utilisation = 0.0;

  /// Flits ejected per node per cycle observed (the accepted throughput).
  [[nodiscard]] double accepted_flits_per_node_cycle() const;
  /// Flits injected per node per cycle observed.
  [[nodiscard]] double injected_flits_per_node_cycle() const;
  [[nodiscard]] nlohmann::ordered_json to_json() const;
};

/// Exact latency histogram (one counter per cycle of latency).
class LatencyHistogram {
 public:
  void add(std::uint64_t latency_cycles);
  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  [[nodiscard]] double mean() const;
  /// Nearest-rank percentile: the smallest latency with at least `percent`% of samples <= it.
  [[nodiscard]] std::uint64_t percentile(double percent) const;
  [[nodiscard]] std::uint64_t max() const;

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t samples_ = 0;
  long double sum_ = 0.0L;
};

}  // namespace spinaps::noc
