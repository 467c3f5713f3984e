#include "hw/chip/mapping.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "models/config/config_reader.h"

namespace spinaps::chip {
namespace {

std::uint32_t ceil_div(std::uint32_t a, std::uint32_t b) { return (a + b - 1) / b; }

/// Block b of `count` items cut into `blocks` near-equal blocks: {first, size}.
std::pair<std::uint32_t, std::uint32_t> block_range(std::uint32_t count, std::uint32_t blocks, std::uint32_t b) {
  const std::uint32_t size = ceil_div(count, blocks);
  const std::uint32_t first = b * size;
  return {first, std::min(size, count - first)};
}

std::vector<TrafficFlow> traffic_flows(const Mapping& mapping, const MappingInputs& inputs) {
  std::vector<TrafficFlow> flows;
  const auto count = static_cast<std::uint32_t>(mapping.partitions.size());
  for (std::uint32_t p = 0; p < count; ++p) {
    const Partition& part = mapping.partitions[p];
    if (!part.owner()) {
      const Partition& owner = mapping.owner_of(part.layer, part.first_neuron);
      const auto owner_index = static_cast<std::uint32_t>(&owner - mapping.partitions.data());
      flows.push_back({p, owner_index, static_cast<double>(part.neurons) * inputs.accumulator_bits});
      continue;
    }
    if (part.layer + 1 == mapping.layers.size()) {
      flows.push_back({p, TrafficFlow::kDecisionUnit, static_cast<double>(part.neurons) * inputs.aer_bits});
      continue;
    }
    for (std::uint32_t q = 0; q < count; ++q) {
      const Partition& next = mapping.partitions[q];
      if (next.layer != part.layer + 1) continue;
      const std::uint32_t begin = std::max(part.first_neuron, next.first_input);
      const std::uint32_t end = std::min(part.first_neuron + part.neurons, next.first_input + next.inputs);
      if (begin < end) flows.push_back({p, q, static_cast<double>(end - begin) * inputs.aer_bits});
    }
  }
  return flows;
}

double placement_cost(const Mapping& mapping, const std::vector<std::uint32_t>& node_of) {
  double cost = 0.0;
  for (const TrafficFlow& flow : mapping.flows) {
    const std::uint32_t to = flow.to == TrafficFlow::kDecisionUnit ? 0 : node_of[flow.to];
    cost += flow.bits_per_step * mapping.hops(node_of[flow.from], to);
  }
  return cost;
}

/// Steepest descent over pairwise swaps of node contents (a partition with another or with an
/// empty node). Deterministic: the first best swap in (a, b) order wins.
void improve_placement(Mapping& mapping) {
  const std::uint32_t nodes = mapping.mesh_rows * mapping.mesh_cols;
  std::vector<std::uint32_t> node_of(mapping.partitions.size());
  std::vector<std::int64_t> partition_at(nodes, -1);
  for (std::size_t p = 0; p < mapping.partitions.size(); ++p) {
    node_of[p] = mapping.partitions[p].node;
    partition_at[node_of[p]] = static_cast<std::int64_t>(p);
  }
  double cost = placement_cost(mapping, node_of);
  for (int round = 0; round < 1000; ++round) {
    double best = cost;
    std::uint32_t best_a = 0, best_b = 0;
    for (std::uint32_t a = 0; a < nodes; ++a) {
      for (std::uint32_t b = a + 1; b < nodes; ++b) {
        const std::int64_t pa = partition_at[a], pb = partition_at[b];
        if (pa < 0 && pb < 0) continue;
        if (pa >= 0) node_of[pa] = b;
        if (pb >= 0) node_of[pb] = a;
        const double trial = placement_cost(mapping, node_of);
        if (pa >= 0) node_of[pa] = a;
        if (pb >= 0) node_of[pb] = b;
        if (trial < best - 1e-9) {
          best = trial;
          best_a = a;
          best_b = b;
        }
      }
    }
    if (!(best < cost)) break;
    const std::int64_t pa = partition_at[best_a], pb = partition_at[best_b];
    if (pa >= 0) node_of[pa] = best_b;
    if (pb >= 0) node_of[pb] = best_a;
    std::swap(partition_at[best_a], partition_at[best_b]);
    cost = best;
  }
  for (std::size_t p = 0; p < mapping.partitions.size(); ++p) mapping.partitions[p].node = node_of[p];
}

}  // namespace

CoreGeometry resolve_core_geometry(const CoreGeometry& core, const snn::SnnConfig& snn,
                                   const stt::CrossbarConfig& crossbar) {
  if (!core.automatic) return core;
  const std::vector<std::uint32_t> sizes = snn::layer_sizes(snn);
  const std::uint32_t tallest = *std::max_element(sizes.begin(), sizes.end() - 1);
  const std::uint32_t widest = *std::max_element(sizes.begin() + 1, sizes.end());
  const std::uint32_t per_subarray = std::max(1U, crossbar.cols / (snn.basis_functions * snn.weight_bits));
  CoreGeometry resolved;
  resolved.automatic = false;
  resolved.row_subarrays = ceil_div(tallest, crossbar.rows);
  resolved.column_subarrays = ceil_div(widest, per_subarray);
  return resolved;
}

CoreGeometry parse_core_geometry(config::ConfigNode node) {
  CoreGeometry core;
  core.automatic = false;
  core.row_subarrays = static_cast<std::uint32_t>(node.integer("row_subarrays", 1, 64));
  core.column_subarrays = static_cast<std::uint32_t>(node.integer("column_subarrays", 1, 64));
  node.finish();
  return core;
}

const config::ChoiceTable<Placement>& placement_choices() {
  static const config::ChoiceTable<Placement> kTable(
      "placement",
      {{"naive", Placement::kNaive, "partitions on nodes 0, 1, 2, ... in (layer, column block, row block) order"},
       {"traffic_aware", Placement::kTrafficAware,
        "pairwise swaps that lower the traffic-weighted hops (docs/chip.md)"}});
  return kTable;
}

std::string placement_name(Placement placement) { return placement_choices().name_of(placement); }

const Partition& Mapping::owner_of(std::uint32_t layer, std::uint32_t neuron) const {
  for (const Partition& part : partitions) {
    if (part.layer == layer && part.owner() && neuron >= part.first_neuron &&
        neuron < part.first_neuron + part.neurons) {
      return part;
    }
  }
  throw std::logic_error("no partition owns neuron " + std::to_string(neuron) + " of layer " + std::to_string(layer));
}

std::uint32_t Mapping::hops(std::uint32_t node_a, std::uint32_t node_b) const {
  const auto row_a = static_cast<int>(node_a / mesh_cols), col_a = static_cast<int>(node_a % mesh_cols);
  const auto row_b = static_cast<int>(node_b / mesh_cols), col_b = static_cast<int>(node_b % mesh_cols);
  return static_cast<std::uint32_t>(std::abs(row_a - row_b) + std::abs(col_a - col_b));
}

Mapping map_network(const MappingInputs& inputs) {
  Mapping mapping;
  mapping.mesh_rows = inputs.mesh_rows;
  mapping.mesh_cols = inputs.mesh_cols;
  mapping.placement = inputs.placement;
  mapping.core = resolve_core_geometry(inputs.core, inputs.snn, inputs.crossbar);
  const std::uint32_t bits_per_neuron = inputs.snn.basis_functions * inputs.snn.weight_bits;
  const std::uint32_t neurons_per_subarray = inputs.crossbar.cols / bits_per_neuron;
  if (neurons_per_subarray == 0) {
    throw config::ConfigError(inputs.config_file, "crossbar.cols",
                              "value " + std::to_string(inputs.crossbar.cols) + " cannot hold one neuron's K*B = " +
                                  std::to_string(bits_per_neuron) + " weight bits");
  }
  const std::uint32_t max_inputs = mapping.core.row_subarrays * inputs.crossbar.rows;
  const std::uint32_t max_neurons = mapping.core.column_subarrays * neurons_per_subarray;
  const std::vector<std::uint32_t> sizes = snn::layer_sizes(inputs.snn);
  for (std::uint32_t layer = 0; layer + 1 < sizes.size(); ++layer) {
    LayerSplit split{sizes[layer], sizes[layer + 1], ceil_div(sizes[layer], max_inputs),
                     ceil_div(sizes[layer + 1], max_neurons)};
    mapping.layers.push_back(split);
    for (std::uint32_t cb = 0; cb < split.column_blocks; ++cb) {
      for (std::uint32_t rb = 0; rb < split.row_blocks; ++rb) {
        Partition part;
        part.layer = layer;
        part.row_block = rb;
        part.column_block = cb;
        std::tie(part.first_input, part.inputs) = block_range(split.inputs, split.row_blocks, rb);
        std::tie(part.first_neuron, part.neurons) = block_range(split.neurons, split.column_blocks, cb);
        part.node = static_cast<std::uint32_t>(mapping.partitions.size());
        mapping.partitions.push_back(part);
      }
    }
  }
  const std::uint32_t nodes = inputs.mesh_rows * inputs.mesh_cols;
  if (mapping.partitions.size() > nodes) {
    const auto needed = static_cast<std::uint32_t>(mapping.partitions.size());
    throw config::ConfigError(inputs.config_file, "noc.mesh_rows",
                              "a " + std::to_string(inputs.mesh_rows) + "x" + std::to_string(inputs.mesh_cols) +
                                  " mesh has " + std::to_string(nodes) + " cores but the network needs " +
                                  std::to_string(needed) + " (one per partition; a core holds " +
                                  std::to_string(max_inputs) + " inputs x " + std::to_string(max_neurons) +
                                  " neurons); expected noc.mesh_rows x noc.mesh_cols >= " + std::to_string(needed));
  }
  mapping.flows = traffic_flows(mapping, inputs);
  if (inputs.placement == Placement::kTrafficAware) improve_placement(mapping);
  std::vector<std::uint32_t> node_of;
  for (const Partition& part : mapping.partitions) node_of.push_back(part.node);
  mapping.weighted_hops_per_step = placement_cost(mapping, node_of);
  return mapping;
}

nlohmann::ordered_json Mapping::to_json() const {
  nlohmann::ordered_json json;
  json["mesh"] = std::to_string(mesh_rows) + "x" + std::to_string(mesh_cols);
  json["placement"] = placement_name(placement);
  json["core_subarrays"] = {{"rows", core.row_subarrays}, {"columns", core.column_subarrays}};
  json["traffic_weighted_hops_bits_per_step"] = weighted_hops_per_step;
  json["layers"] = nlohmann::ordered_json::array();
  for (const LayerSplit& layer : layers) {
    json["layers"].push_back({{"inputs", layer.inputs},
                              {"neurons", layer.neurons},
                              {"row_blocks", layer.row_blocks},
                              {"column_blocks", layer.column_blocks}});
  }
  json["partitions"] = nlohmann::ordered_json::array();
  for (const Partition& part : partitions) {
    json["partitions"].push_back({{"layer", part.layer},
                                  {"row_block", part.row_block},
                                  {"column_block", part.column_block},
                                  {"inputs", {part.first_input, part.first_input + part.inputs}},
                                  {"neurons", {part.first_neuron, part.first_neuron + part.neurons}},
                                  {"node", part.node},
                                  {"mesh_row", part.node / mesh_cols},
                                  {"mesh_col", part.node % mesh_cols}});
  }
  return json;
}

}  // namespace spinaps::chip
