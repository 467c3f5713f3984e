// The memristive CNN accelerator (hw/cnn_accel): the plan's tile counts and replication, the tile
// numerics against the float reference (ideal devices match within rounding; realistic ones show
// their error), the cycle-level pipeline against the functional golden model (bit-identical outputs
// and action counts, across mesh transfers, partial sums and copies), and the input queue under a
// detector stream below and above capacity. One SystemC kernel per process: each test that runs the
// SystemC model runs it once.
#include <gtest/gtest.h>

#include <cmath>

#include "hw/cnn_accel/accelerator_simulation.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_actions.h"
#include "workloads/cnn/graph_builder.h"
#include "workloads/cnn/reference_inference.h"

namespace spinaps::cnn_accel {
namespace {

/// x [1,1,16,16] -> Conv 1->4 -> Relu -> MaxPool 2 -> Conv 4->8 -> Relu -> Upsample x2 -> Conv 8->1 -> Tanh.
cnn::Graph small_network() {
  cnn::GraphBuilder builder("small test network", 7);
  std::string x = builder.input("x", {1, 1, 16, 16});
  x = builder.conv(x, 1, 4, 3, 1, "conv_1");
  x = builder.unary(cnn::OpKind::kRelu, x, "relu_1");
  x = builder.max_pool(x, 2, "pool_1");
  x = builder.conv(x, 4, 8, 3, 1, "conv_2");
  x = builder.unary(cnn::OpKind::kRelu, x, "relu_2");
  x = builder.upsample_nearest(x, 2, "up_1");
  x = builder.conv(x, 8, 1, 3, 1, "conv_3");
  x = builder.unary(cnn::OpKind::kTanh, x, "y");
  return builder.finish({x});
}

cnn::TensorMap frame(std::uint64_t index) {
  cnn::Tensor tensor;
  tensor.shape = {1, 1, 16, 16};
  for (int i = 0; i < 256; ++i) {
    tensor.values.push_back(static_cast<float>(std::fabs(std::sin(0.37 * i + 1.3 * static_cast<double>(index)))));
  }
  return {{"x", tensor}};
}

/// A config document: a 3x3 mesh of small tiles so that layers span several tiles and nodes.
config::Json config_document() {
  return config::Json::parse(R"({
    "accelerator": "memristive_cnn", "name": "test", "seed": 3, "clock": {"frequency_mhz": 1000},
    "technology": {"node_nm": 32}, "workload": {"model": "built-in test network", "frames": 3},
    "device": {"name": "rram_neurram_wan2022", "levels": 16},
    "tile": {"rows": 16, "cols": 16, "weight_bits": 8, "input_bits": 8, "dac_bits": 1, "adc_bits": 8,
             "adcs_per_tile": 4},
    "node": {"tiles_per_node": 2, "digital_lanes": 4, "buffer_bytes": 4096},
    "mapping": {"replication": "balanced", "max_replication": 4, "calibration_frames": 1},
    "noc": {"mesh_rows": 3, "mesh_cols": 3, "flit_bits": 64}
  })");
}

AcceleratorConfig make_config(const config::Json& document) { return parse_accelerator_config(document, "test.json"); }

double relative_error(const cnn::Tensor& a, const cnn::Tensor& reference) {
  double error = 0.0, norm = 0.0;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const double d = static_cast<double>(a.values[i]) - reference.values[i];
    error += d * d;
    norm += static_cast<double>(reference.values[i]) * reference.values[i];
  }
  return std::sqrt(error / norm);
}

/// Relative error of the tile-computed output of frame 0 against the float reference, with the input
/// quantisers calibrated on `calibration` (frame 0 itself: no activation exceeds its scale).
double functional_error(const config::Json& document, std::uint64_t calibration = 99) {
  const cnn::Graph graph = small_network();
  const AcceleratorConfig config = make_config(document);
  const AcceleratorPlan plan = plan_accelerator(graph, config, UnitTiming{});
  const TileNetwork network(graph, config, plan, {frame(calibration)});
  std::vector<UnitCounts> counts;
  const cnn::TensorMap outputs = network.run_functional(0, frame(0), counts);
  const cnn::TensorMap reference = cnn::run_reference(graph, frame(0));
  return relative_error(outputs.at("y"), reference.at("y"));
}

