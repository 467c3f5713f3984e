// Flow through the mesh under load: every packet reaches every destination exactly once and the
// network drains (no deadlock) for both routings and both fan-outs; multicast crosses fewer links
// than unicast copies for the same deliveries; accepted throughput stays within the offered load and
// the bisection bound; routers stepped only when something can happen in them give the same
// deliveries, statistics and action counts as stepping every router every cycle. Driven without a SystemC kernel (as
// hw::ClockDomain drives components), so the cases can share a process.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "hw/noc/mesh_network.h"
#include "hw/noc/noc_actions.h"
#include "hw/noc/traffic.h"
#include "models/rng/counter_rng.h"

namespace spinaps::noc {
namespace {

/// Ticks the components on their busy cycles, in order, until all are idle (hw::ClockDomain with
/// idle skipping), or past `limit` (a network that stopped moving). Returns the last cycle ticked.
hw::Cycle run_until_idle(const std::vector<hw::ClockedComponent*>& components, hw::Cycle limit = hw::kNever) {
  hw::Cycle floor = 0, last = 0;
  while (true) {
    hw::Cycle earliest = hw::kNever;
    for (const hw::ClockedComponent* component : components) {
      earliest = std::min(earliest, component->next_busy_cycle());
    }
    if (earliest == hw::kNever) return last;
    const hw::Cycle next = std::max(earliest, floor);
    if (next > limit) return last;
    for (hw::ClockedComponent* component : components) {
      if (component->next_busy_cycle() <= next) component->tick(next);
    }
    last = next;
    floor = next + 1;
  }
}

/// Heavy random traffic with 1..6 destinations per packet, injected from inside the clock domain.
class RandomMulticastSource : public hw::ClockedComponent {
 public:
  RandomMulticastSource(MeshNetwork& network, hw::Cycle end, std::uint32_t percent)
      : network_(network), end_(end), percent_(percent) {}
  void tick(hw::Cycle now) override {
    if (now < next_ || now >= end_) return;
    next_ = now + 1;
    const std::uint32_t nodes = network_.geometry().nodes();
    for (NodeId node = 0; node < nodes; ++node) {
      if (draw(now, node, 0) % 100 >= percent_) continue;
      std::set<NodeId> destinations;
      const std::uint32_t count = 1 + draw(now, node, 1) % 6;
      for (std::uint32_t k = 0; k < count; ++k) destinations.insert(draw(now, node, 2 + k) % nodes);
      Packet packet{tag_++, node, {destinations.begin(), destinations.end()}, draw(now, node, 9) % 600};
      expected_ += packet.destinations.size();
      network_.inject(packet, now);
    }
  }
  [[nodiscard]] hw::Cycle next_busy_cycle() const override { return next_ < end_ ? next_ : hw::kNever; }
  [[nodiscard]] std::uint64_t expected() const { return expected_; }

