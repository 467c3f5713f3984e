// The cycle timing documented in docs/architecture.md, checked on a case small enough to follow by
// hand: one active row, reads of 3 cycles, 2 MAC cycles per row, 2 firing cycles.
#include <gtest/gtest.h>

#include <systemc>

#include "tests/test_chip.h"

namespace spinaps {
namespace {

snn::QuantisedNetwork certain_network() {
  snn::QuantisedNetwork network;
  network.shape.inputs = 4;
  network.shape.outputs = 2;
  network.shape.basis_functions = 1;
  network.shape.feedback_basis_functions = 0;
  network.shape.window_steps = 2;
  network.shape.weight_bits = 4;
  network.shape.trace_bits = 4;
  network.shape.time_steps = 4;
  network.shape.input_max_spike_probability = 1.0;
  network.weight_lsb = 0.1;
  network.weights.assign(8, 0);
  network.bias = {1000000, -1000000};  // neuron 0 certainly fires, neuron 1 never
  snn::finalise_network(network, "timing test");
  return network;
}

TEST(CoreTiming, OneActiveRowFollowsTheDocumentedSchedule) {
  const snn::QuantisedNetwork network = certain_network();
  ASSERT_EQ(network.sigmoid.threshold.back(), 65536U);
  ASSERT_EQ(network.sigmoid.threshold.front(), 0U);
  data::ImageDataset images;
  images.rows = 1;
  images.cols = 4;
  images.pixels = {255, 0, 0, 0, 255, 0, 0, 0};  // input 0 spikes every step, the rest never
  images.labels = {0, 0};
  core::CoreConfig config;
  config.crossbar.rows = 8;
  config.crossbar.cols = 8;
  config.neuron.mac_lanes = 1;     // N*K = 2 MACs per row -> 2 cycles
  config.neuron.firing_lanes = 1;  // 2 neurons -> 2 firing cycles
  config.neuron.accumulator_bits = 32;
  config.read_cycles = 3;
  testing::TestChipOptions options;
  options.period_ns = 1.0;
  options.quantum = 1;
  testing::TestChip chip("chip", config, snn::single_layer(network), images, 2, options);
  sc_core::sc_start();

  const auto& records = chip.host.records();
  ASSERT_EQ(records.size(), 2U);
  // cycle 0 step start; 1 row 0 issued (data at 4); 4 MACs (free at 6); 6 fire (done 8); 8 decide.
  EXPECT_EQ(records[0].start_cycle, 0U);
  EXPECT_EQ(records[0].end_cycle, 8U);
  EXPECT_EQ(records[0].latency_cycles(), 9U);
  EXPECT_EQ(records[0].result.decision, 0U);
  EXPECT_EQ(records[0].result.decision_step, 1U);
  EXPECT_TRUE(records[0].result.decided_by_spike);
  // The next inference starts on the cycle after the decision.
  EXPECT_EQ(records[1].start_cycle, 9U);
  EXPECT_EQ(records[1].end_cycle, 17U);
  const energy::ActionCounts counts = chip.actions();
  EXPECT_EQ(counts.get("stt.row_activation"), 2U);
  EXPECT_EQ(counts.get("neuron.mac"), 4U);
  EXPECT_EQ(counts.get("rng.draw"), 4U);
  EXPECT_EQ(counts.get("control.active_cycle"), 18U);
}

}  // namespace
}  // namespace spinaps
