#pragma once
// A chip for tests: the host, one clock domain and the fabric (cores, mesh, controller) for a
// network, with a core geometry that holds the whole network in one core unless a mesh is given.
#include "hw/chip/chip_fabric.h"
#include "hw/chip/dataset_host.h"
#include "hw/chip/mapping.h"
#include "hw/common/clock_domain.h"

namespace spinaps::testing {

struct TestChipOptions {
  double period_ns = 2.0;
  bool idle_skipping = true;
  hw::Cycle quantum = 1000;
  chip::CoreGeometry geometry;  ///< automatic by default: one core holds a whole layer
  noc::NocConfig noc;           ///< the mesh (1 x 1 by default)
  chip::Placement placement = chip::Placement::kNaive;
};

/// A core of rows x cols subarrays drawing from `seed`, with an accumulator wide enough that no
/// test saturates it; every other setting is the default.
inline core::CoreConfig test_core(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed) {
  core::CoreConfig config;
  config.crossbar.rows = rows;
  config.crossbar.cols = cols;
  config.neuron.accumulator_bits = 32;
  config.seed = seed;
  return config;
}

inline chip::Mapping map_for_test(const core::CoreConfig& core, const snn::LayeredNetwork& network,
                                  const TestChipOptions& options) {
  chip::MappingInputs inputs;
  inputs.snn = network.shape;
  inputs.crossbar = core.crossbar;
  inputs.core = options.geometry;
  inputs.mesh_rows = options.noc.rows;
  inputs.mesh_cols = options.noc.cols;
  inputs.accumulator_bits = core.neuron.accumulator_bits;
  inputs.placement = options.placement;
  return chip::map_network(inputs);
}

inline chip::FabricConfig fabric_for_test(const core::CoreConfig& core, const snn::LayeredNetwork& network,
                                          const TestChipOptions& options) {
  chip::FabricConfig fabric;
  fabric.core = core;
  fabric.noc = options.noc;
  fabric.early_stop = network.shape.early_stop;
  fabric.time_steps = network.shape.time_steps;
  return fabric;
}

struct TestChip {
  TestChip(const char* name, const core::CoreConfig& core, const snn::LayeredNetwork& network,
           const data::ImageDataset& images, std::size_t samples, const TestChipOptions& options = {})
      : network(network),
        host(images, samples, nullptr),
        domain(name, options.period_ns, options.idle_skipping, options.quantum),
        mapping(map_for_test(core, this->network, options)),
        fabric(fabric_for_test(core, this->network, options), mapping, this->network, host, domain) {}
  [[nodiscard]] const core::SpinapsCore& core(std::size_t index = 0) const { return *fabric.cores().at(index); }
  [[nodiscard]] energy::ActionCounts actions() const {
    energy::ActionCounts counts;
    for (const auto& core : fabric.cores()) core->publish(counts);
    return counts;
  }

  // A copy, because the fabric keeps a reference and callers often pass a temporary.
  snn::LayeredNetwork network;
  chip::DatasetHost host;
  hw::ClockDomain domain;
  chip::Mapping mapping;
  chip::ChipFabric fabric;
};

}  // namespace spinaps::testing
