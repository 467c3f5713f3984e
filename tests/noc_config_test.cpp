// The mesh's configuration, energy data and scheduling contract: every "noc" key parses and a bad
// value names its key; the energy model covers every action the mesh publishes, reproduces the
// DSENT reference numbers at 45 nm and scales with the configuration; a tick on a cycle that is
// not busy changes nothing, and one clock domain that skips idle cycles and one that ticks every
// cycle give identical results (the only case here that starts a SystemC kernel).
#include <gtest/gtest.h>

#include <systemc>

#include "hw/common/clock_domain.h"
#include "hw/noc/mesh_network.h"
#include "hw/noc/noc_actions.h"
#include "hw/noc/noc_energy.h"
#include "hw/noc/traffic.h"

namespace spinaps::noc {
namespace {

NocConfig parse(const config::Json& json) { return parse_noc_config(config::ConfigNode(json, "chip.json", "noc")); }

std::string error_of(const config::Json& json) {
  try {
    (void)parse(json);
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(NocConfig, ParsesEveryKeyAndDefaultsTheOptionalOnes) {
  const NocConfig defaults = parse({{"mesh_rows", 3}, {"mesh_cols", 4}});
  EXPECT_EQ(defaults.nodes(), 12U);
  EXPECT_EQ(defaults.flit_bits, 64U);
  EXPECT_EQ(defaults.routing, Routing::kXY);
  EXPECT_EQ(defaults.fan_out, FanOut::kMulticast);
  const NocConfig full = parse({{"mesh_rows", 2},
                                {"mesh_cols", 8},
                                {"flit_bits", 128},
                                {"buffer_depth_flits", 8},
                                {"virtual_channels", 4},
                                {"router_pipeline_cycles", 3},
                                {"link_latency_cycles", 2},
                                {"routing", "west_first"},
                                {"fan_out", "unicast"},
                                {"header_bits", 40},
                                {"link_length_mm", 0.5}});
  EXPECT_EQ(full.cols, 8U);
  EXPECT_EQ(full.virtual_channels, 4U);
  EXPECT_EQ(full.routing, Routing::kWestFirst);
  EXPECT_EQ(full.fan_out, FanOut::kUnicast);
  EXPECT_EQ(full.header_bits, 40U);
  EXPECT_DOUBLE_EQ(full.link_length_mm, 0.5);
  // The default header must fit the head flit of a narrow mesh.
  EXPECT_EQ(parse({{"mesh_rows", 1}, {"mesh_cols", 2}, {"flit_bits", 16}}).header_bits, 16U);
}

TEST(NocConfig, BadValuesAreOneErrorNamingTheKey) {
  const config::Json base = {{"mesh_rows", 4}, {"mesh_cols", 4}};
  const std::vector<std::pair<std::string, config::Json>> bad = {
      {"mesh_rows", 0},           {"mesh_cols", 65},        {"flit_bits", 4},
      {"buffer_depth_flits", 0},  {"virtual_channels", 17}, {"router_pipeline_cycles", 0},
      {"link_latency_cycles", 0}, {"routing", "yx"},        {"fan_out", "broadcast"},
      {"header_bits", 65},        {"link_length_mm", -1.0}, {"mesh_colums", 4}};
  for (const auto& [key, value] : bad) {
    config::Json json = base;
    json[key] = value;
    const std::string message = error_of(json);
    EXPECT_NE(message.find("chip.json"), std::string::npos) << key << ": " << message;
    EXPECT_NE(message.find("noc." + key), std::string::npos) << key << ": " << message;
  }
  EXPECT_NE(error_of({{"mesh_cols", 4}}).find("noc.mesh_rows"), std::string::npos);
}

TEST(NocConfig, TheMeshRejectsBadStructsAndBadPackets) {
  NocConfig config;
  config.virtual_channels = 0;
  EXPECT_THROW(MeshNetwork(config, nullptr), std::invalid_argument);
  config = NocConfig{};
  config.rows = 2;
  config.cols = 2;
  MeshNetwork network(config, nullptr);
  EXPECT_THROW(network.inject(Packet{0, 4, {1}, 0}, 0), std::invalid_argument);     // no such source
  EXPECT_THROW(network.inject(Packet{0, 0, {}, 0}, 0), std::invalid_argument);      // nowhere to go
  EXPECT_THROW(network.inject(Packet{0, 0, {1, 9}, 0}, 0), std::invalid_argument);  // no such destination
  EXPECT_THROW(network.inject(Packet{0, 0, {1, 1}, 0}, 0), std::invalid_argument);  // listed twice
  EXPECT_TRUE(network.idle());
}

TEST(NocEnergy, EveryPublishedActionHasAnEnergyThatFollowsTheConfiguration) {
  const std::string data_dir = tech::default_data_dir();
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(data_dir, "node_scaling.json"));
  NocConfig config;
  config.rows = 4;
  config.cols = 4;
  tech::ParamLog log;
  const NocTechnology at45 = build_noc_technology(config, 45, data_dir, scaling, log);
  ASSERT_EQ(at45.actions.all().size(), noc_action_names().size());
  for (const std::string& action : noc_action_names()) {
    EXPECT_GT(at45.actions.energy_pj(action), 0.0) << action;
  }
  // At the reference node the 64-bit, 2 x 4-flit router gives DSENT's own numbers back (within the fit).
  EXPECT_NEAR(at45.actions.energy_pj(kActionCrossbar), 1.07367, 1e-4);
  EXPECT_NEAR(at45.actions.energy_pj(kActionBufferWrite), 1.67685, 0.05);
  EXPECT_NEAR(at45.actions.energy_pj(kActionBufferRead), 1.30953, 0.03);
  EXPECT_NEAR(at45.actions.energy_pj(kActionSwitchArbitration), 0.0138384 + 0.13333, 1e-6);
  EXPECT_NEAR(at45.actions.energy_pj(kActionLink), 0.0403620 * 64 * 1.0, 1e-6);
  EXPECT_NEAR(at45.router_area_mm2(), 3.1869e-2, 0.002);      // DSENT Router Area>>Active 3.1869e-8 m^2
  EXPECT_NEAR(at45.router.total_leakage_mw(), 8.88262, 0.1);  // DSENT NddPower>>Router:Leakage 8.88 mW
  EXPECT_GT(log.json().size(), 20U);
  for (const auto& [id, entry] : log.json().items()) {
    EXPECT_FALSE(entry["source"].get<std::string>().empty()) << id;
  }

  NocConfig wide = config;
  wide.flit_bits = 128;
  wide.link_length_mm = 2.0;
  tech::ParamLog wide_log;
  const NocTechnology wider = build_noc_technology(wide, 45, data_dir, scaling, wide_log);
  EXPECT_NEAR(wider.actions.energy_pj(kActionLink), 4.0 * at45.actions.energy_pj(kActionLink), 1e-9);
  EXPECT_GT(wider.actions.energy_pj(kActionBufferWrite), 1.9 * at45.actions.energy_pj(kActionBufferWrite));
  EXPECT_GT(wider.router_area_mm2(), 2.0 * at45.router_area_mm2());

  tech::ParamLog small_log;
  const NocTechnology at28 = build_noc_technology(config, 28, data_dir, scaling, small_log);
  EXPECT_NEAR(at28.actions.energy_pj(kActionCrossbar), at45.actions.energy_pj(kActionCrossbar) * scaling.energy(45, 28),
              1e-9);
  EXPECT_NEAR(at28.router_area_mm2(), at45.router_area_mm2() * scaling.area(45, 28), 1e-9);
  energy::ComponentTable mesh;
  add_mesh_components(at28, config, mesh);
  EXPECT_NEAR(mesh.total_area_mm2(), 16 * at28.router_area_mm2() + 48 * at28.link.total_area_mm2(), 1e-12);
  for (const energy::ComponentCost& part : mesh.all()) EXPECT_EQ(part.category, "noc") << part.component;
}

TEST(NocScheduling, ATickOnACycleThatIsNotBusyChangesNothing) {
  NocConfig config;
  config.rows = 3;
  config.cols = 3;
  MeshNetwork network(config, nullptr);
  network.tick(5);  // idle: nothing happens
  network.inject(Packet{1, 0, {8}, 100}, 10);
  EXPECT_EQ(network.next_busy_cycle(), 11U);
  network.tick(10);  // before the packet may move
  energy::ActionCounts before;
  network.publish(before);
  EXPECT_EQ(before.get(kActionBufferWrite), 0U);
  network.tick(11);
  energy::ActionCounts after;
  network.publish(after);
  EXPECT_EQ(after.get(kActionBufferWrite), 1U);  // the head flit entered the source router
  network.tick(11);                              // the same cycle again: already done
  energy::ActionCounts again;
  network.publish(again);
  EXPECT_TRUE(again == after);
}

struct ScheduledMesh {
  ScheduledMesh(const char* name, bool idle_skipping, hw::Cycle quantum, const TrafficSpec& spec)
      : domain(name, 1.0, idle_skipping, quantum), network(make_config(), nullptr), source(network, spec) {
    domain.add(source);
    domain.add(network);
  }
  static NocConfig make_config() {
    NocConfig config;
    config.rows = 4;
    config.cols = 4;
    config.routing = Routing::kWestFirst;
    return config;
  }
  hw::ClockDomain domain;
  MeshNetwork network;
  TrafficSource source;
};

TEST(NocScheduling, IdleSkippingAndTickingEveryCycleGiveIdenticalResults) {
  TrafficSpec spec;
  spec.rate_flits_per_node_cycle = 0.004;  // sparse: the mesh is often empty, so there are cycles to skip
  spec.payload_bits = 200;
  spec.end_cycle = 20000;
  ScheduledMesh skipping("skipping", true, 64, spec);
  ScheduledMesh every_cycle("every_cycle", false, 1, spec);
  sc_core::sc_start();
  EXPECT_EQ(skipping.network.statistics().to_json(), every_cycle.network.statistics().to_json());
  energy::ActionCounts a;
  energy::ActionCounts b;
  skipping.network.publish(a);
  every_cycle.network.publish(b);
  EXPECT_TRUE(a == b);
  EXPECT_GT(a.get(kActionLink), 0U);
  EXPECT_EQ(skipping.domain.statistics().last_cycle, every_cycle.domain.statistics().last_cycle);
}

}  // namespace
}  // namespace spinaps::noc
