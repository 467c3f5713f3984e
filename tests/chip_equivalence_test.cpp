// The multi-core chip must produce the golden model's spikes (output and hidden), decisions and
// operation counts for any mapping, mesh size, placement, routing and fan-out; only timing and
// energy may change. Layers that exceed one core are split by rows (partial sums cross the NoC)
// and by columns.
#include <gtest/gtest.h>

#include <systemc>

#include "tests/test_chip.h"
#include "tests/test_networks.h"
#include "tools/report/golden_check.h"

namespace spinaps {
namespace {

struct ChipCase {
  const char* name;
  std::vector<std::uint32_t> layers;  ///< inputs, hidden..., outputs
  std::uint32_t kernels, weight_bits, time_steps;
  bool early_stop;
  std::uint32_t rows, cols, row_subarrays, column_subarrays, mesh_rows, mesh_cols;
  chip::Placement placement;
  noc::Routing routing;
  noc::FanOut fan_out;
  std::uint32_t min_partitions;  ///< the case must really split (guards against a vacuous pass)
};

void PrintTo(const ChipCase& c, std::ostream* out) { *out << c.name; }

class ChipEquivalence : public ::testing::TestWithParam<ChipCase> {};

TEST_P(ChipEquivalence, SpikesDecisionsAndCountsMatchTheGoldenModel) {
  const ChipCase& c = GetParam();
  const snn::SnnConfig shape = testing::layered_shape(c.layers, c.kernels, c.weight_bits, c.time_steps, c.early_stop);
  const snn::LayeredNetwork network = testing::make_random_layered_network(shape, 21);
  const data::ImageDataset images = testing::make_random_images(shape.inputs, 40, 3);

  core::CoreConfig config = testing::test_core(c.rows, c.cols, 99);
  config.read_cycles = 2;
  testing::TestChipOptions options;
  options.geometry.automatic = false;
  options.geometry.row_subarrays = c.row_subarrays;
  options.geometry.column_subarrays = c.column_subarrays;
  options.noc.rows = c.mesh_rows;
  options.noc.cols = c.mesh_cols;
  options.noc.routing = c.routing;
  options.noc.fan_out = c.fan_out;
  options.placement = c.placement;
  testing::TestChip chip("chip", config, network, images, images.size(), options);
  ASSERT_GE(chip.mapping.partitions.size(), c.min_partitions);
  sc_core::sc_start();

  const auto& records = chip.host.records();
  ASSERT_EQ(records.size(), images.size()) << chip.fabric.mesh().statistics().to_json().dump();
  const auto differences = report::compare_with_golden(network, config.seed, images, records);
  EXPECT_TRUE(differences.empty()) << differences.size() << " differ, first: " << differences.front();
  std::uint64_t hidden = 0, outputs = 0;
  for (const auto& record : records) {
    hidden += record.result.counts.hidden_spikes;
    outputs += record.result.counts.output_spikes;
  }
  EXPECT_GT(outputs, 0U);
  if (c.layers.size() > 2) EXPECT_GT(hidden, 0U);
  // Work crossed the NoC whenever the network spans several cores.
  const noc::NocStatistics traffic = chip.fabric.mesh().statistics();
  if (chip.mapping.partitions.size() > 1) EXPECT_GT(traffic.packets_injected, 0U);
}

using chip::Placement;
using noc::FanOut;
using noc::Routing;
INSTANTIATE_TEST_SUITE_P(
    Mappings, ChipEquivalence,
    ::testing::Values(ChipCase{"two_layers_one_core_each",
                               {120, 24, 6},
                               2,
                               4,
                               10,
                               true,
                               128,
                               64,
                               1,
                               1,
                               2,
                               2,
                               Placement::kNaive,
                               Routing::kXY,
                               FanOut::kMulticast,
                               2},
                      ChipCase{"hidden_split_by_rows_and_columns",
                               {150, 40, 6},
                               2,
                               4,
                               10,
                               true,
                               64,
                               64,
                               1,
                               1,
                               4,
                               4,
                               Placement::kNaive,
                               Routing::kXY,
                               FanOut::kMulticast,
                               10},
                      ChipCase{"traffic_aware_unicast_west_first",
                               {150, 40, 6},
                               2,
                               4,
                               10,
                               false,
                               64,
                               64,
                               1,
                               1,
                               4,
                               4,
                               Placement::kTrafficAware,
                               Routing::kWestFirst,
                               FanOut::kUnicast,
                               10},
                      ChipCase{"three_layers",
                               {100, 30, 20, 5},
                               2,
                               4,
                               12,
                               false,
                               64,
                               64,
                               1,
                               1,
                               4,
                               4,
                               Placement::kTrafficAware,
                               Routing::kXY,
                               FanOut::kMulticast,
                               6},
                      // The example: one layer too large for a 128x128 crossbar (K=4, 8-bit weights):
                      // 7 row blocks x 3 column blocks, partial sums crossing the NoC.
                      ChipCase{"single_layer_k4_b8_on_128x128",
                               {784, 10},
                               4,
                               8,
                               8,
                               true,
                               128,
                               128,
                               1,
                               1,
                               5,
                               5,
                               Placement::kNaive,
                               Routing::kXY,
                               FanOut::kMulticast,
                               21}));

TEST(ChipMapping, TheSameNetworkGivesTheSameResultsOnEveryMeshOnlyTimingChanges) {
  snn::SnnConfig shape;
  shape.inputs = 150;
  shape.hidden_layers = {40};
  shape.outputs = 6;
  shape.time_steps = 10;
  shape.input_max_spike_probability = 0.6;
  const snn::LayeredNetwork network = testing::make_random_layered_network(shape, 5);
  const data::ImageDataset images = testing::make_random_images(shape.inputs, 20, 4);
  const core::CoreConfig config = testing::test_core(64, 64, 3);
  testing::TestChipOptions one_core;  // automatic geometry: one core per layer, 1 x 2 mesh
  one_core.noc.cols = 2;
  testing::TestChipOptions split;
  split.geometry.automatic = false;
  split.noc.rows = 4;
  split.noc.cols = 4;
  testing::TestChip a("a", config, network, images, images.size(), one_core);
  testing::TestChip b("b", config, network, images, images.size(), split);
  sc_core::sc_start();
  ASSERT_EQ(a.host.records().size(), b.host.records().size());
  hw::Cycle cycles_a = 0, cycles_b = 0;
  for (std::size_t n = 0; n < a.host.records().size(); ++n) {
    const auto& ra = a.host.records()[n].result;
    const auto& rb = b.host.records()[n].result;
    EXPECT_EQ(ra.decision, rb.decision);
    EXPECT_TRUE(ra.spikes == rb.spikes);
    EXPECT_EQ(ra.hidden_spike_digest, rb.hidden_spike_digest);
    EXPECT_TRUE(ra.counts == rb.counts);
    cycles_a += a.host.records()[n].latency_cycles();
    cycles_b += b.host.records()[n].latency_cycles();
  }
  EXPECT_NE(cycles_a, cycles_b);
}

TEST(ChipMapping, TooFewCoresForTheMappingIsAClearConfigurationError) {
  chip::MappingInputs inputs;
  inputs.snn.inputs = 784;
  inputs.snn.outputs = 10;
  inputs.snn.basis_functions = 4;
  inputs.snn.weight_bits = 8;
  inputs.crossbar.rows = 128;
  inputs.crossbar.cols = 128;
  inputs.core.automatic = false;
  inputs.mesh_rows = 2;
  inputs.mesh_cols = 2;
  inputs.config_file = "chip.json";
  try {
    (void)chip::map_network(inputs);
    FAIL() << "expected a configuration error";
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.file(), "chip.json");
    EXPECT_EQ(error.key(), "noc.mesh_rows");
    EXPECT_NE(std::string(error.what()).find("needs 21"), std::string::npos) << error.what();
  }
}

TEST(ChipMapping, TrafficAwarePlacementNeverCostsMoreThanNaive) {
  chip::MappingInputs inputs;
  inputs.snn.inputs = 784;
  inputs.snn.hidden_layers = {500};
  inputs.snn.outputs = 10;
  inputs.crossbar.rows = 256;
  inputs.crossbar.cols = 256;
  inputs.core.automatic = false;
  inputs.core.row_subarrays = 1;
  inputs.mesh_rows = 9;
  inputs.mesh_cols = 9;
  const chip::Mapping naive = chip::map_network(inputs);
  inputs.placement = chip::Placement::kTrafficAware;
  const chip::Mapping aware = chip::map_network(inputs);
  ASSERT_EQ(naive.partitions.size(), aware.partitions.size());
  EXPECT_LT(aware.weighted_hops_per_step, naive.weighted_hops_per_step);
  // A valid placement: one partition per node.
  std::vector<int> used(81, 0);
  for (const auto& part : aware.partitions) EXPECT_EQ(++used.at(part.node), 1);
}

}  // namespace
}  // namespace spinaps

