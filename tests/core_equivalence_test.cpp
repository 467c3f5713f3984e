// The cycle-accurate SystemC core and the functional golden model must agree exactly: the same
// output spikes, decisions and operation counts for the same seed, over many samples and several
// configurations (crossbar size, bits per weight, K, T, lanes, early stop on and off).
#include <gtest/gtest.h>

#include <systemc>

#include "tests/test_chip.h"
#include "tests/test_networks.h"
#include "tools/report/golden_check.h"
#include "workloads/snn/golden_model.h"

namespace spinaps {
namespace {

struct EquivalenceCase {
  const char* name;
  std::uint32_t inputs, outputs, kernels, window_steps, weight_bits, time_steps;
  bool early_stop;
  std::uint32_t rows, cols, mac_lanes, firing_lanes, read_buffer_depth, read_cycles;
};

// Test names show the case's name, not a byte dump.
void PrintTo(const EquivalenceCase& c, std::ostream* out) { *out << c.name; }

class CoreEquivalence : public ::testing::TestWithParam<EquivalenceCase> {};

TEST_P(CoreEquivalence, SpikesDecisionsAndCountsMatchTheGoldenModel) {
  const EquivalenceCase& c = GetParam();
  snn::SnnConfig shape;
  shape.inputs = c.inputs;
  shape.outputs = c.outputs;
  shape.basis_functions = c.kernels;
  shape.feedback_basis_functions = 1;
  shape.window_steps = c.window_steps;
  shape.weight_bits = c.weight_bits;
  shape.trace_bits = 4;
  shape.time_steps = c.time_steps;
  shape.early_stop = c.early_stop;
  shape.input_max_spike_probability = 0.6;
  const snn::QuantisedNetwork network = testing::make_random_network(shape, 5);
  const data::ImageDataset images = testing::make_random_images(c.inputs, 80, 9);

  core::CoreConfig config = testing::test_core(c.rows, c.cols, 1234);
  config.crossbar.read_buffer_depth = c.read_buffer_depth;
  config.neuron.mac_lanes = c.mac_lanes;
  config.neuron.firing_lanes = c.firing_lanes;
  config.read_cycles = c.read_cycles;
  const snn::LayeredNetwork layered = snn::single_layer(network);
  testing::TestChip chip("chip", config, layered, images, images.size());
  sc_core::sc_start();

  const auto& records = chip.host.records();
  ASSERT_EQ(records.size(), images.size());
  const auto differences = report::compare_with_golden(layered, config.seed, images, records);
  EXPECT_TRUE(differences.empty()) << differences.size() << " differ, first: " << differences.front();
  // The comparison is only meaningful if both decision paths and real work occurred.
  std::size_t by_spike = 0;
  std::uint64_t macs = 0;
  for (const auto& record : records) {
    by_spike += record.result.decided_by_spike ? 1 : 0;
    macs += record.result.counts.synapse_macs;
    EXPECT_GT(record.end_cycle, record.start_cycle);
  }
  EXPECT_GT(by_spike, 0U);
  EXPECT_GT(macs, 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Configurations, CoreEquivalence,
    ::testing::Values(EquivalenceCase{"default_like", 784, 10, 2, 4, 4, 16, true, 256, 256, 16, 4, 2, 2},
                      EquivalenceCase{"small_crossbar_column_split", 200, 12, 2, 4, 4, 12, true, 64, 32, 8, 2, 3, 1},
                      EquivalenceCase{"eight_bit_weights_k3", 150, 10, 3, 5, 8, 10, true, 128, 256, 4, 1, 1, 3},
                      EquivalenceCase{"two_bit_weights_k1", 100, 6, 1, 3, 2, 8, true, 32, 64, 1, 6, 4, 2},
                      EquivalenceCase{"no_early_stop_feedback", 120, 8, 2, 4, 4, 12, false, 64, 64, 16, 8, 2, 2},
                      EquivalenceCase{"long_window_t32", 64, 4, 4, 8, 6, 32, true, 256, 128, 32, 4, 2, 5}),
    [](const ::testing::TestParamInfo<EquivalenceCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace spinaps
