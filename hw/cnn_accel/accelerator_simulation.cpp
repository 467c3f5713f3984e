#include "hw/cnn_accel/accelerator_simulation.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "hw/cnn_accel/accelerator.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/noc/noc_actions.h"
#include "models/tech/technology.h"

namespace spinaps::cnn_accel {

double AcceleratorTechnology::energy_pj(const std::string& action) const {
  const auto found = tiles.energy_per_action.find(action);
  if (found != tiles.energy_per_action.end()) return found->second.energy_pj;
  return mesh.energy_pj(action);
}

memristor::TileTechnologyInputs tile_technology_inputs(const AcceleratorConfig& config) {
  memristor::TileTechnologyInputs inputs;
  inputs.geometry = config.tile;
  inputs.device = config.device;
  inputs.slices = slices_per_weight(config);
  inputs.clock_mhz = config.clock_mhz;
  inputs.node_nm = config.technology_node_nm;
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
  const std::string data_dir = tech::default_data_dir();
  const tech::NodeScaling scaling = tech::NodeScaling::load(tech::data_file(data_dir, "node_scaling.json"));
  technology.noc = config.noc;
  const double tiles_mm2 = config.node.tiles_per_node * technology.tiles.tile_area_mm2();
  const double node_mm2 = technology.tiles.node_area_mm2();
  const bool pitch_given = config.document.contains("noc") && config.document["noc"].contains("link_length_mm");
  if (!pitch_given) {
    tech::ParamLog pitch_log;
    const noc::NocTechnology routers =
        noc::build_noc_technology(technology.noc, config.technology_node_nm, data_dir, scaling, pitch_log);
    technology.noc.link_length_mm = std::sqrt(tiles_mm2 + node_mm2 + routers.router_area_mm2());
  }
  technology.node_pitch_mm = technology.noc.link_length_mm;
  tech::ParamLog log;
  technology.mesh = noc::build_noc_technology(technology.noc, config.technology_node_nm, data_dir, scaling, log);
  const double nodes = static_cast<double>(config.noc.nodes());
  const double mesh_mm2 = config.noc.nodes() > 1 ? technology.mesh.mesh_area_mm2(technology.noc) : 0.0;
  technology.area_mm2 = nodes * (tiles_mm2 + node_mm2) + mesh_mm2;
  technology.area_breakdown_mm2 = {
      {"tiles", nodes * tiles_mm2}, {"digital_units_and_buffers", nodes * node_mm2}, {"mesh", mesh_mm2}};
  technology.leakage_mw =
      nodes * (config.node.tiles_per_node * technology.tiles.tile_leakage_mw() + technology.tiles.node_leakage_mw()) +
      (config.noc.nodes() > 1 ? technology.mesh.mesh_leakage_mw(technology.noc) : 0.0);
  return technology;
}

namespace {

std::string compare_counts(const std::vector<energy::ActionCounts>& a, const std::vector<energy::ActionCounts>& b,
                           const AcceleratorPlan& plan) {
  for (std::size_t unit = 0; unit < a.size(); ++unit) {
    if (a[unit] == b[unit]) continue;
    for (const auto& [action, count] : a[unit].all()) {
      if (b[unit].get(action) != count) {
        return plan.units[unit].name + " " + action + ": cycle model " + std::to_string(count) + ", golden " +
               std::to_string(b[unit].get(action));
      }
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
  std::vector<energy::ActionCounts> counts;
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
  result.frames = frames.size();
  const TileNetwork network(graph, config, result.plan, calibration);
  result.faults = network.fault_counts();

  const std::uint64_t total = frames.size();
  Pipeline::Progress progress;
  if (options.progress) progress = [&options, total](std::uint64_t done) { options.progress(done, total); };
  AcceleratorConfig effective = config;
  effective.noc = result.technology.noc;
  MemristiveAccelerator accelerator("memristive_accelerator", effective, graph, result.plan, network, total, progress);
  FrameSource source("frame_source", graph, frames, options.stream_rate_hz);
  source.socket.bind(accelerator.frame_port);
  const auto wall_start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  const Pipeline& pipeline = accelerator.pipeline();
  if (!pipeline.finished()) throw std::logic_error("the accelerator stopped before every frame was completed");
  result.period_ns = accelerator.period_ns();
  result.records = pipeline.records();
  result.outputs = pipeline.outputs();
  result.unit_counts = pipeline.unit_counts();
  result.unit_busy_cycles = pipeline.unit_busy_cycles();
  result.activation_packets = pipeline.activation_packets();
  result.partial_sum_packets = pipeline.partial_sum_packets();
  result.local_transfers = pipeline.local_transfers();
  result.max_frames_in_flight = pipeline.max_frames_in_flight();
  result.scheduler_activations = accelerator.clock_domain().statistics().activations;
  for (const FrameRecord& record : result.records) {
    result.end_cycle = std::max(result.end_cycle, record.completed_cycle);
  }
  if (const noc::MeshNetwork* mesh = accelerator.mesh()) {
    result.has_mesh = true;
    mesh->publish(result.noc_actions);
    result.noc_statistics = mesh->statistics();
  }
  if (options.check_golden) result.golden = run_golden(network, frames, result);
  return result;
}

}  // namespace spinaps::cnn_accel
