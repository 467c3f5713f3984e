#pragma once
// Elaborates the chip for one configuration, runs the SystemC kernel over a dataset and gathers
// the statistics once, at the end. One simulation per process (one SystemC kernel per process).
#include <functional>
#include <memory>
#include <vector>

#include "hw/chip/chip_config.h"
#include "hw/chip/dataset_host.h"
#include "hw/common/clock_domain.h"
#include "hw/core/trace_sink.h"
#include "models/energy/action_counts.h"
#include "models/energy/energy_model.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/network.h"

namespace spinaps::chip {

struct SimulationResult {
  std::vector<InferenceRecord> inferences;
  energy::ActionCounts actions;
  hw::SchedulerStatistics scheduler;
  hw::Cycle total_cycles = 0;  ///< from the first cycle to the last decision, inclusive
  double period_ns = 0.0;
  std::uint32_t read_cycles = 0;  ///< cycles per row read
  std::uint32_t mac_cycles_per_row = 0;
  std::uint32_t subarrays = 0;
  std::uint32_t row_groups = 0;
  std::uint32_t column_groups = 0;
  std::uint64_t bits_programmed = 0;
  stt::SttFaultCounts fault_counts;
  /// The weights as programmed, when static faults changed them (else null: as trained).
  std::shared_ptr<const snn::QuantisedNetwork> programmed_network;
  tech::ArchitectureSizes sizes;
  tech::TechnologyModel technology;
  double wall_seconds = 0.0;
};

/// The architecture the energy and area model needs, derived from the configuration.
tech::ArchitectureSizes architecture_sizes(const ChipConfig& config);
/// Cycles one row read occupies a subarray: the cell + sense latency rounded up to whole cycles,
/// times the column-mux passes needed to sense all used bit lines.
std::uint32_t row_read_cycles(const ChipConfig& config, double read_latency_ns);

/// `trace`, when given, observes the core's timeline (it never changes a count).
SimulationResult simulate(const ChipConfig& config, const snn::QuantisedNetwork& network,
                          const data::ImageDataset& dataset, std::size_t samples, const DatasetHost::Progress& progress,
                          core::TraceSink* trace = nullptr);

}  // namespace spinaps::chip