namespace spinaps {
namespace {

TEST(ChipFanOut, MulticastSpikesCrossFewerLinksThanUnicastCopiesWithIdenticalResults) {
  // 100-30-20-5 on 64x64 subarrays, one per core: the 20-neuron layer has 3 column blocks, so
  // every spike of the 30-neuron layer goes to 3 cores.
  snn::SnnConfig shape;
  shape.inputs = 100;
  shape.hidden_layers = {30, 20};
  shape.outputs = 5;
  shape.time_steps = 12;
  shape.early_stop = false;
  shape.input_max_spike_probability = 0.6;
  const snn::LayeredNetwork network = testing::make_random_layered_network(shape, 8);
  const data::ImageDataset images = testing::make_random_images(shape.inputs, 20, 6);
  const core::CoreConfig config = testing::test_core(64, 64, 12);
  testing::TestChipOptions options;
  options.geometry.automatic = false;
  options.noc.rows = 4;
  options.noc.cols = 4;
  options.noc.fan_out = noc::FanOut::kMulticast;
  testing::TestChip multicast("multicast", config, network, images, images.size(), options);
  options.noc.fan_out = noc::FanOut::kUnicast;
  testing::TestChip unicast("unicast", config, network, images, images.size(), options);
  sc_core::sc_start();
  ASSERT_EQ(multicast.host.records().size(), unicast.host.records().size());
  for (std::size_t n = 0; n < multicast.host.records().size(); ++n) {
    EXPECT_EQ(multicast.host.records()[n].result.decision, unicast.host.records()[n].result.decision);
    EXPECT_EQ(multicast.host.records()[n].result.hidden_spike_digest,
              unicast.host.records()[n].result.hidden_spike_digest);
  }
  const noc::NocStatistics tree = multicast.fabric.mesh().statistics();
  const noc::NocStatistics copies = unicast.fabric.mesh().statistics();
  EXPECT_EQ(tree.deliveries, copies.deliveries);  // every core gets every spike it needs
  EXPECT_LT(tree.flit_hops, copies.flit_hops);
  EXPECT_LT(tree.flits_injected, copies.flits_injected);
}

}  // namespace
}  // namespace spinaps
