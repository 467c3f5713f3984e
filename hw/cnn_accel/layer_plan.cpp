#include "hw/cnn_accel/layer_plan.h"

#include <algorithm>
#include <map>
#include <set>

namespace spinaps::cnn_accel {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

bool is_image(const cnn::Shape& shape) { return shape.size() == 4; }

/// Fills the spatial fields of a unit from its output (and first activation input) shape.
void set_rows(UnitPlan& unit, const cnn::Shape& input, const cnn::Shape& output) {
  if (is_image(output) && !unit.whole_tensor) {
    unit.rows = output[2];
    unit.row_elements = output[1] * output[3];
  } else {
    unit.rows = 1;
    unit.whole_tensor = true;
    unit.row_elements = cnn::element_count(output);
  }
  unit.input_rows = is_image(input) ? input[2] : 1;
}

void plan_weight_layer(UnitPlan& unit, const cnn::Graph& graph, const cnn::Node& node,
                       const AcceleratorConfig& config) {
  const cnn::Shape& input = graph.shapes.at(node.inputs[0]);
  const cnn::Shape& output = graph.shapes.at(node.output);
  unit.weight_layer = true;
  if (unit.kind == cnn::OpKind::kConv) {
    const auto& params = std::get<cnn::ConvParams>(node.params);
    const cnn::Shape& weights = graph.shapes.at(node.inputs[1]);
    unit.groups = params.groups;
    unit.k = weights[1] * weights[2] * weights[3];
    unit.m = weights[0] / params.groups;
    unit.positions_per_row = output[3];
    unit.window_stride = params.window.stride_h;
    unit.window_extent = (params.window.kernel_h - 1) * params.window.dilation_h + 1;
    unit.window_pad_top = params.window.pad_top;
  } else {
    // Gemm / MatMul on [rows, K]: every row of A is one input vector; the whole tensor is one row.
    unit.whole_tensor = true;
    const cnn::Shape& b = graph.shapes.at(node.inputs[1]);
    bool transpose_b = false;
    if (unit.kind == cnn::OpKind::kGemm) transpose_b = std::get<cnn::GemmParams>(node.params).transpose_b;
    unit.k = transpose_b ? b[1] : b[0];
    unit.m = transpose_b ? b[0] : b[1];
    unit.positions_per_row = cnn::element_count(input) / unit.k;
  }
  set_rows(unit, input, output);
  unit.slices = slices_per_weight(config);
  const std::int64_t logical_columns = config.tile.cols / (2 * static_cast<std::int64_t>(unit.slices));
  if (logical_columns < 1) {
    throw config::ConfigError(config.file, "tile.cols",
                              "a weight needs 2 x " + std::to_string(unit.slices) +
                                  " device columns (differential pairs x slices); expected at least that many");
  }
  unit.row_chunks = ceil_div(unit.k, memristor::inputs_per_tile(config.tile));
  unit.column_chunks = ceil_div(unit.m, logical_columns);
  unit.tiles_per_copy = unit.row_chunks * unit.column_chunks * unit.groups;
  const double devices_used = 2.0 * unit.slices * config.tile.devices_per_slice * static_cast<double>(unit.k) *
                              static_cast<double>(unit.m) * static_cast<double>(unit.groups);
  unit.utilisation = devices_used / (static_cast<double>(unit.tiles_per_copy) * config.tile.rows * config.tile.cols);
  unit.conversions_per_phase = std::min(unit.m, logical_columns) * unit.slices;
  unit.row_input_elements = unit.positions_per_row * unit.k * unit.groups;
}

std::uint64_t digital_ops_of(const UnitPlan& unit, const cnn::Node& node) {
  const auto ops_per_element = [&]() -> std::uint64_t {
    switch (unit.kind) {
      case cnn::OpKind::kMaxPool: {
        const auto& window = std::get<cnn::PoolParams>(node.params).window;
        return static_cast<std::uint64_t>(window.kernel_h * window.kernel_w);
      }
      case cnn::OpKind::kResize:
        return std::get<cnn::ResizeParams>(node.params).mode == cnn::ResizeMode::kLinear ? 4U : 1U;
      default:
        return 1U;
    }
  };
  return static_cast<std::uint64_t>(unit.row_elements) * ops_per_element();
}

void plan_digital_unit(UnitPlan& unit, const cnn::Graph& graph, const cnn::Node& node) {
  const cnn::Shape& output = graph.shapes.at(node.output);
  const cnn::Shape& input = graph.shapes.at(node.inputs[0]);
  switch (unit.kind) {
    case cnn::OpKind::kMaxPool: {
      const auto& window = std::get<cnn::PoolParams>(node.params).window;
      unit.window_stride = window.stride_h;
      unit.window_extent = (window.kernel_h - 1) * window.dilation_h + 1;
      unit.window_pad_top = window.pad_top;
      break;
    }
    case cnn::OpKind::kResize:
      unit.resize = true;
      break;
    case cnn::OpKind::kConcat:
      unit.whole_tensor = !(is_image(output) && std::get<cnn::AxisParams>(node.params).axis == 1);
      break;
    case cnn::OpKind::kFlatten:
    case cnn::OpKind::kReshape:
      unit.whole_tensor = true;
      break;
    default:
      break;
  }
  // Element-wise operators stay row-wise only when every streamed input has the output's rows.
  set_rows(unit, input, output);
  unit.digital_ops_per_row = digital_ops_of(unit, node);
  unit.row_input_elements = static_cast<std::int64_t>(unit.digital_ops_per_row);
}

void replicate(AcceleratorPlan& plan, const AcceleratorConfig& config) {
  if (config.mapping.replication == Replication::kNone) return;
  for (;;) {
    UnitPlan* slowest = nullptr;
    std::uint64_t slowest_cycles = 0;
    for (UnitPlan& unit : plan.units) {
      const std::uint64_t cycles = static_cast<std::uint64_t>(unit.rows) * unit.row_cycles();
      if (cycles > slowest_cycles) {
        slowest_cycles = cycles;
        slowest = &unit;
      }
    }
    // Only a weight layer with positions left to share can be sped up by copies.
    if (slowest == nullptr || !slowest->weight_layer) return;
    const std::uint32_t limit =
        static_cast<std::uint32_t>(std::min<std::int64_t>(config.mapping.max_replication, slowest->positions_per_row));
    if (slowest->copies >= limit) return;
    const std::uint32_t wanted = std::min(limit, slowest->copies * 2);
    const std::int64_t extra = slowest->tiles_per_copy * (wanted - slowest->copies);
    if (plan.tiles_used + extra > plan.tile_capacity) return;
    plan.tiles_used += extra;
    slowest->copies = wanted;
  }
}

void place(AcceleratorPlan& plan, const AcceleratorConfig& config) {
  const std::int64_t per_node = config.node.tiles_per_node;
  std::int64_t next_tile = 0;
  for (UnitPlan& unit : plan.units) {
    if (unit.weight_layer) {
      unit.first_tile = next_tile;
      unit.home_node = static_cast<std::uint32_t>(next_tile / per_node);
      std::set<std::uint32_t> all;
      unit.remote_nodes_per_copy.assign(unit.copies, {});
      for (std::uint32_t copy = 0; copy < unit.copies; ++copy) {
        std::set<std::uint32_t> nodes;
        for (std::int64_t tile = 0; tile < unit.tiles_per_copy; ++tile) {
          nodes.insert(static_cast<std::uint32_t>((next_tile + tile) / per_node));
        }
        next_tile += unit.tiles_per_copy;
        for (std::uint32_t node : nodes) {
          all.insert(node);
          if (node != unit.home_node) unit.remote_nodes_per_copy[copy].push_back(node);
        }
      }
      unit.nodes.assign(all.begin(), all.end());
    } else {
      // A digital unit works on the node its first streamed input comes from (the host's for
      // graph inputs), so element-wise work after a layer needs no transfer.
      unit.home_node = plan.host_node;
      for (const UnitInput& input : unit.inputs) {
        if (input.constant) continue;
        if (input.producer >= 0) unit.home_node = plan.units[static_cast<std::size_t>(input.producer)].home_node;
        break;
      }
      unit.nodes = {unit.home_node};
    }
  }
  std::set<std::uint32_t> used;
  for (const UnitPlan& unit : plan.units) used.insert(unit.nodes.begin(), unit.nodes.end());
  used.insert(plan.host_node);
  plan.nodes_used = static_cast<std::int64_t>(used.size());
}

}  // namespace

