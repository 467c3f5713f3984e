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
  EXPECT_GE(loading.time_ns, static_cast<double>(rows) * result.technology.stt_write_latency_ns);
  ASSERT_EQ(result.inferences.size(), 12U);
  EXPECT_EQ(result.inferences.front().start_cycle, loading.start_cycle);
  EXPECT_GT(loading.start_cycle, 0U);
  // The cells hold the trained weights: the chip agrees with the golden model.
  EXPECT_TRUE(report::compare_with_golden(network, config.seed, digits.test, result.inferences).empty());
}

}  // namespace
}  // namespace spinaps
