#include "hw/cnn_accel/accelerator_config.h"

#include <filesystem>
#include <stdexcept>

#include "hw/common/accelerator_kind.h"
#include "models/io/atomic_file.h"
#include "models/io/data_paths.h"

namespace spinaps::cnn_accel {
namespace {

memristor::TileGeometry parse_tile(config::ConfigNode node) {
  memristor::TileGeometry tile;
  tile.rows = static_cast<std::uint32_t>(node.integer_or("rows", 2, 4096, tile.rows));
  tile.cols = static_cast<std::uint32_t>(node.integer_or("cols", 2, 4096, tile.cols));
  tile.weight_bits = static_cast<std::uint32_t>(node.integer_or("weight_bits", 2, 16, tile.weight_bits));
  tile.input_bits = static_cast<std::uint32_t>(node.integer_or("input_bits", 1, 16, tile.input_bits));
  tile.dac_bits = static_cast<std::uint32_t>(node.integer_or("dac_bits", 1, 16, tile.dac_bits));
  if (tile.dac_bits > tile.input_bits) throw node.error("dac_bits", "expected at most input_bits");
  tile.adc_bits = static_cast<std::uint32_t>(node.integer_or("adc_bits", 1, 24, tile.adc_bits));
  tile.adcs_per_tile = static_cast<std::uint32_t>(node.integer_or("adcs_per_tile", 1, 4096, tile.adcs_per_tile));
  if (tile.adcs_per_tile > tile.cols) throw node.error("adcs_per_tile", "expected at most cols");
  tile.adc_range = adc_range_choices().parse_or(node, "adc_range", tile.adc_range);
  if (tile.adc_range == memristor::AdcRange::kCalibrated && node.has("adc_full_scale_fraction") &&
      node.real("adc_full_scale_fraction", 1e-6, 1.0) != 1.0) {
    throw node.error("adc_full_scale_fraction",
                     "applies to \"adc_range\": \"full_scale\"; a calibrated range "
                     "is set by adc_calibration_percentile");
  }
  tile.adc_full_scale_fraction = node.real_or("adc_full_scale_fraction", 1e-6, 1.0, tile.adc_full_scale_fraction);
  tile.adc_calibration_percentile =
      node.real_or("adc_calibration_percentile", 50.0, 100.0, tile.adc_calibration_percentile);
  tile.devices_per_slice = static_cast<std::uint32_t>(node.integer_or("devices_per_slice", 1, 64, 1));
  if (tile.devices_per_slice > tile.rows) throw node.error("devices_per_slice", "expected at most rows");
  tile.read_time_s = node.real_or("read_time_s", 0.0, 1e10, tile.read_time_s);
  tile.accumulator_bits = static_cast<std::uint32_t>(node.integer_or("accumulator_bits", 8, 64, tile.accumulator_bits));
  node.finish();
  return tile;
}

NodeConfig parse_node(config::ConfigNode node) {
  NodeConfig result;
  result.tiles_per_node = static_cast<std::uint32_t>(node.integer_or("tiles_per_node", 1, 1024, result.tiles_per_node));
  result.digital_lanes = static_cast<std::uint32_t>(node.integer_or("digital_lanes", 1, 4096, result.digital_lanes));
  result.buffer_bytes = node.integer_or("buffer_bytes", 1, std::uint64_t{1} << 34, result.buffer_bytes);
  node.finish();
  return result;
}

MappingConfig parse_mapping(config::ConfigNode node) {
  MappingConfig result;
  result.replication = replication_choices().parse_or(node, "replication", result.replication);
  result.weight_scale = weight_scale_choices().parse_or(node, "weight_scale", result.weight_scale);
  result.chip_sizing = chip_sizing_choices().parse_or(node, "chip_sizing", result.chip_sizing);
  result.output_calibration =
      output_calibration_choices().parse_or(node, "output_calibration", result.output_calibration);
  result.max_replication =
      static_cast<std::uint32_t>(node.integer_or("max_replication", 1, 4096, result.max_replication));
  result.calibration_frames =
      static_cast<std::uint32_t>(node.integer_or("calibration_frames", 1, 1024, result.calibration_frames));
  result.calibration_percentile = node.real_or("calibration_percentile", 50.0, 100.0, result.calibration_percentile);
  node.finish();
  return result;
}

/// The configured device: a device of the devices file, with the config's level count and any
/// overrides (the knobs a device study sweeps), validated as a whole.
memristor::DeviceParameters parse_device(config::ConfigNode node, AcceleratorConfig& config) {
  config.devices_file = node.has("file") ? io::resolve_path(io::directory_of(config.file), node.text("file"))
                                         : memristor::default_devices_file();
  const std::string name = node.text("name");
  memristor::DeviceParameters device = memristor::load_device(config.devices_file, name);
  device.levels = static_cast<std::uint32_t>(node.integer_or("levels", 2, 1u << 16, device.levels));
  // Gmax / Gmin; 0 keeps the file's Gmin.
  const double dynamic_range = node.real_or("dynamic_range", 0.0, 1e9, 0.0);
  if (dynamic_range > 0.0) {
    if (dynamic_range <= 1.0) {
      throw node.error("dynamic_range", "expected Gmax/Gmin above 1 (or 0 for the file's Gmin)");
    }
    device.g_min_us = device.g_max_us / dynamic_range;
  }
  if (node.has("programming_sigma_levels")) {
    device.programming_sigma_levels = node.real("programming_sigma_levels", 0.0, 100.0);
    device.programming_sigma_us = 0.0;
  }
  if (node.has("programming_sigma_us")) {
    device.programming_sigma_us = node.real("programming_sigma_us", 0.0, 1e6);
    device.programming_sigma_levels = 0.0;
  }
  device.read_noise_sigma_relative =
      node.real_or("read_noise_sigma_relative", 0.0, 1.0, device.read_noise_sigma_relative);
  device.stuck_at_gmin_rate = node.real_or("stuck_at_gmin_rate", 0.0, 1.0, device.stuck_at_gmin_rate);
  device.stuck_at_gmax_rate = node.real_or("stuck_at_gmax_rate", 0.0, 1.0, device.stuck_at_gmax_rate);
  device.drift_nu = node.real_or("drift_nu", 0.0, 1.0, device.drift_nu);
  node.finish();
  try {
    memristor::validate(device);
  } catch (const std::invalid_argument& error) {
    throw config::ConfigError(config.file, "device", error.what());
  }
  return device;
}

}  // namespace

AcceleratorConfig parse_accelerator_config(const config::Json& document, const std::string& file) {
  if (hw::accelerator_of(document, file) != hw::AcceleratorKind::kMemristiveCnn) {
    throw config::ConfigError(file, "accelerator",
                              "expected \"memristive_cnn\" in a memristive CNN accelerator configuration");
  }
  config::reject_renamed_keys(document, file,
                              {{"clock_mhz", "clock.frequency_mhz"}, {"technology_node_nm", "technology.node_nm"}});
  const std::string config_dir = io::directory_of(file);
  config::ConfigNode root(document, file, "");
  AcceleratorConfig config;
  config.file = file;
  config.document = document;
  root.skip("accelerator");
  config.name = root.text("name");
  config.description = root.text_or("description", "");
  config.seed = root.integer("seed", 0, UINT64_MAX);
  config.clock = config::parse_clock(root.child("clock"));
  config.technology =
      tech::parse_technology_config(root.child("technology"), config_dir, tech::TechnologyKeys::kNodeOnly);
  config.workload = cnn::parse_cnn_workload(root.child("workload"), config_dir);
  config.simulation =
      root.has("simulation") ? config::parse_simulation(root.child("simulation"), false) : config::SimulationConfig{};
  root.skip("simulation");
  config.device = parse_device(root.child("device"), config);
  if (root.has("tile")) config.tile = parse_tile(root.child("tile"));
  root.skip("tile");
  if (root.has("node")) config.node = parse_node(root.child("node"));
  root.skip("node");
  if (root.has("mapping")) config.mapping = parse_mapping(root.child("mapping"));
  root.skip("mapping");
  config.noc = noc::parse_noc_config(root.child("noc"));
  root.skip("source");
  root.finish();
  config.sources = config::read_sources(document, file);
  return config;
}

AcceleratorConfig load_accelerator_config(const std::string& file, const std::vector<std::string>& overrides) {
  config::Json document = config::read_json_file(file);
  for (const std::string& assignment : overrides) config::apply_override(document, assignment, file);
  return parse_accelerator_config(document, file);
}

std::uint32_t slices_per_weight(const AcceleratorConfig& config) {
  if (config.device.levels < 2) return 1U;
  return memristor::DeviceModel(config.device).slice_count(config.tile.weight_bits);
}

const config::ChoiceTable<Replication>& replication_choices() {
  static const config::ChoiceTable<Replication> kTable(
      "replication", {{"none", Replication::kNone, "one copy of every layer"},
                      {"balanced", Replication::kBalanced,
                       "repeatedly double the copies of the slowest weight layer while tiles remain (ISAAC)"}});
  return kTable;
}

std::string replication_name(Replication replication) { return replication_choices().name_of(replication); }

const config::ChoiceTable<memristor::AdcRange>& adc_range_choices() {
  static const config::ChoiceTable<memristor::AdcRange> kTable(
      "ADC range", {{"calibrated", memristor::AdcRange::kCalibrated,
                     "from the column signals of calibration frames, per row chunk, column chunk and slice"},
                    {"full_scale", memristor::AdcRange::kFullScale,
                     "adc_full_scale_fraction x the largest possible column signal (no calibration)"}});
  return kTable;
}

const config::ChoiceTable<OutputCalibration>& output_calibration_choices() {
  static const config::ChoiceTable<OutputCalibration> kTable(
      "output calibration",
      {{"none", OutputCalibration::kNone, "the tiles' outputs are used as converted"},
       {"per_column", OutputCalibration::kPerColumn,
        "a gain and an offset per output column, fitted on the calibration frames against the exact product of the "
        "same input codes and float weights, applied in the output stage"}});
  return kTable;
}

const config::ChoiceTable<ChipSizing>& chip_sizing_choices() {
  static const config::ChoiceTable<ChipSizing> kTable(
      "chip sizing",
      {{"to_model", ChipSizing::kToModel,
        "the chip holds the tiles the plan uses, the digital units and buffers of the nodes that hold a layer and "
        "the mesh rows up to the last of them"},
       {"as_configured", ChipSizing::kAsConfigured, "every tile and node of the configured mesh, used or not"}});
  return kTable;
}

const config::ChoiceTable<WeightScale>& weight_scale_choices() {
  static const config::ChoiceTable<WeightScale> kTable(
      "weight scale",
      {{"per_output_channel", WeightScale::kPerOutputChannel,
        "each output channel's largest |weight| maps to the largest level"},
       {"per_layer", WeightScale::kPerLayer, "the layer's largest |weight| maps to the largest level"}});
  return kTable;
}

}  // namespace spinaps::cnn_accel
