// A core works out its row phase row by row (grant and MAC cycles from a closed schedule) unless the
// inference is traced, when it steps the row pipeline cycle by cycle and reports every read and MAC
// in cycle order. The cycle-by-cycle pipeline is the reference: two chips built side by side in one
// kernel, one tracing every inference and one tracing none, must agree on every inference's start
// and end cycle, its result and counts, every action count of every core and the mesh's statistics,
// whatever the read-buffer depth, read latency, MAC lanes and mapping.
#include <gtest/gtest.h>

#include <systemc>

#include "hw/core/trace_sink.h"
#include "tests/test_chip.h"
#include "tests/test_networks.h"

namespace spinaps {
namespace {

/// Asks for every inference and ignores what it is told: only to switch the reference path on.
class TraceEverything : public core::TraceSink {
 public:
  bool begin_inference(std::uint64_t /*sample_id*/, hw::Cycle /*start*/) override {
    ++inferences_;
    return true;
  }
  void phase(core::CorePhase /*phase*/, std::uint32_t /*step*/, hw::Cycle /*first*/, hw::Cycle /*end*/) override {}
  void row_read(std::uint32_t /*row*/, std::uint32_t /*row_group*/, hw::Cycle /*issue*/, hw::Cycle /*ready*/) override {
    ++row_reads_;
  }
  void row_mac(std::uint32_t /*row*/, hw::Cycle /*start*/, hw::Cycle /*end*/) override {}
  void neuron_fired(std::uint32_t /*neuron*/, std::uint32_t /*step*/, hw::Cycle /*cycle*/) override {}
  void end_inference(std::uint64_t /*sample_id*/, std::uint32_t /*decision*/, std::uint32_t /*decision_step*/,
                     hw::Cycle /*start*/, hw::Cycle /*end*/) override {}
  TraceSink* core_sink(std::uint32_t /*partition*/, const std::string& /*label*/) override { return this; }
  [[nodiscard]] std::uint64_t inferences() const { return inferences_; }
  [[nodiscard]] std::uint64_t row_reads() const { return row_reads_; }

 private:
  std::uint64_t inferences_ = 0;
  std::uint64_t row_reads_ = 0;
};

struct RowScheduleCase {
  const char* name;
  std::vector<std::uint32_t> layers;  ///< inputs, hidden..., outputs
  std::uint32_t kernels, weight_bits;
  std::uint32_t rows, cols, read_buffer_depth, read_cycles, mac_lanes;
  std::uint32_t mesh_rows, mesh_cols;  ///< 1 x 1: automatic geometry, else one subarray per core
};

void PrintTo(const RowScheduleCase& c, std::ostream* out) { *out << c.name; }

class RowSchedule : public ::testing::TestWithParam<RowScheduleCase> {};

TEST_P(RowSchedule, WithoutTracingGivesTheCycleByCycleReferenceRun) {
  const RowScheduleCase& c = GetParam();
  const snn::SnnConfig shape = testing::layered_shape(c.layers, c.kernels, c.weight_bits, 12, true);
  const snn::LayeredNetwork network = testing::make_random_layered_network(shape, 17);
  const data::ImageDataset images = testing::make_random_images(shape.inputs, 30, 8);

  core::CoreConfig config = testing::test_core(c.rows, c.cols, 5);
  config.crossbar.read_buffer_depth = c.read_buffer_depth;
  config.neuron.mac_lanes = c.mac_lanes;
  config.read_cycles = c.read_cycles;
  testing::TestChipOptions options;
  if (c.mesh_rows * c.mesh_cols > 1) {
    options.geometry.automatic = false;
    options.noc.rows = c.mesh_rows;
    options.noc.cols = c.mesh_cols;
  }
  TraceEverything trace;
  core::CoreConfig traced_config = config;
  traced_config.trace = &trace;
  testing::TestChip reference("reference", traced_config, network, images, images.size(), options);
  testing::TestChip row_by_row("row_by_row", config, network, images, images.size(), options);
  sc_core::sc_start();

  EXPECT_EQ(trace.inferences(), images.size());
  EXPECT_GT(trace.row_reads(), images.size()) << "the reference path must really have run";
  const auto& expected = reference.host.records();
  const auto& actual = row_by_row.host.records();
  ASSERT_EQ(expected.size(), images.size());
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(actual[n].start_cycle, expected[n].start_cycle) << "inference " << n;
    EXPECT_EQ(actual[n].end_cycle, expected[n].end_cycle) << "inference " << n;
    EXPECT_EQ(actual[n].result.decision, expected[n].result.decision) << "inference " << n;
    EXPECT_EQ(actual[n].result.steps_run, expected[n].result.steps_run) << "inference " << n;
    EXPECT_EQ(actual[n].result.counts.synapse_macs, expected[n].result.counts.synapse_macs) << "inference " << n;
    EXPECT_EQ(actual[n].result.counts.active_rows, expected[n].result.counts.active_rows) << "inference " << n;
  }
  EXPECT_TRUE(row_by_row.actions() == reference.actions());
  EXPECT_EQ(row_by_row.fabric.mesh().statistics().to_json(), reference.fabric.mesh().statistics().to_json());
  EXPECT_EQ(row_by_row.fabric.statistics().barrier_wait_cycles, reference.fabric.statistics().barrier_wait_cycles);
}

INSTANTIATE_TEST_SUITE_P(
    Pipelines, RowSchedule,
    ::testing::Values(RowScheduleCase{"one_core_depth2_read2", {200, 10}, 2, 4, 64, 64, 2, 2, 16, 1, 1},
                      RowScheduleCase{"one_core_depth1_read3_two_lanes", {150, 8}, 2, 4, 64, 32, 1, 3, 2, 1, 1},
                      RowScheduleCase{"one_core_depth4_read1_one_lane", {120, 6}, 4, 8, 32, 128, 4, 1, 1, 1, 1},
                      RowScheduleCase{"one_core_deep_buffer_slow_reads", {100, 12}, 1, 6, 32, 64, 6, 5, 8, 1, 1},
                      RowScheduleCase{"row_groups_read_bound_buffer", {150, 8}, 2, 4, 32, 64, 2, 4, 16, 1, 1},
                      RowScheduleCase{"mesh_rows_split_two_layers", {160, 30, 6}, 2, 4, 64, 128, 2, 2, 4, 3, 3},
                      RowScheduleCase{"mesh_k4b8", {200, 10}, 4, 8, 128, 128, 2, 1, 16, 3, 3}),
    [](const ::testing::TestParamInfo<RowScheduleCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace spinaps
