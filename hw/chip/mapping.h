#pragma once
// Mapping a layered network onto the cores of a mesh.
//
// Splitting: a core holds row_subarrays x column_subarrays STT subarrays, so it takes at most
// row_subarrays*rows inputs and column_subarrays*floor(cols/(K*B)) neurons of one layer. A larger
// layer is cut into row blocks x column blocks of near-equal size; each block is one partition on
// one core. Row block 0 of each column block is the block's owner: it holds the biases and the
// feedback weights, adds the partial sums the other row blocks send it over the NoC, fires the
// neurons and sends their spikes on.
//
// Traffic model for placement (per time step, in bits): every non-owner sends its owner
// neurons x accumulator_bits of partial sums; every owner sends each neuron's spikes to the
// partitions of the next layer whose rows hold that neuron (at most one spike per neuron and step;
// the placer weights by that upper bound, aer_bits per spike), and the output layer's owners send
// theirs to the decision unit at node 0, where the host interface sits.
//
// Placement: "naive" puts partitions on nodes 0, 1, 2, ... in (layer, column block, row block)
// order, row-major over the mesh; "traffic_aware" starts there and applies the best pairwise swap
// of nodes (including empty ones) while it lowers the traffic-weighted hop count (deterministic
// steepest descent; the cost it reaches is reported).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/stt/crossbar_config.h"
#include "models/config/choice.h"
#include "workloads/snn/snn_config.h"

namespace spinaps::chip {

/// Subarrays per core. Without a "core" section the geometry is automatic: every core is sized to
/// hold the largest layer whole (one core per layer, the single-core SpinAPS of the paper).
struct CoreGeometry {
  bool automatic = true;
  std::uint32_t row_subarrays = 1;     ///< subarrays stacked along the inputs (word lines)
  std::uint32_t column_subarrays = 1;  ///< subarrays side by side along the neurons (bit lines)
};
CoreGeometry parse_core_geometry(config::ConfigNode node);
/// The geometry a mapping uses: `core` itself, or the automatic one for this network and crossbar.
CoreGeometry resolve_core_geometry(const CoreGeometry& core, const snn::SnnConfig& snn,
                                   const stt::CrossbarConfig& crossbar);

enum class Placement { kNaive, kTrafficAware };

struct Partition {
  std::uint32_t layer = 0;
  std::uint32_t row_block = 0;
  std::uint32_t column_block = 0;
  std::uint32_t first_input = 0;  ///< first input (row) of the layer held here
  std::uint32_t inputs = 0;
  std::uint32_t first_neuron = 0;  ///< first neuron (column block) of the layer held here
  std::uint32_t neurons = 0;
  std::uint32_t node = 0;  ///< mesh node (row * cols + col)
  [[nodiscard]] bool owner() const { return row_block == 0; }
};

struct LayerSplit {
  std::uint32_t inputs = 0, neurons = 0;
  std::uint32_t row_blocks = 0, column_blocks = 0;
};

/// One flow of the traffic model: bits per time step from one partition to another (or, with
/// to == kDecisionUnit, to the decision unit at node 0).
struct TrafficFlow {
  static constexpr std::uint32_t kDecisionUnit = 0xFFFFFFFFU;
  std::uint32_t from = 0, to = 0;
  double bits_per_step = 0.0;
};

struct Mapping {
  std::uint32_t mesh_rows = 1, mesh_cols = 1;
  CoreGeometry core;  ///< as resolved
  Placement placement = Placement::kNaive;
  std::vector<LayerSplit> layers;
  std::vector<Partition> partitions;  ///< in (layer, column block, row block) order
  std::vector<TrafficFlow> flows;
  double weighted_hops_per_step = 0.0;  ///< sum over flows of bits x hops (the placer's cost)

  /// The partition that owns (fires) neuron `neuron` of layer `layer`.
  [[nodiscard]] const Partition& owner_of(std::uint32_t layer, std::uint32_t neuron) const;
  [[nodiscard]] std::uint32_t hops(std::uint32_t node_a, std::uint32_t node_b) const;
  [[nodiscard]] nlohmann::ordered_json to_json() const;
};

struct MappingInputs {
  snn::SnnConfig snn;
  stt::CrossbarConfig crossbar;
  CoreGeometry core;
  std::uint32_t mesh_rows = 1, mesh_cols = 1;
  std::uint32_t accumulator_bits = 24;
  std::uint32_t aer_bits = 16;  ///< bits one spike event carries
  Placement placement = Placement::kNaive;
  std::string config_file;  ///< for errors
};

/// Throws config::ConfigError (naming the mesh size keys) when the partitions outnumber the cores.
Mapping map_network(const MappingInputs& inputs);

/// "naive", "traffic_aware": the configuration's mapping.placement.
const config::ChoiceTable<Placement>& placement_choices();
std::string placement_name(Placement placement);

}  // namespace spinaps::chip