std::uint64_t UnitPlan::row_cycles() const {
  if (!weight_layer) {
    const std::uint64_t steps = (digital_ops_per_row + digital_lanes - 1) / digital_lanes;
    return std::max<std::uint64_t>(1, steps * digital_op_cycles);
  }
  const std::uint64_t positions = static_cast<std::uint64_t>(ceil_div(positions_per_row, copies));
  const std::uint64_t step = std::max<std::uint64_t>(read_cycles, conversion_cycles);
  return read_cycles + (positions * phases - 1) * step + conversion_cycles;
}

std::int64_t UnitPlan::positions_of_copy(std::uint32_t copy) const {
  if (copy >= copies || copy >= positions_per_row) return 0;
  return (positions_per_row - copy + copies - 1) / copies;
}

std::int64_t UnitPlan::last_input_row(std::size_t input, std::int64_t row) const {
  const UnitInput& source = inputs.at(input);
  if (source.constant) return -1;
  const std::int64_t last = source.rows - 1;
  if (whole_tensor || source.rows == 1) return last;
  if (window_extent > 1 || window_stride > 1 || window_pad_top > 0) {
    return std::clamp<std::int64_t>(row * window_stride - window_pad_top + window_extent - 1, 0, last);
  }
  if (resize) {
    // Any interpolation of output row y reads input rows up to ceil((y + 1) x H_in / H_out).
    return std::min(last, ceil_div((row + 1) * source.rows, rows));
  }
  return std::min(last, row);
}

