// Zero-load timing of the mesh: a lone packet arrives exactly when zero_load_latency() says, for
// several sources, destinations and sizes, both routings, multicast branches, and pipeline, link
// and buffer settings (including buffers too shallow for the credit round trip). The mesh is driven
// the way hw::ClockDomain drives it, without a SystemC kernel, so these cases share a process.
#include <gtest/gtest.h>

#include <map>

#include "hw/noc/mesh_network.h"

namespace spinaps::noc {
namespace {

/// Ticks the mesh on its busy cycles until it is idle (hw::ClockDomain with idle skipping).
void run_until_idle(MeshNetwork& network) {
  hw::Cycle floor = 0;
  for (hw::Cycle next = network.next_busy_cycle(); next != hw::kNever; next = network.next_busy_cycle()) {
    next = std::max(next, floor);
    network.tick(next);
    floor = next + 1;
  }
}

struct Arrivals {
  std::map<NodeId, hw::Cycle> at;  ///< destination -> arrival cycle
};

/// Sends one packet at cycle `start` into an empty mesh and returns its arrival cycle per destination.
Arrivals send_one(const NocConfig& config, NodeId source, std::vector<NodeId> destinations, std::uint32_t payload_bits,
                  hw::Cycle start) {
  Arrivals arrivals;
  MeshNetwork network(config, [&arrivals](NodeId destination, const Packet&, hw::Cycle cycle) {
    EXPECT_EQ(arrivals.at.count(destination), 0U) << "delivered twice to " << destination;
    arrivals.at[destination] = cycle;
  });
  network.inject(Packet{1, source, std::move(destinations), payload_bits}, start);
  run_until_idle(network);
  return arrivals;
}

NocConfig mesh(std::uint32_t rows, std::uint32_t cols, std::uint32_t pipeline, std::uint32_t link, std::uint32_t depth,
               Routing routing) {
  NocConfig config;
  config.rows = rows;
  config.cols = cols;
  config.router_pipeline_cycles = pipeline;
  config.link_latency_cycles = link;
  config.buffer_depth_flits = depth;
  config.routing = routing;
  return config;
}

TEST(NocLatency, LonePacketArrivesAtTheZeroLoadLatencyForBothRoutings) {
  struct Case {
    NodeId source, destination;
    std::uint32_t payload_bits;
  };
  // 4 x 5 mesh: corners, same row, same column, west-bound (west-first's fixed leg), the source itself.
  const std::vector<Case> cases = {{0, 19, 0},    {19, 0, 500}, {7, 7, 64},  {5, 9, 200},
                                   {2, 17, 1000}, {14, 10, 32}, {18, 1, 96}, {12, 6, 4000}};
  for (const Routing routing : {Routing::kXY, Routing::kWestFirst}) {
    // Deep buffers (no credit stall), then buffers shallower than the credit round trip.
    for (const auto& [pipeline, link, depth] :
         std::vector<std::array<std::uint32_t, 3>>{{2, 1, 4}, {3, 2, 8}, {1, 1, 2}, {2, 3, 2}, {4, 1, 1}, {1, 2, 3}}) {
      const NocConfig config = mesh(4, 5, pipeline, link, depth, routing);
      for (const Case& item : cases) {
        const hw::Cycle start = 7;
        const Arrivals arrivals = send_one(config, item.source, {item.destination}, item.payload_bits, start);
        MeshNetwork reference(config, nullptr);
        ASSERT_EQ(arrivals.at.count(item.destination), 1U);
        EXPECT_EQ(arrivals.at.at(item.destination) - start,
                  reference.zero_load_latency(item.source, item.destination, item.payload_bits))
            << routing_name(routing) << " P=" << pipeline << " L=" << link << " D=" << depth << " " << item.source
            << "->" << item.destination << " payload " << item.payload_bits;
      }
    }
  }
}

TEST(NocLatency, ClosedFormHoldsWhenBuffersCoverTheCreditRoundTrip) {
  for (const auto& [pipeline, link] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {2, 1}, {3, 2}}) {
    // Credits come back 2L + P cycles after use (P + 1 at the local port): depth 2L + P + 1 suffices.
    const NocConfig config = mesh(6, 6, pipeline, link, 2 * link + pipeline + 1, Routing::kXY);
    const MeshNetwork network(config, nullptr);
    for (const std::uint32_t payload_bits : {0U, 100U, 1000U}) {
      for (NodeId destination = 0; destination < 36; destination += 5) {
        const hw::Cycle hops = network.geometry().hops(3, destination);
        EXPECT_EQ(network.zero_load_latency(3, destination, payload_bits),
                  hops * (pipeline + link) + pipeline + network.flits_of(payload_bits));
      }
    }
  }
}

TEST(NocLatency, EachHopAddsThePipelineAndTheLinkLatency) {
  for (const auto& [pipeline, link] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {2, 1}, {4, 3}}) {
    const NocConfig config = mesh(1, 8, pipeline, link, 16, Routing::kXY);
    hw::Cycle previous = 0;
    for (NodeId destination = 0; destination < 8; ++destination) {
      const Arrivals arrivals = send_one(config, 0, {destination}, 100, 0);
      const hw::Cycle latency = arrivals.at.at(destination);
      if (destination > 0) EXPECT_EQ(latency - previous, pipeline + link) << "hop " << destination;
      previous = latency;
    }
  }
}

TEST(NocLatency, MulticastBranchesArriveAtTheirUnicastZeroLoadLatency) {
  for (const Routing routing : {Routing::kXY, Routing::kWestFirst}) {
    const NocConfig config = mesh(5, 5, 2, 1, 4, routing);
    const std::vector<NodeId> destinations = {12, 0, 4, 20, 24, 7, 17, 11, 13};
    const Arrivals arrivals = send_one(config, 12, destinations, 96, 3);
    const MeshNetwork reference(config, nullptr);
    ASSERT_EQ(arrivals.at.size(), destinations.size());
    for (const NodeId destination : destinations) {
      EXPECT_EQ(arrivals.at.at(destination) - 3, reference.zero_load_latency(12, destination, 96)) << destination;
    }
  }
}

TEST(NocLatency, TheHeadFlitCarriesTheHeader) {
  NocConfig config = mesh(2, 2, 2, 1, 4, Routing::kXY);
  config.flit_bits = 32;
  config.header_bits = 20;
  const MeshNetwork network(config, nullptr);
  EXPECT_EQ(network.flits_of(0), 1U);
  EXPECT_EQ(network.flits_of(12), 1U);
  EXPECT_EQ(network.flits_of(13), 2U);
  EXPECT_EQ(network.flits_of(44), 2U);
  EXPECT_EQ(network.flits_of(45), 3U);
}

}  // namespace
}  // namespace spinaps::noc
