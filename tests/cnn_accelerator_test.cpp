// The memristive CNN accelerator (hw/cnn_accel): the plan's tile counts and replication, the tile
// numerics against the float reference (ideal devices match within rounding; realistic ones show
// their error), the cycle-level pipeline against the functional golden model (bit-identical outputs
// and action counts, across mesh transfers, partial sums and copies), and the input queue under a
// detector stream below and above capacity. One SystemC kernel per process: each test that runs the
// SystemC model runs it once.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <utility>

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

TEST(CnnAccelerator, CalibratedConvertersCutTheErrorOfAFullScaleRange) {
  // Devices written exactly, so that the converters' rounding is what differs.
  config::Json calibrated = config_document();
  calibrated["device"]["programming_sigma_levels"] = 0.0;
  calibrated["device"]["stuck_at_gmin_rate"] = 0.0;
  calibrated["device"]["stuck_at_gmax_rate"] = 0.0;
  config::Json full_scale = calibrated;
  full_scale["tile"]["adc_range"] = "full_scale";
  EXPECT_LT(functional_error(calibrated), 0.5 * functional_error(full_scale));
}

TEST(CnnAccelerator, OutputCalibrationRemovesTheSpreadsSystematicError) {
  // Programming spread clamped at Gmin and Gmax shifts every column's mean (the devices at a bound
  // can only move inwards); a per-column gain and offset fitted on a calibration frame takes it out.
  config::Json document = config_document();
  document["device"]["programming_sigma_levels"] = 0.5;
  document["tile"]["adc_bits"] = 16;
  double corrected = 0.0, uncorrected = 0.0;
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    document["seed"] = seed;
    document["mapping"]["output_calibration"] = "per_column";
    corrected += functional_error(document, 0);
    document["mapping"]["output_calibration"] = "none";
    uncorrected += functional_error(document, 0);
  }
  EXPECT_LT(corrected, 0.8 * uncorrected) << "corrected " << corrected / 3 << ", uncorrected " << uncorrected / 3;
}

TEST(CnnAccelerator, MitigationKeysAreCheckedByName) {
  const auto expect_rejected = [](const std::function<void(config::Json&)>& change, const std::string& key) {
    config::Json document = config_document();
    change(document);
    try {
      (void)make_config(document);
      ADD_FAILURE() << "accepted; expected an error naming " << key;
    } catch (const config::ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find(key), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("test.json"), std::string::npos) << error.what();
    }
  };
  expect_rejected([](config::Json& d) { d["tile"]["adc_full_scale_fraction"] = 0.25; }, "adc_full_scale_fraction");
  expect_rejected([](config::Json& d) { d["tile"]["adc_range"] = "per_column"; }, "adc_range");
  expect_rejected([](config::Json& d) { d["tile"]["adc_calibration_percentile"] = 20; }, "adc_calibration_percentile");
  expect_rejected([](config::Json& d) { d["tile"]["devices_per_slice"] = 0; }, "devices_per_slice");
  expect_rejected([](config::Json& d) { d["tile"]["devices_per_slice"] = 32; }, "devices_per_slice");  // > rows
  expect_rejected([](config::Json& d) { d["mapping"]["weight_scale"] = "per_row"; }, "weight_scale");
  expect_rejected([](config::Json& d) { d["mapping"]["chip_sizing"] = "all"; }, "chip_sizing");
  expect_rejected([](config::Json& d) { d["mapping"]["output_calibration"] = "per_row"; }, "output_calibration");
  // A full-scale range takes its fraction.
  config::Json fraction = config_document();
  fraction["tile"]["adc_range"] = "full_scale";
  fraction["tile"]["adc_full_scale_fraction"] = 0.25;
  EXPECT_DOUBLE_EQ(make_config(fraction).tile.adc_full_scale_fraction, 0.25);
}

TEST(CnnAccelerator, RedundantDevicesCostTilesAndDevices) {
  // (analog_tile_calibration_test checks that the copies average the spread.)
  config::Json document = config_document();
  document["mapping"]["replication"] = "none";
  document["noc"]["mesh_rows"] = 6;
  document["noc"]["mesh_cols"] = 6;
  const cnn::Graph graph = small_network();
  const AcceleratorPlan single = plan_accelerator(graph, make_config(document), UnitTiming{});
  const DeviceFaultCounts single_devices = functional_run(document).second;
  document["tile"]["devices_per_slice"] = 4;
  const AcceleratorPlan redundant = plan_accelerator(graph, make_config(document), UnitTiming{});
  const DeviceFaultCounts redundant_devices = functional_run(document).second;
  EXPECT_EQ(redundant_devices.devices, 4 * single_devices.devices);
  EXPECT_EQ(redundant.units[3].row_chunks, 9);  // conv_2: 4 word lines per input, ceil(36 / (16 / 4))
  EXPECT_GT(redundant.tiles_used, 2 * single.tiles_used);
}