TEST(CnnAccelerator, PlanCutsLayersIntoTilesAndReplicatesTheSlowest) {
  const cnn::Graph graph = small_network();
  config::Json document = config_document();
  document["mapping"]["replication"] = "none";
  const AcceleratorPlan plain = plan_accelerator(graph, make_config(document), UnitTiming{});
  // 16 levels hold an 8-bit weight in 2 slices: 16 columns / (2 x 2) = 4 logical columns per tile.
  const UnitPlan& conv_2 = plain.units[3];
  ASSERT_EQ(conv_2.name, "conv_2");
  EXPECT_EQ(conv_2.k, 36);
  EXPECT_EQ(conv_2.m, 8);
  EXPECT_EQ(conv_2.slices, 2U);
  EXPECT_EQ(conv_2.row_chunks, 3);     // ceil(36 / 16)
  EXPECT_EQ(conv_2.column_chunks, 2);  // ceil(8 / 4)
  EXPECT_EQ(conv_2.tiles_per_copy, 6);
  EXPECT_EQ(plain.tiles_used, 1 + 6 + 5);  // conv_1: 9 x 4 in one tile; conv_3: 72 x 1 in 5
  EXPECT_DOUBLE_EQ(conv_2.utilisation, 2.0 * 2 * 36 * 8 / (6.0 * 16 * 16));

  const AcceleratorPlan balanced = plan_accelerator(graph, make_config(config_document()), UnitTiming{});
  EXPECT_GT(balanced.tiles_used, plain.tiles_used);
  EXPECT_LE(balanced.tiles_used, balanced.tile_capacity);
  EXPECT_LT(balanced.bottleneck_cycles_per_frame(), plain.bottleneck_cycles_per_frame());
  for (const UnitPlan& unit : balanced.units) EXPECT_LE(unit.copies, 4U) << unit.name;
}

TEST(CnnAccelerator, TooSmallAMeshIsRefusedWithTheTileCount) {
  config::Json document = config_document();
  document["noc"]["mesh_rows"] = 1;
  document["noc"]["mesh_cols"] = 2;
  document["node"]["tiles_per_node"] = 1;
  try {
    (void)plan_accelerator(small_network(), make_config(document), UnitTiming{});
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("needs 12 tiles"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("test.json"), std::string::npos) << error.what();
  }
}

TEST(CnnAccelerator, IdealDevicesAndHighResolutionMatchTheFloatReference) {
  config::Json document = config_document();
  // An analog device written exactly, 16-bit weights and inputs, 24-bit ADCs: only rounding is left.
  document["device"] = {{"name", "rram_neurram_wan2022"}, {"programming_sigma_us", 0.0}};
  document["tile"]["weight_bits"] = 16;
  document["tile"]["input_bits"] = 16;
  document["tile"]["adc_bits"] = 24;
  EXPECT_LT(functional_error(document, 0), 1e-4);
}

TEST(CnnAccelerator, RealisticDevicesShowTheirErrorAndFewerAdcBitsWorsenIt) {
  const double realistic = functional_error(config_document());
  EXPECT_GT(realistic, 1e-3);
  EXPECT_LT(realistic, 1.0);
  config::Json coarse = config_document();
  coarse["tile"]["adc_bits"] = 4;
  EXPECT_GT(functional_error(coarse), realistic);
}

/// Frame 0's outputs and the device fault counts of a config.
std::pair<cnn::TensorMap, DeviceFaultCounts> functional_run(const config::Json& document) {
  const cnn::Graph graph = small_network();
  const AcceleratorConfig config = make_config(document);
  const AcceleratorPlan plan = plan_accelerator(graph, config, UnitTiming{});
  const TileNetwork network(graph, config, plan, {frame(99)});
  std::vector<UnitCounts> counts;
  return {network.run_functional(0, frame(0), counts), network.fault_counts()};
}

TEST(CnnAccelerator, ZeroFaultRatesChangeNothing) {
  config::Json faultless = config_document();
  faultless["device"]["stuck_at_gmin_rate"] = 0.0;
  faultless["device"]["stuck_at_gmax_rate"] = 0.0;
  faultless["tile"]["read_time_s"] = 0.0;
  const auto [plain, plain_faults] = functional_run(config_document());
  const auto [zero, zero_faults] = functional_run(faultless);
  EXPECT_EQ(plain.at("y").values, zero.at("y").values);  // bit for bit: the draws are the same
  EXPECT_EQ(zero_faults.stuck_at_gmin + zero_faults.stuck_at_gmax, 0U);
  EXPECT_GT(zero_faults.devices, 0U);
}

