#include "hw/cnn_accel/accelerator_simulation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "hw/cnn_accel/accelerator.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/memristor/tile_actions.h"
#include "hw/noc/noc_actions.h"
#include "models/tech/technology.h"

namespace spinaps::cnn_accel {

memristor::TileTechnologyInputs tile_technology_inputs(const AcceleratorConfig& config) {
  memristor::TileTechnologyInputs inputs;
  inputs.geometry = config.tile;
  inputs.device = config.device;
  inputs.slices = slices_per_weight(config);
  inputs.clock_mhz = config.clock.frequency_mhz;
  inputs.node_nm = config.technology.node_nm;
  inputs.tech_data_dir = config.technology.data_dir;
  inputs.activation_bits = config.tile.input_bits;
  inputs.digital_lanes_per_node = config.node.digital_lanes;
  inputs.buffer_bytes_per_node = config.node.buffer_bytes;
  return inputs;
}

UnitTiming unit_timing(const memristor::TileTechnology& technology) {
  UnitTiming timing;
  timing.adc_conversion_cycles = technology.adc_conversion_cycles;
  timing.array_read_cycles = technology.array_read_cycles;
  timing.digital_op_cycles = technology.digital_op_cycles;
  return timing;
}

AcceleratorTechnology build_accelerator_technology(const AcceleratorConfig& config) {
  AcceleratorTechnology technology;
  technology.tiles = memristor::build_tile_technology(tile_technology_inputs(config));
  technology.parameters_used = technology.tiles.parameters_used;
  technology.actions = technology.tiles.actions;
  technology.noc = config.noc;
  // A node's footprint (and so the link length) is that of a fully populated node, whatever
  // the sizing: the mesh is laid out for the configured node.
  const double node_mm2 =
      config.node.tiles_per_node * technology.tiles.tile_area_mm2() + technology.tiles.node_area_mm2();
  const std::string& data_dir = config.technology.data_dir;
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(data_dir, "node_scaling.json"));
  tech::ParamLog log;
  technology.mesh =
      noc::build_mesh_technology(technology.noc, node_mm2, config.technology.node_nm, data_dir, scaling, log);
  if (config.noc.nodes() > 1) {
    technology.actions.merge(technology.mesh.actions);
    for (const auto& item : log.json().items()) technology.parameters_used[item.key()] = item.value();
  }
  return technology;
}

void add_chip_components(AcceleratorTechnology& technology, const AcceleratorConfig& config,
                         const AcceleratorPlan& plan) {
  const std::uint32_t nodes = config.noc.nodes();
  const bool to_model = config.mapping.chip_sizing == ChipSizing::kToModel;
  const double tiles =
      to_model ? static_cast<double>(plan.tiles_used) : static_cast<double>(nodes) * config.node.tiles_per_node;
  const double populated_nodes = to_model ? static_cast<double>(plan.nodes_used) : static_cast<double>(nodes);
  technology.components.add_instances(technology.tiles.tile_components, tiles, "tiles", "tile.");
  technology.components.add_instances(technology.tiles.node_components, populated_nodes, "nodes", "node.");
  noc::NocConfig fabric = technology.noc;
  if (to_model) {
    // Layers fill nodes in index order (row-major), so the mesh rows past the last one holding a
    // layer carry no packet: both routing functions are minimal, and a minimal route between two
    // nodes never leaves the rows between them. Those rows are left out; the timing is unchanged.
    std::uint32_t last_node = plan.host_node;
    for (const UnitPlan& unit : plan.units) {
      for (const std::uint32_t node : unit.nodes) last_node = std::max(last_node, node);
    }
    fabric.rows = last_node / fabric.cols + 1;
  }
  technology.mesh_rows_built = fabric.rows;
  if (nodes > 1) noc::add_mesh_components(technology.mesh, fabric, technology.components);
}

