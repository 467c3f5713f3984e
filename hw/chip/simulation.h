#pragma once
// Elaborates the chip for one configuration, runs the SystemC kernel over a dataset and gathers
// the statistics once, at the end. One simulation per process (one SystemC kernel per process).
#include <functional>
#include <memory>
#include <vector>

#include "hw/chip/chip_config.h"
#include "hw/chip/chip_fabric.h"
#include "hw/chip/dataset_host.h"
#include "hw/chip/host_interface.h"
#include "hw/chip/mapping.h"
#include "hw/common/clock_domain.h"
#include "hw/common/run_result.h"
#include "hw/core/core_technology.h"
#include "hw/core/trace_sink.h"
#include "workloads/mnist/idx_dataset.h"
#include "workloads/snn/network.h"

namespace spinaps::chip {

struct SimulationResult {
  /// The energy table, action counts, components and statistics of the chip; simulated_cycles runs
  /// from the first inference's start to the last decision, inclusive.
  hw::RunResult run;
  std::vector<InferenceRecord> inferences;
  hw::SchedulerStatistics scheduler;
  LoadingStatistics loading;      ///< the host's weight loading before inference (TLM-2.0)
  StreamingStatistics streaming;  ///< the host's input stream and decision reads (TLM-2.0)
  ChipIoStatistics io;
  std::uint32_t read_cycles = 0;         ///< cycles per row read
  std::uint32_t mac_cycles_per_row = 0;  ///< of the busiest core
  std::uint32_t subarrays = 0;           ///< subarrays holding weights, all cores
  std::uint32_t row_groups = 0;          ///< per core, the largest partition
  std::uint32_t column_groups = 0;
  std::uint32_t cores = 1;  ///< cores in the mesh (used or not)
  Mapping mapping;
  FabricStatistics fabric;
  noc::NocStatistics noc;
  double core_area_mm2 = 0.0;    ///< one core (the chip's components are in run)
  double link_length_mm = 0.0;   ///< router-to-router wire (0: a single core)
  hw::Cycle barrier_cycles = 0;  ///< per time step, after the last core and the NoC are done
  std::uint64_t bits_programmed = 0;
  stt::SttFaultCounts fault_counts;
  /// The weights as programmed, when static faults changed them (else null: as trained).
  std::shared_ptr<const snn::LayeredNetwork> programmed_network;
  core::CoreSizes sizes;
  stt::MemoryTiming memory;  ///< read latency, write energy and switching probability of the cells
};

/// The mapping of the configured network onto the configured mesh.
Mapping map_configured_network(const ChipConfig& config);
/// The architecture of ONE core the energy and area model needs: every core of the mesh is the
/// same, sized by the configuration's core geometry and the largest partition of the mapping.
core::CoreSizes architecture_sizes(const ChipConfig& config, const Mapping& mapping);
/// Cycles one row read occupies a subarray: the cell + sense latency rounded up to whole cycles,
/// times the column-mux passes needed to sense all used bit lines (of the widest partition).
std::uint32_t row_read_cycles(const ChipConfig& config, const Mapping& mapping, double read_latency_ns);

/// `trace`, when given, observes the chip's timeline and, through its core sinks, every core's (it
/// never changes a count).
SimulationResult simulate(const ChipConfig& config, const snn::LayeredNetwork& network,
                          const data::ImageDataset& dataset, std::size_t samples, const DatasetHost::Progress& progress,
                          core::TraceSink* trace = nullptr);

}  // namespace spinaps::chip
