// The host loads the chip over TLM-2.0 before inference: every weight row of every core crosses the
// host interface (b_transport), the cells hold exactly the trained weights afterwards, loading
// time and traffic are counted apart, and inference starts only when loading is done.
#include <gtest/gtest.h>

#include <systemc>

#include "hw/chip/simulation.h"
#include "tools/report/golden_check.h"
#include "workloads/snn/weights_file.h"

namespace spinaps {
namespace {

TEST(HostInterface, LoadsEveryRowOfEveryCoreOverTlmBeforeInferenceStarts) {
  const chip::ChipConfig config =
      chip::load_chip_config(std::string(SPINAPS_SOURCE_DIR) + "/configs/spinaps_k4b8_5x5.json", {});
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits digits = data::load_bundled_mnist();
  const chip::SimulationResult result = chip::simulate(config, network, digits.test, 12, nullptr);

  std::uint64_t rows = 0, bits = 0;
  for (const chip::Partition& part : result.mapping.partitions) {
    rows += part.inputs;
    bits +=
        static_cast<std::uint64_t>(part.inputs) * part.neurons * config.snn.basis_functions * config.snn.weight_bits;
  }
  const chip::LoadingStatistics& loading = result.loading;
  EXPECT_EQ(loading.rows_written, rows);
  EXPECT_EQ(loading.bits_written, bits);
  EXPECT_EQ(bits, result.bits_programmed);
  // Seven role registers written and read back per core, one write per row, one start.
  EXPECT_EQ(loading.transactions, rows + 2 * chip::kCoreRegisterCount * result.mapping.partitions.size() + 1);
  // Rows of cores away from node 0 cross the NoC: hops are counted.
  EXPECT_GT(loading.noc_flit_hops, 0U);
  // Each row needs at least one write pulse: loading takes at least rows x write latency.
  EXPECT_GE(loading.time_ns, static_cast<double>(rows) * result.memory.write_latency_ns);
  ASSERT_EQ(result.inferences.size(), 12U);
  // The first input is streamed after the start: it reaches the input cores one transfer later.
  EXPECT_EQ(result.inferences.front().start_cycle, loading.start_cycle + result.streaming.input_transfer_cycles);
  EXPECT_GT(loading.start_cycle, 0U);
  // The cells hold the trained weights: the chip agrees with the golden model.
  EXPECT_TRUE(report::compare_with_golden(network, config.seed, digits.test, result.inferences).empty());
}

// The host streams every input through the input buffers and reads one decision per input back
// (simulate() checks each decision read against the chip's); the chip runs the inferences back to
// back, never starting one before its input is in the input cores.
TEST(HostInterface, StreamsEveryInputAndReadsEveryDecisionOverTlm) {
  const chip::ChipConfig config =
      chip::load_chip_config(std::string(SPINAPS_SOURCE_DIR) + "/configs/spinaps_k4b8_5x5.json", {});
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits digits = data::load_bundled_mnist();
  const std::size_t samples = 10;
  const chip::SimulationResult result = chip::simulate(config, network, digits.test, samples, nullptr);
  EXPECT_EQ(result.io.inputs_written, samples);
  EXPECT_EQ(result.io.decisions_read, samples);
  EXPECT_EQ(result.io.input_bytes, samples * 784);
  EXPECT_EQ(result.streaming.transactions, 2 * samples);
  // Every slice of every input crosses the mesh from node 0 to its layer-0 core.
  EXPECT_GT(result.streaming.input_flit_hops, 0U);
  ASSERT_EQ(result.inferences.size(), samples);
  for (std::size_t i = 0; i < samples; ++i) {
    EXPECT_EQ(result.inferences[i].sample_id, i);
    EXPECT_EQ(result.inferences[i].label, digits.test.labels[i]);
    if (i > 0) EXPECT_GT(result.inferences[i].start_cycle, result.inferences[i - 1].end_cycle);
  }
  EXPECT_TRUE(report::compare_with_golden(network, config.seed, digits.test, result.inferences).empty());
}

// With 8-bit flits an input vector takes longer to stream than an inference takes to run: the host
// port's bandwidth bounds the throughput and the chip waits for its inputs, which the report counts.
TEST(HostInterface, ANarrowHostPortStarvesTheChipAndTheWaitIsCounted) {
  const chip::ChipConfig config =
      chip::load_chip_config(std::string(SPINAPS_SOURCE_DIR) + "/configs/spinaps.json",
                             {"noc.mesh_rows=1", "noc.mesh_cols=1", "noc.flit_bits=8", "noc.header_bits=8"});
  const snn::LayeredNetwork network = snn::load_layered_network(config.snn.weights_file, config.snn);
  const data::DatasetSplits digits = data::load_bundled_mnist();
  const std::size_t samples = 8;
  const chip::SimulationResult result = chip::simulate(config, network, digits.test, samples, nullptr);
  const std::uint64_t flits_per_input = result.streaming.input_flits / samples;
  EXPECT_EQ(flits_per_input, 784U + 1U);  // one byte per flit plus the head flit
  ASSERT_EQ(result.inferences.size(), samples);
  hw::Cycle waited = 0;
  for (std::size_t i = 1; i < samples; ++i) {
    waited += result.inferences[i].start_cycle - result.inferences[i - 1].end_cycle - 1;
  }
  // One flit a cycle leaves the host port, and the first inference starts as soon as its input is
  // in: the last input cannot be in before (samples - 1) more vectors have left the port.
  EXPECT_GE(result.inferences.back().start_cycle - result.inferences.front().start_cycle,
            (samples - 1) * flits_per_input);
  EXPECT_GT(result.fabric.input_wait_cycles, 0U);
  EXPECT_EQ(result.fabric.input_wait_cycles, waited);
}

}  // namespace
}  // namespace spinaps
