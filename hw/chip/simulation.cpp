#include "hw/chip/simulation.h"

#include <chrono>
#include <cmath>

#include "hw/chip/spinaps_chip.h"

namespace spinaps::chip {

tech::ArchitectureSizes architecture_sizes(const ChipConfig& config) {
  const core::WeightLayout layout(config.crossbar, config.snn);
  tech::ArchitectureSizes sizes{};
  sizes.clock_mhz = config.clock.frequency_mhz;
  sizes.subarray_rows = config.crossbar.rows;
  sizes.subarray_cols = config.crossbar.cols;
  sizes.subarray_count = layout.subarrays();
  sizes.sense_amps_per_subarray = config.crossbar.sense_amps();
  sizes.weight_bits = config.snn.weight_bits;
  sizes.trace_bits = config.snn.trace_bits;
  sizes.accumulator_bits = config.neuron.accumulator_bits;
  sizes.mac_lanes = config.neuron.mac_lanes;
  sizes.neurons = config.snn.outputs;
  sizes.inputs = config.snn.inputs;
  sizes.window_steps = config.snn.window_steps;
  sizes.basis_functions = config.snn.basis_functions;
  sizes.feedback_basis_functions = config.snn.feedback_basis_functions;
  sizes.sigmoid_lut_entries = config.snn.sigmoid_lut_entries;
  sizes.sigmoid_lut_bits = 17;  // thresholds in [0, 65536]
  sizes.rng_units = config.neuron.firing_lanes;
  return sizes;
}

std::uint32_t row_read_cycles(const ChipConfig& config, double read_latency_ns) {
  const double cycles = read_latency_ns / config.clock.period_ns();
  const auto sense_cycles = static_cast<std::uint32_t>(std::max(1.0, std::ceil(cycles - 1e-9)));
  const core::WeightLayout layout(config.crossbar, config.snn);
  std::uint32_t widest = 0;
  for (std::uint32_t group = 0; group < layout.column_groups; ++group) {
    widest = std::max(widest, layout.used_columns(group, config.snn.outputs));
  }
  const std::uint32_t passes = (widest + config.crossbar.sense_amps() - 1) / config.crossbar.sense_amps();
  return sense_cycles * std::max(1U, passes);
}

SimulationResult simulate(const ChipConfig& config, const snn::QuantisedNetwork& network,
                          const data::ImageDataset& dataset, std::size_t samples, const DatasetHost::Progress& progress,
                          core::TraceSink* trace) {
  SimulationResult result;
  result.sizes = architecture_sizes(config);
  result.technology = tech::build_technology_model(config.technology, result.sizes);
  result.period_ns = config.clock.period_ns();
  result.read_cycles = row_read_cycles(config, result.technology.stt_read_latency_ns);

  core::CoreConfig core_config;
  core_config.crossbar = config.crossbar;
  core_config.neuron = config.neuron;
  core_config.read_cycles = result.read_cycles;
  core_config.seed = config.seed;
  core_config.faults = config.stt_faults;
  core_config.config_file = config.file;
  core_config.trace = trace;

  DatasetHost host(dataset, samples, progress);
  SpinapsChip chip("spinaps_chip", config, core_config, network, host);
  const auto wall_start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  result.inferences = std::move(host.records());
  chip.core().publish(result.actions);
  result.fault_counts = chip.core().fault_counts();
  if (config.stt_faults.any_static()) {
    result.programmed_network = std::make_shared<snn::QuantisedNetwork>(chip.core().programmed_network());
  }
  result.scheduler = chip.clock_domain().statistics();
  result.total_cycles = result.inferences.empty() ? 0 : result.inferences.back().end_cycle + 1;
  result.mac_cycles_per_row = chip.core().mac_cycles_per_row();
  result.subarrays = chip.core().layout().subarrays();
  result.row_groups = chip.core().layout().row_groups;
  result.column_groups = chip.core().layout().column_groups;
  result.bits_programmed = static_cast<std::uint64_t>(network.weights.size()) * network.shape.weight_bits;
  return result;
}

}  // namespace spinaps::chip