namespace {

std::string compare_counts(const std::vector<UnitCounts>& a, const std::vector<UnitCounts>& b,
                           const AcceleratorPlan& plan) {
  for (std::size_t unit = 0; unit < a.size(); ++unit) {
    if (a[unit] == b[unit]) continue;
    for (const auto& [action, count] : a[unit].actions.all()) {
      if (b[unit].actions.get(action) != count) {
        return plan.units[unit].name + " " + action + ": cycle model " + std::to_string(count) + ", golden " +
               std::to_string(b[unit].actions.get(action));
      }
    }
    if (a[unit].adc_clipped_conversions != b[unit].adc_clipped_conversions) {
      return plan.units[unit].name + " clipped conversions: cycle model " +
             std::to_string(a[unit].adc_clipped_conversions) + ", golden " +
             std::to_string(b[unit].adc_clipped_conversions);
    }
    return plan.units[unit].name + ": the golden model counted an action the cycle model did not";
  }
  return "";
}

GoldenCheck run_golden(const TileNetwork& network, const std::vector<cnn::TensorMap>& frames,
                       const AcceleratorResult& result) {
  GoldenCheck check;
  check.ran = true;
  check.outputs_identical = true;
  std::vector<UnitCounts> counts;
  for (std::size_t frame = 0; frame < frames.size(); ++frame) {
    const cnn::TensorMap golden = network.run_functional(frame, frames[frame], counts);
    const cnn::TensorMap& cycle = result.outputs.at(frame);
    for (const auto& [name, tensor] : golden) {
      const cnn::Tensor& other = cycle.at(name);
      const bool same =
          tensor.shape == other.shape && tensor.values.size() == other.values.size() &&
          std::memcmp(tensor.values.data(), other.values.data(), tensor.values.size() * sizeof(float)) == 0;
      if (!same && check.outputs_identical) {
        check.outputs_identical = false;
        check.first_difference = "frame " + std::to_string(frame) + " output '" + name + "' differs";
      }
    }
  }
  const std::string difference = compare_counts(result.unit_counts, counts, result.plan);
  check.counts_identical = difference.empty();
  if (check.first_difference.empty()) check.first_difference = difference;
  return check;
}

/// Publishes what the report needs as named statistics (units and descriptions), once.
void publish_statistics(AcceleratorResult& result) {
  stats::StatisticSet& statistics = result.run.statistics;
  std::uint64_t clipped = 0, conversions = 0;
  for (const UnitCounts& unit : result.unit_counts) {
    clipped += unit.adc_clipped_conversions;
    conversions += unit.actions.get(memristor::kActionAdcConversion);
  }
  statistics.add("frames", result.frames, "frame", "frames streamed through the accelerator");
  statistics.add("cycles", result.run.simulated_cycles, "cycle", "from time 0 to the last frame's completion");
  statistics.add("adc.conversions", conversions, "conversion", "ADC conversions of every tile");
  statistics.add("adc.clipped_conversions", clipped, "conversion",
                 "conversions whose code fell outside the ADC's range and was clamped (no energy of their own)");
  statistics.add("noc.activation_packets", result.activation_packets, "packet",
                 "activation rows sent to another node over the mesh");
  statistics.add("noc.partial_sum_packets", result.partial_sum_packets, "packet",
                 "partial sums of row chunks sent to the node that adds them");
  statistics.add("noc.local_transfers", result.local_transfers, "transfer",
                 "activation rows and partial sums that stayed within their node");
  statistics.add("pipeline.max_frames_in_flight", result.max_frames_in_flight, "frame",
                 "frames admitted and not yet completed, at most");
  statistics.add("devices.programmed", result.faults.devices, "device", "memristive devices programmed");
  statistics.add("devices.stuck_at_gmin", result.faults.stuck_at_gmin, "device", "devices stuck at Gmin");
  statistics.add("devices.stuck_at_gmax", result.faults.stuck_at_gmax, "device", "devices stuck at Gmax");
}

}  // namespace