 private:
  static std::uint32_t draw(hw::Cycle now, NodeId node, std::uint32_t purpose) {
    return rng::draw_u32(11, rng::Stream::kInputEncoding, kNocSampleTag | 99U, static_cast<std::uint32_t>(now),
                         node * 16 + purpose);
  }
  MeshNetwork& network_;
  hw::Cycle end_;
  std::uint32_t percent_;
  hw::Cycle next_ = 0;
  std::uint64_t tag_ = 0;
  std::uint64_t expected_ = 0;
};

struct Mode {
  Routing routing;
  FanOut fan_out;
};
std::string name_of(const Mode& mode) { return routing_name(mode.routing) + "_" + fan_out_name(mode.fan_out); }
void PrintTo(const Mode& mode, std::ostream* out) { *out << name_of(mode); }

class NocConservation : public ::testing::TestWithParam<Mode> {};

TEST_P(NocConservation, EveryPacketReachesEachDestinationExactlyOnceAndTheNetworkDrains) {
  NocConfig config;
  config.rows = 6;
  config.cols = 6;
  config.routing = GetParam().routing;
  config.fan_out = GetParam().fan_out;
  config.buffer_depth_flits = 6;  // most packets fit one VC buffer, so multicast replicates in routers
  std::map<std::pair<std::uint64_t, NodeId>, int> seen;
  std::uint64_t wrong = 0;
  MeshNetwork network(config, [&](NodeId destination, const Packet& packet, hw::Cycle) {
    if (std::find(packet.destinations.begin(), packet.destinations.end(), destination) == packet.destinations.end()) {
      ++wrong;
    }
    ++seen[{packet.tag, destination}];
  });
  // 30 % of nodes start a packet every cycle, each with several destinations: far above saturation.
  RandomMulticastSource source(network, 3000, 30);
  const hw::Cycle last = run_until_idle({&source, &network});
  EXPECT_TRUE(network.idle());
  EXPECT_GT(last, 3000U);  // it was saturated, then drained
  EXPECT_EQ(wrong, 0U);
  EXPECT_EQ(seen.size(), source.expected());
  for (const auto& [key, count] : seen) ASSERT_EQ(count, 1) << "tag " << key.first << " at " << key.second;
  const NocStatistics stats = network.statistics();
  EXPECT_EQ(stats.deliveries, source.expected());
  if (config.fan_out == FanOut::kMulticast) EXPECT_GT(stats.multicast_as_unicast, 0U);  // the long ones
}

INSTANTIATE_TEST_SUITE_P(Noc, NocConservation,
                         ::testing::Values(Mode{Routing::kXY, FanOut::kUnicast}, Mode{Routing::kXY, FanOut::kMulticast},
                                           Mode{Routing::kWestFirst, FanOut::kUnicast},
                                           Mode{Routing::kWestFirst, FanOut::kMulticast}),
                         [](const auto& info) { return name_of(info.param); });

struct SteppingCase {
  Routing routing;
  FanOut fan_out;
  std::uint32_t percent;  ///< nodes starting a packet each cycle
  std::uint32_t buffer_depth_flits, pipeline_cycles, link_latency_cycles;
};
void PrintTo(const SteppingCase& c, std::ostream* out) {
  *out << routing_name(c.routing) << "_" << fan_out_name(c.fan_out) << "_" << c.percent << "pct_depth"
       << c.buffer_depth_flits << "_pipe" << c.pipeline_cycles << "_link" << c.link_latency_cycles;
}

/// Everything a run shows: each delivery in order with its cycle, the statistics and the actions.
struct SteppedRun {
  std::vector<std::tuple<hw::Cycle, std::uint64_t, NodeId>> deliveries;
  std::string statistics;
  energy::ActionCounts actions;
  hw::Cycle last_cycle = 0;
};

SteppedRun run_stepped(const SteppingCase& c, RouterStepping stepping) {
  NocConfig config;
  config.rows = 6;
  config.cols = 5;
  config.routing = c.routing;
  config.fan_out = c.fan_out;
  config.buffer_depth_flits = c.buffer_depth_flits;
  config.router_pipeline_cycles = c.pipeline_cycles;
  config.link_latency_cycles = c.link_latency_cycles;
  SteppedRun run;
  MeshNetwork network(
      config,
      [&](NodeId destination, const Packet& packet, hw::Cycle cycle) {
        run.deliveries.emplace_back(cycle, packet.tag, destination);
      },
      stepping);
  network.set_measurement_window(200, 1500);
  RandomMulticastSource source(network, 2000, c.percent);
  run.last_cycle = run_until_idle({&source, &network}, 100000);
  EXPECT_TRUE(network.idle()) << "the network stopped draining";
  run.statistics = network.statistics().to_json().dump();
  network.publish(run.actions);
  return run;
}

class NocStepping : public ::testing::TestWithParam<SteppingCase> {};

TEST_P(NocStepping, EventDrivenRoutersGiveTheSameRunAsSteppingEveryRouterEveryCycle) {
  const SteppedRun reference = run_stepped(GetParam(), RouterStepping::kEveryCycle);
  const SteppedRun event_driven = run_stepped(GetParam(), RouterStepping::kEventDriven);
  ASSERT_GT(reference.deliveries.size(), 100U);
  EXPECT_EQ(event_driven.deliveries, reference.deliveries);
  EXPECT_EQ(event_driven.statistics, reference.statistics);
  EXPECT_TRUE(event_driven.actions == reference.actions);
  EXPECT_GT(reference.actions.get(kActionRouterActiveCycle), 0U);
  EXPECT_EQ(event_driven.last_cycle, reference.last_cycle);
}

INSTANTIATE_TEST_SUITE_P(Noc, NocStepping,
                         ::testing::Values(SteppingCase{Routing::kXY, FanOut::kUnicast, 2, 4, 2, 1},
                                           SteppingCase{Routing::kXY, FanOut::kUnicast, 30, 4, 2, 1},
                                           SteppingCase{Routing::kXY, FanOut::kMulticast, 5, 6, 2, 1},
                                           SteppingCase{Routing::kWestFirst, FanOut::kUnicast, 10, 2, 3, 2},
                                           SteppingCase{Routing::kWestFirst, FanOut::kMulticast, 30, 6, 1, 3},
                                           SteppingCase{Routing::kXY, FanOut::kMulticast, 20, 1, 4, 1}),
                         [](const auto& info) {
                           std::ostringstream name;
                           PrintTo(info.param, &name);
                           return name.str();
                         });

TEST(NocFlow, MulticastCrossesFewerLinksThanUnicastCopiesAndDeliversTheSameSet) {
  for (const Routing routing : {Routing::kXY, Routing::kWestFirst}) {
    std::map<FanOut, std::set<std::pair<std::uint64_t, NodeId>>> delivered;
    std::map<FanOut, std::uint64_t> hops;
    std::map<FanOut, energy::ActionCounts> actions;
    for (const FanOut fan_out : {FanOut::kUnicast, FanOut::kMulticast}) {
      NocConfig config;
      config.rows = 5;
      config.cols = 5;
      config.routing = routing;
      config.fan_out = fan_out;
      MeshNetwork network(config, [&](NodeId destination, const Packet& packet, hw::Cycle) {
        delivered[fan_out].insert({packet.tag, destination});
      });
      // One neuron's spike to a row of cores and a column of cores, from several sources at once.
      for (NodeId source : {0U, 12U, 24U}) {
        network.inject(Packet{source, source, {1, 2, 3, 4, 10, 15, 20, 12}, 64}, 0);
      }
      (void)run_until_idle({&network});
      hops[fan_out] = network.statistics().flit_hops;
      network.publish(actions[fan_out]);
    }
    EXPECT_EQ(delivered[FanOut::kMulticast], delivered[FanOut::kUnicast]);
    EXPECT_EQ(delivered[FanOut::kMulticast].size(), 3U * 8U);
    EXPECT_LT(hops[FanOut::kMulticast], hops[FanOut::kUnicast]) << routing_name(routing);
    EXPECT_GT(actions[FanOut::kMulticast].get("noc.crossbar_fanout_flit"), 0U);
    EXPECT_EQ(actions[FanOut::kUnicast].get("noc.crossbar_fanout_flit"), 0U);
    EXPECT_EQ(actions[FanOut::kMulticast].get("noc.link_flit"), hops[FanOut::kMulticast]);
  }
}

TEST(NocFlow, AcceptedThroughputStaysWithinTheOfferedLoadAndTheBisectionBound) {
  // 8 x 8 uniform traffic: bisection bound 4/k = 0.5 flits/node/cycle. The rates run past saturation.
  const std::vector<double> rates = {0.05, 0.2, 0.35, 0.6, 0.9};
  NocConfig config;
  config.rows = 8;
  config.cols = 8;
  std::vector<std::unique_ptr<MeshNetwork>> meshes;
  std::vector<std::unique_ptr<TrafficSource>> sources;
  std::vector<hw::ClockedComponent*> components;
  const hw::Cycle warmup = 1000, end = 6000;
  for (const double rate : rates) {
    TrafficSpec spec;
    spec.rate_flits_per_node_cycle = rate;
    spec.payload_bits = 224;  // 4 flits with the 32-bit header
    spec.end_cycle = end;
    meshes.push_back(std::make_unique<MeshNetwork>(config, nullptr));
    meshes.back()->set_measurement_window(warmup, end);
    sources.push_back(std::make_unique<TrafficSource>(*meshes.back(), spec));
    sources.back()->set_measurement_window(warmup, end);
    components.push_back(sources.back().get());
    components.push_back(meshes.back().get());
  }
  (void)run_until_idle(components);
  TrafficSpec uniform;
  const ThroughputBounds bounds = throughput_bounds(meshes.front()->geometry(), uniform);
  EXPECT_DOUBLE_EQ(bounds.bisection, 0.5);
  const double node_cycles = 64.0 * static_cast<double>(end - warmup);
  for (std::size_t n = 0; n < rates.size(); ++n) {
    const double offered = static_cast<double>(sources[n]->flits_generated()) / node_cycles;
    const double accepted = meshes[n]->statistics().accepted_flits_per_node_cycle();
    // The window can end with a few more flits in flight than it began with, never many more
    // delivered than generated: allow 1 % for what was in flight at its start.
    EXPECT_LE(accepted, offered * 1.01) << "rate " << rates[n];
    EXPECT_LE(accepted, bounds.bisection) << "rate " << rates[n];
    if (rates[n] <= 0.2) EXPECT_NEAR(accepted, offered, 0.01 * offered) << "below saturation all is accepted";
  }
  // Past saturation the network still delivers: throughput does not collapse to zero.
  EXPECT_GT(meshes.back()->statistics().accepted_flits_per_node_cycle(), 0.2);
}

}  // namespace
}  // namespace spinaps::noc