TEST(CnnAccelerator, AChipSizedToTheModelLeavesOutWhatHoldsNoLayer) {
  config::Json document = config_document();
  document["mapping"]["replication"] = "none";  // 12 of 18 tiles, nodes 0 to 5 of a 3x3 mesh
  const cnn::Graph graph = small_network();
  const auto built = [&](const char* sizing) {
    document["mapping"]["chip_sizing"] = sizing;
    const AcceleratorConfig config = make_config(document);
    AcceleratorTechnology technology = build_accelerator_technology(config);
    const AcceleratorPlan plan = plan_accelerator(graph, config, unit_timing(technology.tiles));
    add_chip_components(technology, config, plan);
    return std::make_pair(technology, plan);
  };
  const auto [sized, plan] = built("to_model");
  const auto [whole, same_plan] = built("as_configured");
  const auto area_of = [](const AcceleratorTechnology& technology, const std::string& prefix) {
    double area_mm2 = 0.0;
    for (const energy::ComponentCost& part : technology.components.all()) {
      if (part.component.rfind(prefix, 0) == 0) area_mm2 += part.area_mm2;
    }
    return area_mm2;
  };
  EXPECT_EQ(plan.tiles_used, 12);
  EXPECT_EQ(plan.nodes_used, 6);
  EXPECT_NEAR(area_of(sized, "tile.") / area_of(whole, "tile."), 12.0 / 18.0, 1e-12);
  EXPECT_NEAR(area_of(sized, "node.") / area_of(whole, "node."), 6.0 / 9.0, 1e-12);
  EXPECT_EQ(sized.mesh_rows_built, 2U);  // nodes 0-5 fill the first two rows of three
  EXPECT_EQ(whole.mesh_rows_built, 3U);
  EXPECT_LT(sized.components.total_area_mm2(), whole.components.total_area_mm2());
  EXPECT_LT(sized.components.total_leakage_mw(), whole.components.total_leakage_mw());
  // The node pitch (the link length) is that of a full node either way.
  EXPECT_DOUBLE_EQ(sized.node_pitch_mm(), whole.node_pitch_mm());
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

TEST(CnnAccelerator, FloorsSeparateQuantisationFromTheDevicesAndTheConverters) {
  const cnn::Graph graph = small_network();
  config::Json document = config_document();
  document["device"]["programming_sigma_levels"] = 0.5;
  document["device"]["stuck_at_gmin_rate"] = 0.01;
  const AcceleratorConfig config = make_config(document);
  const std::vector<cnn::TensorMap> frames = {frame(0), frame(1)};
  SimulationOptions options;
  options.fidelity_floors = true;
  const AcceleratorResult result = simulate_accelerator(config, graph, frames, {frame(99)}, options);
  ASSERT_EQ(result.ideal_converter_outputs.size(), 2U);
  ASSERT_EQ(result.quantisation_floor_outputs.size(), 2U);
  double tiles = 0.0, ideal_converters = 0.0, quantisation = 0.0;
  for (std::size_t n = 0; n < frames.size(); ++n) {
    const cnn::TensorMap reference = cnn::run_reference(graph, frames[n]);
    tiles += relative_error(result.outputs.at(n).at("y"), reference.at("y"));
    ideal_converters += relative_error(result.ideal_converter_outputs[n].at("y"), reference.at("y"));
    quantisation += relative_error(result.quantisation_floor_outputs[n].at("y"), reference.at("y"));
  }
  // Spread and stuck devices cost more than 8-bit weights and inputs alone.
  EXPECT_LT(quantisation, 0.5 * ideal_converters);
  EXPECT_GT(quantisation, 0.0);
  EXPECT_GT(tiles, 0.0);
  // The ideal devices keep the configured levels and precisions: only the non-idealities go.
  const AcceleratorConfig ideal = ideal_device_config(config);
  EXPECT_EQ(ideal.device.programming_sigma_levels, 0.0);
  EXPECT_EQ(ideal.device.stuck_at_gmin_rate, 0.0);
  EXPECT_EQ(ideal.device.levels, config.device.levels);
  EXPECT_EQ(ideal.tile.weight_bits, config.tile.weight_bits);
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