AcceleratorResult simulate_accelerator(const AcceleratorConfig& config, const cnn::Graph& graph,
                                       const std::vector<cnn::TensorMap>& frames,
                                       const std::vector<cnn::TensorMap>& calibration,
                                       const SimulationOptions& options) {
  if (frames.empty()) throw std::invalid_argument("simulate_accelerator: no frames to stream");
  AcceleratorResult result;
  // The technology gives the tiles' timing, which the plan's row cycles need.
  result.technology = build_accelerator_technology(config);
  result.plan = plan_accelerator(graph, config, unit_timing(result.technology.tiles));
  add_chip_components(result.technology, config, result.plan);
  result.frames = frames.size();
  const TileNetwork network(graph, config, result.plan, calibration);
  result.faults = network.fault_counts();

  const std::uint64_t total = frames.size();
  Pipeline::Progress progress;
  if (options.progress) progress = [&options, total](std::uint64_t done) { options.progress(done, total); };
  AcceleratorConfig effective = config;
  effective.noc = result.technology.noc;
  MemristiveAccelerator accelerator("memristive_accelerator", effective, graph, result.plan, network, total, progress);
  accelerator.trace_rows(options.trace);
  FrameSource source("frame_source", graph, frames, config.workload.stream_rate_hz);
  source.socket.bind(accelerator.frame_port);
  const auto wall_start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  result.run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  const Pipeline& pipeline = accelerator.pipeline();
  if (!pipeline.finished()) throw std::logic_error("the accelerator stopped before every frame was completed");
  result.records = pipeline.records();
  result.outputs = pipeline.outputs();
  result.unit_counts = pipeline.unit_counts();
  result.unit_busy_cycles = pipeline.unit_busy_cycles();
  result.activation_packets = pipeline.activation_packets();
  result.partial_sum_packets = pipeline.partial_sum_packets();
  result.local_transfers = pipeline.local_transfers();
  result.max_frames_in_flight = pipeline.max_frames_in_flight();

  hw::RunResult& run = result.run;
  run.action_table = result.technology.actions;
  run.components = result.technology.components;
  run.parameters_used = result.technology.parameters_used;
  run.period_ns = accelerator.period_ns();
  for (const FrameRecord& record : result.records) {
    run.simulated_cycles = std::max(run.simulated_cycles, record.completed_cycle);
  }
  for (const UnitCounts& unit : result.unit_counts) {
    for (const auto& [action, count] : unit.actions.all()) run.actions.add(action, count);
  }
  if (const noc::MeshNetwork* mesh = accelerator.mesh()) {
    result.has_mesh = true;
    mesh->publish(run.actions);
    result.noc_statistics = mesh->statistics();
  }
  publish_statistics(result);
  if (options.check_golden) result.golden = run_golden(network, frames, result);
  if (options.fidelity_floors) {
    std::vector<UnitCounts> ignored;
    for (std::size_t frame = 0; frame < frames.size(); ++frame) {
      result.ideal_converter_outputs.push_back(
          network.run_functional(frame, frames[frame], ignored, memristor::ConverterMode::kIdeal));
    }
    const AcceleratorConfig ideal = ideal_device_config(config);
    const TileNetwork ideal_network(graph, ideal, result.plan, calibration);
    for (std::size_t frame = 0; frame < frames.size(); ++frame) {
      result.quantisation_floor_outputs.push_back(
          ideal_network.run_functional(frame, frames[frame], ignored, memristor::ConverterMode::kIdeal));
    }
  }
  return result;
}

AcceleratorConfig ideal_device_config(const AcceleratorConfig& config) {
  AcceleratorConfig ideal = config;
  memristor::DeviceParameters& device = ideal.device;
  device.programming_sigma_levels = 0.0;
  device.programming_sigma_us = 0.0;
  device.read_noise_sigma_relative = 0.0;
  device.stuck_at_gmin_rate = 0.0;
  device.stuck_at_gmax_rate = 0.0;
  device.drift_nu = 0.0;
  ideal.tile.read_time_s = 0.0;
  // Ideal converters take no range and ideal devices no correction: skip both calibrations.
  ideal.tile.adc_range = memristor::AdcRange::kFullScale;
  ideal.tile.adc_full_scale_fraction = 1.0;
  ideal.mapping.output_calibration = OutputCalibration::kNone;
  return ideal;
}

}  // namespace spinaps::cnn_accel
