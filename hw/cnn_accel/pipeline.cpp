#include "hw/cnn_accel/pipeline.h"

#include <algorithm>
#include <stdexcept>

namespace spinaps::cnn_accel {
namespace {

std::uint32_t to_payload_bits(std::uint64_t bits) {
  if (bits > UINT32_MAX) throw std::invalid_argument("a row of more than 2^32 bits cannot travel as one packet");
  return static_cast<std::uint32_t>(std::max<std::uint64_t>(bits, 1));
}

std::uint64_t graph_input_row_elements(const cnn::Shape& shape) {
  return shape.size() == 4 ? static_cast<std::uint64_t>(shape[1] * shape[3])
                           : static_cast<std::uint64_t>(cnn::element_count(shape));
}

}  // namespace

Pipeline::Pipeline(const AcceleratorPlan& plan, const TileNetwork& network, noc::MeshNetwork* mesh,
                   std::uint32_t accumulator_bits, Progress progress)
    : plan_(plan),
      network_(network),
      mesh_(mesh),
      accumulator_bits_(accumulator_bits),
      progress_(std::move(progress)),
      cursors_(plan.units.size()),
      node_digital_free_(plan.nodes, 0),
      unit_counts_(plan.units.size()),
      unit_busy_cycles_(plan.units.size(), 0) {
  for (const UnitPlan& unit : plan.units) {
    if (unit.graph_output) ++output_units_;
    for (const UnitInput& input : unit.inputs) {
      if (!input.constant && input.producer < 0) {
        ++input_readers_;
        break;
      }
    }
  }
}

void Pipeline::enqueue_frame(cnn::TensorMap inputs, hw::Cycle arrival) {
  FrameRecord record;
  record.frame = records_.size();
  record.arrival_cycle = arrival;
  records_.push_back(record);
  queue_.emplace_back(std::move(inputs), arrival);
}

Pipeline::FrameState& Pipeline::state_of(std::uint64_t frame) {
  const auto found = frames_.find(frame);
  if (found == frames_.end()) throw std::logic_error("pipeline: frame " + std::to_string(frame) + " is not in flight");
  return found->second;
}

void Pipeline::admit_frames(hw::Cycle now) {
  while (!queue_.empty() && queue_.front().second <= now && input_buffers_in_use_ < kInputBuffers) {
    const std::uint64_t frame = next_frame_to_admit_++;
    FrameState& state = frames_[frame];
    state.inputs = std::move(queue_.front().first);
    queue_.pop_front();
    const std::size_t units = plan_.units.size();
    state.rows_arrived.resize(units);
    state.tensors.resize(units);
    state.outputs.resize(units);
    for (std::size_t unit = 0; unit < units; ++unit) {
      state.rows_arrived[unit].assign(plan_.units[unit].inputs.size(), 0);
      state.tensors[unit].assign(plan_.units[unit].inputs.size(), nullptr);
    }
    records_.at(frame).admitted_cycle = now;
    ++admitted_frames_;
    ++input_buffers_in_use_;
    max_frames_in_flight_ = std::max<std::uint64_t>(max_frames_in_flight_, frames_.size());
    // The frame's rows stream from the host node to every unit reading a graph input.
    for (std::size_t unit = 0; unit < units; ++unit) {
      const UnitPlan& consumer = plan_.units[unit];
      for (std::size_t input = 0; input < consumer.inputs.size(); ++input) {
        const UnitInput& source = consumer.inputs[input];
        if (source.constant || source.producer >= 0) continue;
        const cnn::Tensor& tensor = state.inputs.at(source.value);
        const std::uint64_t bits = graph_input_row_elements(tensor.shape) * plan_.activation_bits;
        for (std::int64_t row = 0; row < source.rows; ++row) {
          send_row(plan_.host_node, unit, input, frame, row, to_payload_bits(bits), now);
        }
      }
    }
  }
}

void Pipeline::send_row(std::size_t producer_home, std::size_t consumer, std::size_t input, std::uint64_t frame,
                        std::int64_t row, std::uint32_t payload_bits, hw::Cycle now) {
  const std::vector<std::uint32_t>& nodes = plan_.units[consumer].nodes;
  const bool local = mesh_ == nullptr || (nodes.size() == 1 && nodes[0] == producer_home);
  if (local) {
    // Through the node's own activation buffer: readable the next cycle.
    ++local_transfers_;
    events_.emplace(now + 1, Event{EventKind::kRowArrived, consumer, input, frame, row});
    return;
  }
  noc::Packet packet;
  packet.tag = next_tag_++;
  packet.source = static_cast<noc::NodeId>(producer_home);
  packet.destinations.assign(nodes.begin(), nodes.end());
  packet.payload_bits = payload_bits;
  Transfer transfer;
  transfer.unit = consumer;
  transfer.input = input;
  transfer.frame = frame;
  transfer.row = row;
  transfer.remaining = nodes.size();
  transfers_.emplace(packet.tag, transfer);
  ++activation_packets_;
  mesh_->inject(packet, now);
}

void Pipeline::on_delivery(noc::NodeId /*destination*/, const noc::Packet& packet, hw::Cycle arrival) {
  const auto found = transfers_.find(packet.tag);
  if (found == transfers_.end()) throw std::logic_error("pipeline: delivery of an unknown packet");
  Transfer& transfer = found->second;
  if (--transfer.remaining > 0) return;
  // Handed from the router's local port into the node's buffer on the next cycle.
  events_.emplace(arrival + 1, Event{transfer.partial_sums ? EventKind::kRowGathered : EventKind::kRowArrived,
                                     transfer.unit, transfer.input, transfer.frame, transfer.row});
  transfers_.erase(found);
}

void Pipeline::row_finished(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle now) {
  const UnitPlan& plan = plan_.units[unit];
  std::size_t packets = 0;
  if (plan.weight_layer && mesh_ != nullptr) {
    // Partial sums of the tiles on other nodes travel to the home node, where the row is assembled.
    for (std::uint32_t copy = 0; copy < plan.copies; ++copy) {
      const std::int64_t positions = plan.positions_of_copy(copy);
      for (const std::uint32_t node : plan.remote_nodes_per_copy[copy]) {
        const std::int64_t tiles = plan_.tiles_on_node(plan, copy, node);
        const std::uint64_t bits =
            (static_cast<std::uint64_t>(positions * plan.m * plan.groups * tiles) * accumulator_bits_ +
             static_cast<std::uint64_t>(plan.tiles_per_copy) - 1) /
            static_cast<std::uint64_t>(plan.tiles_per_copy);
        noc::Packet packet;
        packet.tag = next_tag_++;
        packet.source = node;
        packet.destinations = {plan.home_node};
        packet.payload_bits = to_payload_bits(bits);
        Transfer transfer;
        transfer.partial_sums = true;
        transfer.unit = unit;
        transfer.frame = frame;
        transfer.row = row;
        transfer.remaining = 1;
        transfers_.emplace(packet.tag, transfer);
        ++partial_sum_packets_;
        ++packets;
        mesh_->inject(packet, now);
      }
    }
  }
  if (packets == 0) {
    emit_row(unit, frame, row, now);
    return;
  }
  pending_gathers_[{unit, frame, row}] = packets;
}

void Pipeline::emit_row(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle now) {
  const UnitPlan& plan = plan_.units[unit];
  if (row == plan.rows - 1) finish_frame_of_unit(unit, frame, now);
  const std::uint32_t bits = to_payload_bits(static_cast<std::uint64_t>(plan.row_elements) * plan_.activation_bits);
  for (const int consumer : plan.consumers) {
    const UnitPlan& reader = plan_.units[static_cast<std::size_t>(consumer)];
    for (std::size_t input = 0; input < reader.inputs.size(); ++input) {
      if (reader.inputs[input].producer != static_cast<int>(unit)) continue;
      send_row(plan.home_node, static_cast<std::size_t>(consumer), input, frame, row, bits, now);
    }
  }
}

void Pipeline::row_arrived(std::size_t unit, std::size_t input, std::uint64_t frame, std::int64_t /*row*/) {
  FrameState& state = state_of(frame);
  const UnitInput& source = plan_.units[unit].inputs[input];
  if (++state.rows_arrived[unit][input] < source.rows) return;
  // The whole tensor is here: hand it over as the unit's input for this frame.
  if (source.producer >= 0) {
    state.tensors[unit][input] = state.outputs.at(static_cast<std::size_t>(source.producer));
  } else {
    state.tensors[unit][input] = std::make_shared<const cnn::Tensor>(state.inputs.at(source.value));
  }
  if (state.tensors[unit][input] == nullptr) {
    throw std::logic_error("pipeline: " + plan_.units[unit].name + " received the last row of '" + source.value +
                           "' before its producer finished the frame");
  }
}

void Pipeline::finish_frame_of_unit(std::size_t unit, std::uint64_t frame, hw::Cycle now) {
  FrameState& state = state_of(frame);
  const UnitPlan& plan = plan_.units[unit];
  std::vector<const cnn::Tensor*> inputs;
  for (std::size_t input = 0; input < plan.inputs.size(); ++input) {
    if (plan.inputs[input].constant) {
      inputs.push_back(nullptr);
      continue;
    }
    if (state.tensors[unit][input] == nullptr) {
      throw std::logic_error("pipeline: " + plan.name + " finished frame " + std::to_string(frame) + " before input '" +
                             plan.inputs[input].value + "' arrived");
    }
    inputs.push_back(state.tensors[unit][input].get());
  }
  auto output = std::make_shared<const cnn::Tensor>(network_.compute_unit(unit, frame, inputs, unit_counts_[unit]));
  state.outputs[unit] = output;
  for (auto& tensor : state.tensors[unit]) tensor.reset();
  if (plan.graph_output) outputs_[frame][network_.output_name(unit)] = *output;
  ++state.units_finished;
  for (const UnitInput& input : plan.inputs) {
    if (!input.constant && input.producer < 0) {
      if (++state.input_readers_finished == input_readers_) --input_buffers_in_use_;
      break;
    }
  }
  if (plan.graph_output && ++state.outputs_finished == output_units_) {
    records_.at(frame).completed_cycle = now;
    ++completed_frames_;
    if (progress_) progress_(completed_frames_);
  }
  if (state.units_finished == plan_.units.size()) frames_.erase(frame);
}

bool Pipeline::try_start(std::size_t unit, hw::Cycle now) {
  UnitCursor& cursor = cursors_[unit];
  if (cursor.busy || cursor.frame >= admitted_frames_) return false;
  const UnitPlan& plan = plan_.units[unit];
  if (!plan.weight_layer && node_digital_free_[plan.home_node] > now) return false;
  FrameState& state = state_of(cursor.frame);
  for (std::size_t input = 0; input < plan.inputs.size(); ++input) {
    const UnitInput& source = plan.inputs[input];
    if (source.constant) continue;
    // The last row also takes the rest of the input over as the frame's tensor.
    const std::int64_t needed = cursor.row == plan.rows - 1 ? source.rows - 1 : plan.last_input_row(input, cursor.row);
    if (state.rows_arrived[unit][input] < needed + 1) return false;
  }
  const std::uint64_t cycles = plan.row_cycles();
  if (trace_ != nullptr && trace_->wants(cursor.frame)) trace_->row(unit, cursor.frame, cursor.row, now, now + cycles);
  cursor.busy = true;
  unit_busy_cycles_[unit] += cycles;
  if (!plan.weight_layer) node_digital_free_[plan.home_node] = now + cycles;
  events_.emplace(now + cycles, Event{EventKind::kRowDone, unit, 0, cursor.frame, cursor.row});
  if (++cursor.row == plan.rows) {
    cursor.row = 0;
    ++cursor.frame;
  }
  return true;
}

void Pipeline::process_event(const Event& event, hw::Cycle now) {
  switch (event.kind) {
    case EventKind::kRowDone:
      cursors_[event.unit].busy = false;
      row_finished(event.unit, event.frame, event.row, now);
      break;
    case EventKind::kRowArrived:
      row_arrived(event.unit, event.input, event.frame, event.row);
      break;
    case EventKind::kRowGathered: {
      const auto key = std::make_tuple(event.unit, event.frame, event.row);
      if (--pending_gathers_.at(key) == 0) {
        pending_gathers_.erase(key);
        emit_row(event.unit, event.frame, event.row, now);
      }
      break;
    }
  }
}

void Pipeline::tick(hw::Cycle now) {
  last_tick_ = now;
  while (!events_.empty() && events_.begin()->first <= now) {
    const Event event = events_.begin()->second;
    events_.erase(events_.begin());
    process_event(event, now);
  }
  admit_frames(now);
  for (std::size_t unit = 0; unit < plan_.units.size(); ++unit) (void)try_start(unit, now);
}

hw::Cycle Pipeline::next_busy_cycle() const {
  hw::Cycle next = events_.empty() ? hw::kNever : events_.begin()->first;
  if (!queue_.empty() && input_buffers_in_use_ < kInputBuffers) next = std::min(next, queue_.front().second);
  return next;
}

}  // namespace spinaps::cnn_accel
