// Idle skipping must be cycle-exact: a core scheduled by "jump to the next busy cycle" and the same
// core ticked on every cycle (debug mode) give identical cycles, spikes and action counts; so do
// different temporal-decoupling quanta.
#include <gtest/gtest.h>

#include <systemc>

#include "tests/test_chip.h"
#include "tests/test_networks.h"

namespace spinaps {
namespace {

struct ScheduledCore {
  ScheduledCore(const char* name, const snn::QuantisedNetwork& network, const data::ImageDataset& images,
                bool idle_skipping, hw::Cycle quantum, std::uint32_t read_cycles)
      : layered(snn::single_layer(network)),
        chip(name, make_config(read_cycles), layered, images, images.size(), options(idle_skipping, quantum)),
        host(chip.host),
        domain(chip.domain) {}
  static testing::TestChipOptions options(bool idle_skipping, hw::Cycle quantum) {
    testing::TestChipOptions options;
    options.idle_skipping = idle_skipping;
    options.quantum = quantum;
    return options;
  }
  static core::CoreConfig make_config(std::uint32_t read_cycles) {
    core::CoreConfig config;
    config.crossbar.rows = 128;
    config.crossbar.cols = 64;
    config.crossbar.read_buffer_depth = 2;
    config.neuron.mac_lanes = 4;
    config.neuron.firing_lanes = 2;
    config.neuron.accumulator_bits = 32;
    config.read_cycles = read_cycles;  // slow reads leave the MAC lanes idle: cycles to skip
    config.seed = 77;
    return config;
  }
  snn::LayeredNetwork layered;
  testing::TestChip chip;
  chip::DatasetHost& host;
  hw::ClockDomain& domain;
};

snn::QuantisedNetwork test_network() {
  snn::SnnConfig shape;
  shape.inputs = 300;
  shape.outputs = 10;
  shape.time_steps = 10;
  shape.input_max_spike_probability = 0.3;
  return testing::make_random_network(shape, 3);
}

void expect_identical(ScheduledCore& a, ScheduledCore& b) {
  const auto& ra = a.host.records();
  const auto& rb = b.host.records();
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t n = 0; n < ra.size(); ++n) {
    EXPECT_EQ(ra[n].start_cycle, rb[n].start_cycle) << "inference " << n;
    EXPECT_EQ(ra[n].end_cycle, rb[n].end_cycle) << "inference " << n;
    EXPECT_EQ(ra[n].result.decision, rb[n].result.decision);
    EXPECT_TRUE(ra[n].result.spikes == rb[n].result.spikes);
    EXPECT_TRUE(ra[n].result.counts == rb[n].result.counts);
  }
  energy::ActionCounts ca;
  energy::ActionCounts cb;
  ca = a.chip.actions();
  cb = b.chip.actions();
  EXPECT_TRUE(ca == cb);
}

TEST(Scheduler, IdleSkippingGivesTheSameCyclesAndCountsAsTickingEveryCycle) {
  const snn::QuantisedNetwork network = test_network();
  const data::ImageDataset images = testing::make_random_images(300, 25, 4);
  ScheduledCore skipping("skipping", network, images, true, 1, 7);
  ScheduledCore every_cycle("every_cycle", network, images, false, 1, 7);
  sc_core::sc_start();
  expect_identical(skipping, every_cycle);
  // The debug mode really ticked more cycles: otherwise this test would prove nothing.
  EXPECT_GT(every_cycle.domain.statistics().ticked_cycles, skipping.domain.statistics().ticked_cycles);
  EXPECT_EQ(every_cycle.domain.statistics().last_cycle, skipping.domain.statistics().last_cycle);
}

TEST(Scheduler, TemporalDecouplingQuantumDoesNotChangeResults) {
  const snn::QuantisedNetwork network = test_network();
  const data::ImageDataset images = testing::make_random_images(300, 25, 6);
  ScheduledCore strict("strict", network, images, true, 1, 3);
  ScheduledCore decoupled("decoupled", network, images, true, 100000, 3);
  sc_core::sc_start();
  expect_identical(strict, decoupled);
  EXPECT_GT(strict.domain.statistics().activations, decoupled.domain.statistics().activations);
}

TEST(Scheduler, SystemCTimeEndsAtTheLastBusyCycle) {
  const snn::QuantisedNetwork network = test_network();
  const data::ImageDataset images = testing::make_random_images(300, 5, 8);
  ScheduledCore strict("strict", network, images, true, 1, 2);
  sc_core::sc_start();
  const double period_ns = 2.0;
  EXPECT_DOUBLE_EQ(sc_core::sc_time_stamp().to_seconds() * 1e9,
                   static_cast<double>(strict.domain.statistics().last_cycle) * period_ns);
}

}  // namespace
}  // namespace spinaps