TEST(CnnAccelerator, StuckDevicesAreCountedAndDegradeFidelityOnAverage) {
  const cnn::Graph graph = small_network();
  const cnn::TensorMap reference = cnn::run_reference(graph, frame(0));
  std::vector<double> mean_error;
  for (const double rate : {0.0, 0.05, 0.2}) {
    double sum = 0.0;
    for (const std::uint64_t seed : {1U, 2U, 3U}) {
      config::Json document = config_document();
      document["seed"] = seed;
      document["device"]["stuck_at_gmin_rate"] = rate / 2;
      document["device"]["stuck_at_gmax_rate"] = rate / 2;
      const auto [outputs, faults] = functional_run(document);
      const double stuck = static_cast<double>(faults.stuck_at_gmin + faults.stuck_at_gmax);
      EXPECT_NEAR(stuck / static_cast<double>(faults.devices), rate, 0.02 + rate * 0.1) << "rate " << rate;
      sum += relative_error(outputs.at("y"), reference.at("y"));
    }
    mean_error.push_back(sum / 3.0);
  }
  EXPECT_LT(mean_error[0], mean_error[1]);
  EXPECT_LT(mean_error[1], mean_error[2]);
}

TEST(CnnAccelerator, CycleModelMatchesTheGoldenModelExactly) {
  const cnn::Graph graph = small_network();
  config::Json document = config_document();
  document["device"]["read_noise_sigma_relative"] = 0.01;  // noise draws must follow the same seeds too
  const AcceleratorConfig config = make_config(document);
  const std::vector<cnn::TensorMap> frames = {frame(0), frame(1), frame(2)};
  SimulationOptions options;
  options.check_golden = true;
  const AcceleratorResult result = simulate_accelerator(config, graph, frames, {frame(99)}, options);
  EXPECT_TRUE(result.golden.outputs_identical) << result.golden.first_difference;
  EXPECT_TRUE(result.golden.counts_identical) << result.golden.first_difference;
  ASSERT_EQ(result.records.size(), 3U);
  // Layers span nodes, so rows and partial sums crossed the mesh.
  EXPECT_GT(result.activation_packets, 0U);
  EXPECT_GT(result.partial_sum_packets, 0U);
  EXPECT_GT(result.run.actions.get("noc.link_flit"), 0U);
  // Frames overlap: the second completes sooner after the first than a frame takes alone.
  const auto& r = result.records;
  EXPECT_LT(r[1].completed_cycle - r[0].completed_cycle, r[0].completed_cycle - r[0].admitted_cycle);
  std::uint64_t conversions = 0;
  for (const UnitCounts& counts : result.unit_counts) {
    conversions += counts.actions.get(memristor::kActionAdcConversion);
  }
  EXPECT_GT(conversions, 0U);
}

TEST(CnnAccelerator, StreamBelowCapacityKeepsTheQueueShort) {
  const cnn::Graph graph = small_network();
  AcceleratorConfig config = make_config(config_document());
  config.workload.stream_rate_hz = 1000.0;  // a frame every ms: far slower than the accelerator
  std::vector<cnn::TensorMap> frames;
  for (std::uint64_t i = 0; i < 6; ++i) frames.push_back(frame(i));
  const SimulationOptions options;
  const AcceleratorResult result = simulate_accelerator(config, graph, frames, {frame(99)}, options);
  for (const FrameRecord& record : result.records) {
    EXPECT_EQ(record.admitted_cycle, record.arrival_cycle) << "frame " << record.frame << " waited";
  }
  EXPECT_EQ(result.records[5].arrival_cycle, 5000000U);  // 5 ms at 1 GHz
  // Every frame alone in the pipeline takes the same time.
  EXPECT_EQ(result.records[5].completed_cycle - result.records[5].arrival_cycle,
            result.records[1].completed_cycle - result.records[1].arrival_cycle);
}

TEST(CnnAccelerator, StreamAboveCapacityBuildsABacklog) {
  const cnn::Graph graph = small_network();
  AcceleratorConfig config = make_config(config_document());
  config.workload.stream_rate_hz = 1e9;  // a frame every ns
  std::vector<cnn::TensorMap> frames;
  for (std::uint64_t i = 0; i < 8; ++i) frames.push_back(frame(i));
  const SimulationOptions options;
  const AcceleratorResult result = simulate_accelerator(config, graph, frames, {frame(99)}, options);
  // Waiting grows frame after frame once both input buffers are taken.
  const auto wait = [&](std::size_t i) { return result.records[i].admitted_cycle - result.records[i].arrival_cycle; };
  EXPECT_GT(wait(7), wait(4));
  EXPECT_GT(wait(4), wait(2));
}

}  // namespace
}  // namespace spinaps::cnn_accel
