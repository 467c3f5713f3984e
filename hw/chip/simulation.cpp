#include "hw/chip/simulation.h"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "hw/chip/chip_technology.h"
#include "hw/chip/chip_testbench.h"
#include "hw/noc/noc_actions.h"

namespace spinaps::chip {
namespace {

snn::SnnConfig partition_shape(const ChipConfig& config, const Partition& part) {
  snn::SnnConfig shape = snn::layer_shape(config.snn, part.layer);
  shape.inputs = part.inputs;
  shape.outputs = part.neurons;
  return shape;
}

/// The host read one decision per input, in order, equal to what the chip decided (the TLM path and
/// the statistics path must agree; a difference is a simulator bug, not a user error).
void check_decisions_read(const std::vector<DecisionWord>& read, const std::vector<InferenceRecord>& records,
                          std::size_t streamed) {
  if (read.size() != streamed || records.size() != streamed) {
    throw std::logic_error("host interface: " + std::to_string(read.size()) + " decisions read and " +
                           std::to_string(records.size()) + " inferences for " + std::to_string(streamed) + " inputs");
  }
  for (std::size_t i = 0; i < streamed; ++i) {
    const snn::InferenceResult& result = records[i].result;
    const bool same = read[i].sequence == i && records[i].sample_id == i && read[i].decision == result.decision &&
                      read[i].decision_step == result.decision_step &&
                      ((read[i].flags & kDecidedBySpikeFlag) != 0) == result.decided_by_spike;
    if (!same) throw std::logic_error("host interface: decision read for input " + std::to_string(i) + " differs");
  }
}

/// The run's counts as named statistics with units, published once at the end.
void publish_statistics(SimulationResult& result) {
  snn::OperationCounts totals;
  for (const InferenceRecord& record : result.inferences) totals += record.result.counts;
  stats::StatisticSet& statistics = result.run.statistics;
  statistics.add("inferences", static_cast<std::uint64_t>(result.inferences.size()), "inference",
                 "inferences simulated");
  statistics.add("cycles", result.run.simulated_cycles, "cycle",
                 "from the first inference's start to the last decision, inclusive");
  statistics.add("operations.time_steps", totals.time_steps, "step", "algorithmic time steps executed");
  statistics.add("operations.input_spikes", totals.input_spikes, "spike", "input spikes delivered to the cores");
  statistics.add("operations.active_rows", totals.active_rows, "row",
                 "(input, step) pairs whose window held a spike: crossbar rows read");
  statistics.add("operations.synapse_macs", totals.synapse_macs, "SOP", "weight x trace MACs of active rows");
  statistics.add("operations.feedback_macs", totals.feedback_macs, "SOP", "feedback kernel MACs");
  statistics.add("operations.neuron_updates", totals.neuron_updates, "update",
                 "sigmoid LUT reads = RNG draws = comparisons");
  statistics.add("operations.output_spikes", totals.output_spikes, "spike", "output neuron spikes");
  statistics.add("operations.hidden_spikes", totals.hidden_spikes, "spike", "hidden-layer neuron spikes");
  statistics.add("barrier.barriers", result.fabric.barriers, "barrier", "per-step barriers of the cores");
  statistics.add("barrier.wait_cycles", result.fabric.barrier_wait_cycles, "cycle",
                 "cycles from the first core done to the barrier's release, summed");
  statistics.add("noc.partial_sum_packets", result.fabric.partial_sum_packets, "packet",
                 "partial sums sent between cores");
  statistics.add("noc.spike_packets", result.fabric.spike_packets, "packet", "hidden spikes sent between cores");
  statistics.add("noc.flit_hops", result.noc.flit_hops, "flit-hop", "flits times the links they crossed");
  statistics.add("host.input_wait_cycles", result.fabric.input_wait_cycles, "cycle",
                 "cycles the chip waited for an input from the host (in the simulated time)");
  statistics.add("host.loading_cycles", result.loading.start_cycle, "cycle",
                 "weight loading over TLM-2.0 before inference (not in the simulated time)");
}

}  // namespace

Mapping map_configured_network(const ChipConfig& config) {
  MappingInputs inputs;
  inputs.snn = config.snn;
  inputs.crossbar = config.crossbar;
  inputs.core = config.core;
  inputs.mesh_rows = config.noc.rows;
  inputs.mesh_cols = config.noc.cols;
  inputs.accumulator_bits = config.neuron.accumulator_bits;
  inputs.placement = config.placement;
  inputs.config_file = config.file;
  return map_network(inputs);
}

core::CoreSizes architecture_sizes(const ChipConfig& config, const Mapping& mapping) {
  std::uint32_t inputs = 0, neurons = 0;
  for (const Partition& part : mapping.partitions) {
    inputs = std::max(inputs, part.inputs);
    neurons = std::max(neurons, part.neurons);
  }
  core::CoreSizes sizes{};
  sizes.clock_mhz = config.clock.frequency_mhz;
  sizes.subarrays.rows = config.crossbar.rows;
  sizes.subarrays.cols = config.crossbar.cols;
  sizes.subarrays.count = mapping.core.row_subarrays * mapping.core.column_subarrays;
  sizes.subarrays.sense_amps_per_subarray = config.crossbar.sense_amps();
  neuron::NeuronSizes& units = sizes.units;
  units.weight_bits = config.snn.weight_bits;
  units.trace_bits = config.snn.trace_bits;
  units.accumulator_bits = config.neuron.accumulator_bits;
  units.mac_lanes = config.neuron.mac_lanes;
  units.neurons = neurons;
  units.inputs = inputs;
  units.window_steps = config.snn.window_steps;
  units.basis_functions = config.snn.basis_functions;
  units.feedback_basis_functions = config.snn.feedback_basis_functions;
  units.sigmoid_lut_entries = config.snn.sigmoid_lut_entries;
  units.sigmoid_lut_bits = 17;  // thresholds in [0, 65536]
  units.rng_units = config.neuron.firing_lanes;
  return sizes;
}

std::uint32_t row_read_cycles(const ChipConfig& config, const Mapping& mapping, double read_latency_ns) {
  const double cycles = read_latency_ns / config.clock.period_ns();
  const auto sense_cycles = static_cast<std::uint32_t>(std::max(1.0, std::ceil(cycles - 1e-9)));
  std::uint32_t widest = 0;
  for (const Partition& part : mapping.partitions) {
    const core::WeightLayout layout(config.crossbar, partition_shape(config, part));
    for (std::uint32_t group = 0; group < layout.column_groups; ++group) {
      widest = std::max(widest, layout.used_columns(group, part.neurons));
    }
  }
  const std::uint32_t passes = (widest + config.crossbar.sense_amps() - 1) / config.crossbar.sense_amps();
  return sense_cycles * std::max(1U, passes);
}

SimulationResult simulate(const ChipConfig& config, const snn::LayeredNetwork& network,
                          const data::ImageDataset& dataset, std::size_t samples, const DatasetHost::Progress& progress,
                          core::TraceSink* trace) {
  SimulationResult result;
  result.mapping = map_configured_network(config);
  result.sizes = architecture_sizes(config, result.mapping);
  const ChipTechnology technology = build_chip_technology(config, result.sizes);
  hw::RunResult& run = result.run;
  run.action_table = technology.actions;
  run.components = technology.components;
  run.parameters_used = technology.parameters_used;
  run.period_ns = config.clock.period_ns();
  result.memory = technology.memory;
  result.core_area_mm2 = technology.core_area_mm2;
  result.link_length_mm = technology.link_length_mm;
  result.read_cycles = row_read_cycles(config, result.mapping, result.memory.read_latency_ns);
  result.cores = config.noc.nodes();

  FabricConfig fabric;
  fabric.core.crossbar = config.crossbar;
  fabric.core.neuron = config.neuron;
  fabric.core.read_cycles = result.read_cycles;
  fabric.core.seed = config.seed;
  fabric.core.faults = config.stt_faults;
  fabric.core.config_file = config.file;
  fabric.core.trace = trace;
  fabric.noc = config.noc;
  if (result.link_length_mm > 0.0) fabric.noc.link_length_mm = result.link_length_mm;
  fabric.barrier_hop_cycles = config.synchronisation.barrier_hop_cycles;
  fabric.early_stop = config.snn.early_stop;
  fabric.time_steps = config.snn.time_steps;
  fabric.loaded_by_host = true;
  LoadingTiming loading;
  loading.period_ns = run.period_ns;
  loading.write_latency_ns = result.memory.write_latency_ns;
  loading.write_switching_probability = result.memory.write_switching_probability;

  const std::size_t streamed = std::min(samples, dataset.size());
  ChipIo::Progress io_progress;
  if (progress) io_progress = [&progress, streamed](std::size_t done) { progress(done, streamed); };
  ChipTestbench testbench("testbench", config, fabric, result.mapping, network, dataset, streamed, loading,
                          io_progress);
  SpinapsChip& chip = testbench.chip();
  const auto wall_start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  result.inferences = std::move(chip.io().records());
  result.streaming = chip.streaming();
  result.io = chip.io().statistics();
  check_decisions_read(testbench.host().decisions(), result.inferences, streamed);
  for (InferenceRecord& record : result.inferences) record.label = dataset.labels[record.sample_id];

  const ChipFabric& chip_fabric = chip.fabric();
  for (const auto& core : chip_fabric.cores()) {
    core->publish(run.actions);
    const stt::SttFaultCounts counts = core->fault_counts();
    result.fault_counts.stuck_at_p_cells += counts.stuck_at_p_cells;
    result.fault_counts.stuck_at_ap_cells += counts.stuck_at_ap_cells;
    result.fault_counts.write_failures += counts.write_failures;
    result.fault_counts.corrupted_cells += counts.corrupted_cells;
    result.fault_counts.read_errors += counts.read_errors;
    result.mac_cycles_per_row = std::max(result.mac_cycles_per_row, core->mac_cycles_per_row());
    result.subarrays += core->layout().subarrays();
    result.row_groups = std::max(result.row_groups, core->layout().row_groups);
    result.column_groups = std::max(result.column_groups, core->layout().column_groups);
  }
  if (result.cores > 1) {
    chip_fabric.mesh().publish(run.actions);
    // The input stream's flits, at zero load: written and read once per router crossed, one
    // crossbar and one link traversal per hop (the decisions stay at node 0).
    for (const char* action :
         {noc::kActionBufferWrite, noc::kActionBufferRead, noc::kActionCrossbar, noc::kActionLink}) {
      run.actions.add(action, result.streaming.input_flit_hops);
    }
  }
  result.noc = chip_fabric.mesh().statistics();
  result.fabric = chip_fabric.statistics();
  result.barrier_cycles = chip_fabric.barrier_cycles();
  if (config.stt_faults.any_static()) {
    result.programmed_network = std::make_shared<snn::LayeredNetwork>(chip_fabric.programmed_network());
  }
  result.scheduler = chip.clock_domain().statistics();
  result.loading = chip.loading();
  run.simulated_cycles =
      result.inferences.empty() ? 0 : result.inferences.back().end_cycle + 1 - result.inferences.front().start_cycle;
  for (const snn::QuantisedNetwork& layer : network.layers) {
    result.bits_programmed += static_cast<std::uint64_t>(layer.weights.size()) * layer.shape.weight_bits;
  }
  publish_statistics(result);
  return result;
}

}  // namespace spinaps::chip
