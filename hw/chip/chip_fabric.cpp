#include "hw/chip/chip_fabric.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/snn/golden_model.h"

namespace spinaps::chip {
namespace {

/// Partition `part` of `layer` as a one-layer network: its rows and neurons of the weights; the
/// biases and feedback weights on the owner only (a non-owner's accumulators start at zero).
snn::QuantisedNetwork slice_layer(const snn::QuantisedNetwork& layer, const Partition& part) {
  snn::QuantisedNetwork slice;
  slice.shape = layer.shape;
  slice.shape.inputs = part.inputs;
  slice.shape.outputs = part.neurons;
  slice.weight_lsb = layer.weight_lsb;
  const std::uint32_t kernels = layer.shape.basis_functions;
  const std::uint32_t feedback_kernels = layer.shape.feedback_basis_functions;
  slice.weights.reserve(static_cast<std::size_t>(part.inputs) * part.neurons * kernels);
  for (std::uint32_t j = 0; j < part.inputs; ++j) {
    for (std::uint32_t i = 0; i < part.neurons; ++i) {
      for (std::uint32_t k = 0; k < kernels; ++k) {
        slice.weights.push_back(layer.weight(part.first_input + j, part.first_neuron + i, k));
      }
    }
  }
  for (std::uint32_t i = 0; i < part.neurons; ++i) {
    const std::uint32_t neuron = part.first_neuron + i;
    slice.bias.push_back(part.owner() ? layer.bias[neuron] : 0);
    for (std::uint32_t k = 0; k < feedback_kernels; ++k) {
      slice.feedback.push_back(part.owner() ? layer.feedback[static_cast<std::size_t>(neuron) * feedback_kernels + k]
                                            : 0);
    }
  }
  slice.trace_lut = layer.trace_lut;
  slice.feedback_lut = layer.feedback_lut;
  slice.sigmoid = layer.sigmoid;
  return slice;
}

std::uint32_t bits_for(std::uint64_t values) {
  std::uint32_t bits = 1;
  while ((std::uint64_t{1} << bits) < values) ++bits;
  return bits;
}

}  // namespace

ChipFabric::ChipFabric(const FabricConfig& config, const Mapping& mapping, const snn::LayeredNetwork& network,
                       core::InferenceSource& source, hw::ClockDomain& domain)
    : config_(config), mapping_(mapping), network_(network), source_(source) {
  // An owner's accumulator holds the whole layer's sum: check each layer, not each slice.
  for (const snn::QuantisedNetwork& layer : network.layers) {
    const neuron::GlmNeuronUnit check(config.core.neuron, layer, config.core.config_file);
  }
  slices_.reserve(mapping.partitions.size());
  for (const Partition& part : mapping.partitions) slices_.push_back(slice_layer(network.layers[part.layer], part));
  core_at_node_.assign(static_cast<std::size_t>(config.noc.nodes()), -1);
  for (std::size_t p = 0; p < mapping.partitions.size(); ++p) {
    const Partition& part = mapping.partitions[p];
    const LayerSplit& split = mapping.layers[part.layer];
    core::CoreRole role;
    role.partition = static_cast<std::uint32_t>(p);
    role.layer = part.layer;
    role.first_input = part.first_input;
    role.first_neuron = part.first_neuron;
    role.owner = part.owner();
    role.partial_sum_packets = part.owner() ? split.row_blocks - 1 : 0;
    role.counts_rows = part.column_block == 0;
    core::CoreConfig core_config = config.core;
    if (config.core.trace != nullptr) {
      core_config.trace = config.core.trace->core_sink(
          static_cast<std::uint32_t>(p), "core " + std::to_string(p) + " at node " + std::to_string(part.node) +
                                             ": layer " + std::to_string(part.layer) + ", inputs " +
                                             std::to_string(part.first_input) + "+, neurons " +
                                             std::to_string(part.first_neuron) + "+");
    }
    cores_.push_back(std::make_unique<core::SpinapsCore>(core_config, slices_[p], role, *this));
    core_at_node_[part.node] = static_cast<std::int64_t>(p);
  }
  rows_per_block_.resize(mapping.layers.size());
  row_block_nodes_.resize(mapping.layers.size());
  for (std::size_t l = 0; l < mapping.layers.size(); ++l) {
    const LayerSplit& split = mapping.layers[l];
    rows_per_block_[l] = (split.inputs + split.row_blocks - 1) / split.row_blocks;
    row_block_nodes_[l].resize(split.row_blocks);
    for (const Partition& part : mapping.partitions) {
      if (part.layer == l) row_block_nodes_[l][part.row_block].push_back(part.node);
    }
  }
  mesh_ = std::make_unique<noc::MeshNetwork>(
      config.noc, [this](noc::NodeId destination, const noc::Packet& packet, hw::Cycle arrival) {
        deliver(destination, packet, arrival);
      });
  std::uint32_t widest = network.shape.inputs;
  for (const LayerSplit& split : mapping.layers) widest = std::max(widest, split.neurons);
  aer_bits_ = bits_for(widest) + bits_for(static_cast<std::uint64_t>(config.time_steps) + 1);
  barrier_cycles_ = 2ULL * (config.noc.rows - 1 + config.noc.cols - 1) * config.barrier_hop_cycles;
  for (auto& core : cores_) domain.add(*core);
  domain.add(*mesh_);
  domain.add(*this);
  if (!config.loaded_by_host) {
    for (auto& core : cores_) core->program_weights();
    start(0);  // the test bench's first input is ready when the chip starts
  }
}

void ChipFabric::start(hw::Cycle cycle) {
  started_ = true;
  start_next_job(cycle);
}

bool ChipFabric::input_arrived(hw::Cycle ready_cycle) {
  if (!started_ || state_ != State::kIdle) return false;
  start_next_job(std::max(ready_cycle, idle_since_));
  return true;
}

void ChipFabric::tick(hw::Cycle now) {
  if (now < next_busy_) return;  // a debug-mode tick
  switch (state_) {
    case State::kBarrier:
      if (!mesh_->idle()) {
        next_busy_ = now + 1;  // the barrier network watches the NoC drain
        return;
      }
      statistics_.drain_wait_cycles += now - last_done_;
      state_ = State::kDecide;
      next_busy_ = now + barrier_cycles_;
      if (barrier_cycles_ > 0) return;
      [[fallthrough]];
    case State::kDecide:
      ++statistics_.barriers;
      statistics_.barrier_wait_cycles += now - first_done_;
      decide(now);
      return;
    case State::kAwaitInput:
      begin_job(now + 1);
      return;
    case State::kRunning:
    case State::kIdle:
      next_busy_ = hw::kNever;
      return;
  }
}

void ChipFabric::start_next_job(hw::Cycle now) {
  if (!source_.next_job(job_, now)) {
    state_ = State::kIdle;
    idle_since_ = now;
    next_busy_ = hw::kNever;
    return;
  }
  if (job_.ready_cycle <= now + 1) {
    // The cores have not been ticked on `now + 1` yet (nor on `now` when the host starts the chip).
    begin_job(std::max(now, job_.ready_cycle));
    return;
  }
  // The controller ticks after the cores: it begins the job on the cycle before, so that the cores
  // run their first step on the ready cycle itself.
  state_ = State::kAwaitInput;
  next_busy_ = job_.ready_cycle - 1;
}

void ChipFabric::begin_job(hw::Cycle now) {
  if (!first_job_) statistics_.input_wait_cycles += now - previous_end_ - 1;
  first_job_ = false;
  result_ = snn::InferenceResult{};
  inference_start_ = now;
  tracing_ = config_.core.trace != nullptr && config_.core.trace->begin_inference(job_.sample_id, now);
  step_ = 1;
  for (const auto& core : cores_) core->begin_inference(job_.sample_id, job_.pixels, now, tracing_);
  cores_done_ = 0;
  message_count_ = 0;
  step_outputs_.clear();
  state_ = State::kRunning;
  next_busy_ = hw::kNever;
}

void ChipFabric::step_done(const core::SpinapsCore& /*core*/, hw::Cycle now) {
  if (cores_done_ == 0) first_done_ = now;
  last_done_ = now;
  if (++cores_done_ == cores_.size()) {
    state_ = State::kBarrier;
    next_busy_ = now;  // the controller ticks after the cores, so this same cycle
  }
}

void ChipFabric::send_partial_sums(const core::SpinapsCore& core, const std::vector<std::int64_t>& sums,
                                   hw::Cycle now) {
  const core::CoreRole& role = core.role();
  const Partition& owner = mapping_.owner_of(role.layer, role.first_neuron);
  noc::Packet& packet = packet_;
  Message& message = new_message(packet);
  message.kind = MessageKind::kPartialSums;
  message.sums.assign(sums.begin(), sums.end());
  packet.source = mapping_.partitions[role.partition].node;
  packet.destinations.assign(1, owner.node);
  packet.payload_bits = static_cast<std::uint32_t>(sums.size()) * config_.core.neuron.accumulator_bits;
  mesh_->inject(packet, now);
  ++statistics_.partial_sum_packets;
}

void ChipFabric::send_spikes(const core::SpinapsCore& core, const std::vector<std::uint32_t>& spiking,
                             const std::vector<std::int64_t>& potentials, hw::Cycle now) {
  const core::CoreRole& role = core.role();
  const noc::NodeId source = mapping_.partitions[role.partition].node;
  const bool output_layer = role.layer + 1 == network_.depth();
  for (const std::uint32_t local : spiking) {
    const std::uint32_t neuron = role.first_neuron + local;
    if (output_layer) {
      ++result_.counts.output_spikes;
      if (source == 0) {
        step_outputs_.push_back({neuron, potentials[local]});  // the decision unit sits at node 0
        ++statistics_.local_output_spikes;
        continue;
      }
    } else {
      ++result_.counts.hidden_spikes;
      result_.hidden_spike_digest += snn::hidden_spike_key(role.layer, step_, neuron);
    }
    noc::Packet& packet = packet_;
    Message& message = new_message(packet);
    message.neuron = neuron;
    packet.source = source;
    if (output_layer) {
      packet.destinations.assign(1, 0);
      packet.payload_bits = aer_bits_ + config_.core.neuron.accumulator_bits;
      message.kind = MessageKind::kOutputSpike;
      message.potential = potentials[local];
      ++statistics_.output_spike_packets;
    } else {
      const std::vector<noc::NodeId>& nodes =
          row_block_nodes_[role.layer + 1][neuron / rows_per_block_[role.layer + 1]];
      packet.destinations.assign(nodes.begin(), nodes.end());
      packet.payload_bits = aer_bits_;
      message.kind = MessageKind::kSpike;
      ++statistics_.spike_packets;
    }
    mesh_->inject(packet, now);
  }
}

ChipFabric::Message& ChipFabric::new_message(noc::Packet& packet) {
  // Message slots (and their partial-sum buffers) are reused from step to step.
  if (message_count_ == messages_.size()) messages_.emplace_back();
  packet.tag = message_count_;
  return messages_[message_count_++];
}

void ChipFabric::deliver(noc::NodeId destination, const noc::Packet& packet, hw::Cycle arrival) {
  if (packet.tag >= message_count_) throw std::logic_error("chip fabric: a packet of an earlier step was delivered");
  const Message& message = messages_[packet.tag];
  switch (message.kind) {
    case MessageKind::kPartialSums:
      cores_[static_cast<std::size_t>(core_at_node_[destination])]->receive_partial_sums(message.sums, arrival);
      break;
    case MessageKind::kSpike: {
      core::SpinapsCore& core = *cores_[static_cast<std::size_t>(core_at_node_[destination])];
      core.receive_spike(message.neuron - core.role().first_input);
      break;
    }
    case MessageKind::kOutputSpike:
      step_outputs_.push_back({message.neuron, message.potential});
      break;
  }
}

void ChipFabric::decide(hw::Cycle now) {
  // The decision unit: output spikes of this step in neuron order, first spike wins (largest
  // potential among simultaneous ones, then the lowest index), as the golden model decides.
  std::sort(step_outputs_.begin(), step_outputs_.end(),
            [](const OutputSpike& a, const OutputSpike& b) { return a.neuron < b.neuron; });
  if (tracing_) {
    config_.core.trace->phase(core::CorePhase::kDecide, step_, now, now + 1);
    for (const OutputSpike& spike : step_outputs_) config_.core.trace->neuron_fired(spike.neuron, step_, now);
  }
  for (const OutputSpike& spike : step_outputs_) result_.spikes.push_back({step_, spike.neuron});
  result_.steps_run = step_;
  if (!step_outputs_.empty() && !result_.decided_by_spike) {
    const OutputSpike* best = &step_outputs_.front();
    for (const OutputSpike& spike : step_outputs_) {
      if (spike.potential > best->potential) best = &spike;
    }
    result_.decided_by_spike = true;
    result_.decision_step = step_;
    result_.decision = best->neuron;
  }
  message_count_ = 0;
  step_outputs_.clear();
  cores_done_ = 0;
  if ((result_.decided_by_spike && config_.early_stop) || step_ == config_.time_steps) {
    finish_inference(now);
    return;
  }
  ++step_;
  for (auto& core : cores_) core->begin_step(step_, now + 1);
  state_ = State::kRunning;
  next_busy_ = hw::kNever;
}

void ChipFabric::finish_inference(hw::Cycle now) {
  if (!result_.decided_by_spike) {
    // No output spike by T: the largest potential summed over the steps, read from the owners.
    std::int64_t best_sum = 0;
    bool found = false;
    for (const auto& core : cores_) {
      const core::CoreRole& role = core->role();
      if (!role.owner || role.layer + 1 != network_.depth()) continue;
      const std::vector<std::int64_t>& sums = core->potential_sums();
      for (std::uint32_t i = 0; i < sums.size(); ++i) {
        const std::uint32_t neuron = role.first_neuron + i;
        if (!found || sums[i] > best_sum || (sums[i] == best_sum && neuron < result_.decision)) {
          best_sum = sums[i];
          result_.decision = neuron;
          found = true;
        }
      }
    }
    result_.decision_step = config_.time_steps;
  }
  snn::OperationCounts& counts = result_.counts;
  counts.time_steps = step_;
  for (auto& core : cores_) {
    const snn::OperationCounts core_counts = core->inference_counts();
    counts.input_spikes += core_counts.input_spikes;
    counts.active_rows += core_counts.active_rows;
    counts.synapse_macs += core_counts.synapse_macs;
    counts.feedback_macs += core_counts.feedback_macs;
    counts.neuron_updates += core_counts.neuron_updates;
    core->end_inference(now);
  }
  if (tracing_) {
    config_.core.trace->end_inference(job_.sample_id, result_.decision, result_.decision_step, inference_start_, now);
  }
  source_.job_done(job_, result_, inference_start_, now);
  previous_end_ = now;
  start_next_job(now + 1);
}

snn::LayeredNetwork ChipFabric::programmed_network() const {
  snn::LayeredNetwork programmed = network_;
  for (std::size_t p = 0; p < cores_.size(); ++p) {
    const Partition& part = mapping_.partitions[p];
    const snn::QuantisedNetwork slice = cores_[p]->programmed_network();
    snn::QuantisedNetwork& layer = programmed.layers[part.layer];
    const std::uint32_t kernels = layer.shape.basis_functions;
    for (std::uint32_t j = 0; j < part.inputs; ++j) {
      for (std::uint32_t i = 0; i < part.neurons; ++i) {
        for (std::uint32_t k = 0; k < kernels; ++k) {
          layer.weights[((static_cast<std::size_t>(part.first_input) + j) * layer.shape.outputs + part.first_neuron +
                         i) *
                            kernels +
                        k] = slice.weight(j, i, k);
        }
      }
    }
  }
  return programmed;
}

}  // namespace spinaps::chip