std::int64_t AcceleratorPlan::tiles_on_node(const UnitPlan& unit, std::uint32_t copy, std::uint32_t node) const {
  const std::int64_t begin = unit.first_tile + static_cast<std::int64_t>(copy) * unit.tiles_per_copy;
  const std::int64_t end = begin + unit.tiles_per_copy;
  const std::int64_t node_begin = static_cast<std::int64_t>(node) * tiles_per_node;
  const std::int64_t node_end = node_begin + tiles_per_node;
  return std::max<std::int64_t>(0, std::min(end, node_end) - std::max(begin, node_begin));
}

std::uint64_t AcceleratorPlan::bottleneck_cycles_per_frame() const {
  std::uint64_t slowest = 0;
  for (const UnitPlan& unit : units) {
    slowest = std::max(slowest, static_cast<std::uint64_t>(unit.rows) * unit.row_cycles());
  }
  return slowest;
}

AcceleratorPlan plan_accelerator(const cnn::Graph& graph, const AcceleratorConfig& config, const UnitTiming& timing) {
  AcceleratorPlan plan;
  plan.timing = timing;
  plan.tile_capacity = static_cast<std::int64_t>(config.tile_capacity());
  plan.activation_bits = config.tile.input_bits;
  plan.tiles_per_node = config.node.tiles_per_node;
  plan.nodes = config.noc.nodes();
  std::map<std::string, int> producer_of;
  for (std::size_t index = 0; index < graph.nodes.size(); ++index) {
    const cnn::Node& node = graph.nodes[index];
    UnitPlan unit;
    unit.node_index = index;
    unit.name = node.name;
    unit.op_type = node.op_type;
    unit.kind = node.kind;
    for (const std::string& value : node.inputs) {
      if (value.empty()) continue;
      UnitInput input;
      input.value = value;
      input.constant = graph.constants.count(value) > 0;
      const auto found = producer_of.find(value);
      if (found != producer_of.end()) input.producer = found->second;
      unit.inputs.push_back(input);
    }
    const cnn::Shape& output = graph.shapes.at(node.output);
    if (is_image(output) && output[0] != 1) {
      cnn::throw_node_error(
          graph, node, "the accelerator maps one frame at a time; expected batch 1, got " + cnn::to_string(output));
    }
    const bool weight =
        (node.kind == cnn::OpKind::kConv || node.kind == cnn::OpKind::kGemm || node.kind == cnn::OpKind::kMatMul);
    if (weight) {
      plan_weight_layer(unit, graph, node, config);
      unit.phases = memristor::dac_phases(config.tile);
      unit.read_cycles = timing.array_read_cycles;
      unit.conversion_cycles =
          static_cast<std::uint64_t>(ceil_div(unit.conversions_per_phase, config.tile.adcs_per_tile)) *
          timing.adc_conversion_cycles;
      plan.tiles_used += unit.tiles_per_copy;
    } else {
      plan_digital_unit(unit, graph, node);
      unit.digital_lanes = config.node.digital_lanes;
      unit.digital_op_cycles = timing.digital_op_cycles;
    }
    for (UnitInput& input : unit.inputs) {
      if (input.constant) continue;
      input.rows = input.producer >= 0 ? plan.units[static_cast<std::size_t>(input.producer)].rows
                                       : (is_image(graph.shapes.at(input.value)) ? graph.shapes.at(input.value)[2] : 1);
    }
    producer_of[node.output] = static_cast<int>(plan.units.size());
    plan.units.push_back(std::move(unit));
  }
  for (std::size_t index = 0; index < plan.units.size(); ++index) {
    for (const UnitInput& input : plan.units[index].inputs) {
      if (input.producer >= 0) {
        plan.units[static_cast<std::size_t>(input.producer)].consumers.push_back(static_cast<int>(index));
      }
    }
  }
  for (const std::string& output : graph.outputs) {
    const auto found = producer_of.find(output);
    if (found != producer_of.end()) plan.units[static_cast<std::size_t>(found->second)].graph_output = true;
  }
  if (plan.tiles_used > plan.tile_capacity) {
    throw config::ConfigError(config.file, "noc",
                              graph.source + " needs " + std::to_string(plan.tiles_used) +
                                  " tiles without replication; the mesh holds " + std::to_string(plan.tile_capacity) +
                                  " (mesh_rows x mesh_cols x node.tiles_per_node); expected a larger mesh or tile");
  }
  replicate(plan, config);
  place(plan, config);
  return plan;
}

}  // namespace spinaps::cnn_accel
