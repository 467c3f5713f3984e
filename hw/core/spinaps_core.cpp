#include "hw/core/spinaps_core.h"

#include <algorithm>
#include <stdexcept>

#include "hw/core/core_actions.h"
#include "workloads/snn/weights_file.h"

namespace spinaps::core {

SpinapsCore::SpinapsCore(const CoreConfig& config, const snn::QuantisedNetwork& network, const CoreRole& role,
                         CoreLink& link)
    : config_(config),
      network_(network),
      role_(role),
      link_(link),
      layout_(config.crossbar, network.shape),
      trace_unit_(network),
      neuron_unit_(config.neuron, network, config.config_file),
      mac_cycles_per_row_(
          neuron_unit_.mac_cycles(static_cast<std::uint64_t>(network.shape.outputs) * network.shape.basis_functions)),
      input_spikes_(network.shape.inputs, 0),
      next_input_spikes_(network.shape.inputs, 0),
      input_thresholds_(network.shape.inputs, 0),
      row_weights_(static_cast<std::size_t>(layout_.neurons_per_group) * network.shape.basis_functions, 0) {
  if (network.shape.basis_functions > kMaxKernels) {
    throw std::invalid_argument("snn.basis_functions above " + std::to_string(kMaxKernels) + " is not supported");
  }
  for (std::uint32_t rg = 0; rg < layout_.row_groups; ++rg) {
    for (std::uint32_t cg = 0; cg < layout_.column_groups; ++cg) {
      subarrays_.push_back(std::make_unique<stt::SttSubarray>(
          config.crossbar, layout_.used_columns(cg, network.shape.outputs), config.read_cycles,
          layout_.subarray_index(rg, cg), config.faults, config.seed));
    }
  }
  for (std::uint32_t cg = 0; cg < layout_.column_groups; ++cg) {
    group_first_neuron_.push_back(cg * layout_.neurons_per_group);
    group_neurons_.push_back(
        std::min(layout_.neurons_per_group, network.shape.outputs - cg * layout_.neurons_per_group));
  }
  for (std::uint32_t pixel = 0; pixel < threshold_of_pixel_.size(); ++pixel) {
    threshold_of_pixel_[pixel] =
        snn::input_threshold(static_cast<std::uint8_t>(pixel), network.shape.input_max_spike_probability);
  }
  next_busy_ = hw::kNever;  // the cells are programmed by the host (program_row) or program_weights()
}

std::uint32_t SpinapsCore::row_bits() const {
  return network_.shape.outputs * network_.shape.basis_functions * network_.shape.weight_bits;
}

std::vector<std::uint8_t> SpinapsCore::weight_row_bits(std::uint32_t row) const {
  const snn::SnnConfig& shape = network_.shape;
  std::vector<std::uint8_t> bits((row_bits() + 7) / 8, 0);
  std::uint32_t position = 0;
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    for (std::uint32_t k = 0; k < shape.basis_functions; ++k) {
      const auto value = static_cast<std::uint32_t>(network_.weight(row, i, k));  // two's complement
      for (std::uint32_t b = 0; b < shape.weight_bits; ++b, ++position) {
        if (((value >> b) & 1U) != 0) bits[position / 8] |= static_cast<std::uint8_t>(1U << (position % 8));
      }
    }
  }
  return bits;
}

void SpinapsCore::program_row(std::uint32_t row, const std::uint8_t* bits) {
  const snn::SnnConfig& shape = network_.shape;
  const std::uint32_t row_group = row / layout_.rows_per_subarray;
  const std::uint32_t local_row = row % layout_.rows_per_subarray;
  std::uint32_t position = 0;
  for (std::uint32_t i = 0; i < shape.outputs; ++i) {
    stt::SttSubarray& subarray = *subarrays_[layout_.subarray_index(row_group, i / layout_.neurons_per_group)];
    for (std::uint32_t k = 0; k < shape.basis_functions; ++k) {
      for (std::uint32_t b = 0; b < shape.weight_bits; ++b, ++position) {
        subarray.program(local_row, layout_.column(i, k, b), ((bits[position / 8] >> (position % 8)) & 1U) != 0);
      }
    }
  }
}

void SpinapsCore::program_weights() {
  for (std::uint32_t j = 0; j < network_.shape.inputs; ++j) program_row(j, weight_row_bits(j).data());
}

void SpinapsCore::begin_inference(std::uint64_t sample_id, const std::uint8_t* pixels, hw::Cycle now, bool traced) {
  sample_id_ = sample_id;
  input_prefix_ = snn::input_spike_prefix(config_.seed, sample_id);
  counts_at_start_ = snapshot_counts();
  inference_start_ = now;
  tracing_ = traced && config_.trace != nullptr;
  phase_begin_ = now;
  trace_unit_.clear();
  neuron_unit_.clear();
  std::fill(next_input_spikes_.begin(), next_input_spikes_.end(), 0);
  if (role_.layer == 0) {
    encoded_inputs_.clear();
    for (std::uint32_t j = 0; j < network_.shape.inputs; ++j) {
      input_thresholds_[j] = threshold_of_pixel_[pixels[role_.first_input + j]];
      // A zero threshold never spikes (the draw is never below 0): dark pixels need no draw.
      if (input_thresholds_[j] != 0) encoded_inputs_.push_back(j);
    }
  }
  begin_step(1, now);
}

void SpinapsCore::begin_step(std::uint32_t step, hw::Cycle now) {
  step_ = step;
  phase_ = Phase::kStepStart;
  next_busy_ = now;
}

void SpinapsCore::receive_spike(std::uint32_t local_input) { next_input_spikes_[local_input] = 1; }

void SpinapsCore::receive_partial_sums(const std::vector<std::int64_t>& sums, hw::Cycle now) {
  // The adders take one packet at a time, ceil(N/L) cycles each; the sum is visible when done.
  neuron_unit_.add_partial_sums(sums);
  partial_sum_adds_ += sums.size();
  partial_adders_free_at_ =
      std::max(partial_adders_free_at_, now + 1) + neuron_unit_.mac_cycles(network_.shape.outputs);
  ++partial_packets_received_;
  if (phase_ == Phase::kWaitPartials) next_busy_ = now + 1;
}

void SpinapsCore::end_inference(hw::Cycle now) {
  active_cycles_ += now - inference_start_ + 1;
  ++inferences_done_;
  phase_ = Phase::kIdle;
  next_busy_ = hw::kNever;
}

void SpinapsCore::tick(hw::Cycle now) {
  if (now < next_busy_) {
    return;  // nothing is due: a debug-mode tick
  }
  while (step_phase(now)) {
  }
}

bool SpinapsCore::step_phase(hw::Cycle now) {
  switch (phase_) {
    case Phase::kIdle:
      next_busy_ = hw::kNever;
      return false;
    case Phase::kStepStart:
      start_step();
      if (tracing_) trace_phase(CorePhase::kStepStart, now + 1);
      phase_ = Phase::kRows;
      next_busy_ = now + 1;
      return false;
    case Phase::kRows:
      return run_rows(now);
    case Phase::kRowsDone:
      return finish_rows(now);
    case Phase::kSendPartials:
      link_.send_partial_sums(*this, neuron_unit_.potentials(), now);
      ++partial_sum_packets_sent_;
      phase_ = Phase::kIdle;
      next_busy_ = hw::kNever;
      link_.step_done(*this, now);
      return false;
    case Phase::kWaitPartials:
      return wait_partials(now);
    case Phase::kFeedback: {
      const std::uint64_t macs = neuron_unit_.accumulate_feedback();
      phase_ = Phase::kFire;
      if (macs == 0) {
        return true;
      }
      next_busy_ = now + neuron_unit_.mac_cycles(macs);
      if (tracing_) trace_phase(CorePhase::kFeedback, next_busy_);
      return false;
    }
    case Phase::kFire:
      spiking_.clear();
      neuron_unit_.fire(config_.seed, sample_id_, step_, snn::firing_index(role_.layer, role_.first_neuron), spiking_);
      phase_ = Phase::kSendSpikes;
      next_busy_ = now + neuron_unit_.firing_cycles();
      if (tracing_) trace_phase(CorePhase::kFire, next_busy_);
      return false;
    case Phase::kSendSpikes:
      link_.send_spikes(*this, spiking_, neuron_unit_.potentials(), now);
      phase_ = Phase::kIdle;
      next_busy_ = hw::kNever;
      link_.step_done(*this, now);
      return false;
  }
  return false;
}

void SpinapsCore::start_step() {
  if (role_.layer == 0) {
    for (const std::uint32_t j : encoded_inputs_) {
      input_spikes_[j] =
          snn::input_spike_after(input_prefix_, step_, role_.first_input + j, input_thresholds_[j]) ? 1 : 0;
    }
    trace_unit_.shift_in(input_spikes_, encoded_inputs_);
  } else {
    input_spikes_.swap(next_input_spikes_);
    std::fill(next_input_spikes_.begin(), next_input_spikes_.end(), 0);
    trace_unit_.shift_in(input_spikes_);
  }
  neuron_unit_.load_bias();
  partial_packets_received_ = 0;
}

bool SpinapsCore::wait_partials(hw::Cycle now) {
  if (partial_packets_received_ < role_.partial_sum_packets || now < partial_adders_free_at_) {
    next_busy_ = partial_packets_received_ < role_.partial_sum_packets ? hw::kNever : partial_adders_free_at_;
    return false;
  }
  phase_ = Phase::kFeedback;
  return true;
}

bool SpinapsCore::row_group_free(std::uint32_t row, hw::Cycle now) const { return now >= row_group_free_cycle(row); }

hw::Cycle SpinapsCore::row_group_free_cycle(std::uint32_t row) const {
  const std::uint32_t row_group = row / layout_.rows_per_subarray;
  hw::Cycle free_at = 0;
  for (std::uint32_t cg = 0; cg < layout_.column_groups; ++cg) {
    free_at = std::max(free_at, subarrays_[layout_.subarray_index(row_group, cg)]->free_cycle());
  }
  return free_at;
}

bool SpinapsCore::run_rows(hw::Cycle now) {
  // Nothing outside the core reads or changes the row pipeline (spikes for the next step and
  // partial sums only touch their own buffers and the accumulators, whose integer sums do not
  // depend on the order of the additions), so the whole phase is worked out here, in one tick,
  // instead of one scheduler tick per busy cycle. The cycle that ends the phase is kept: the core
  // hands over to the next phase only when the scheduler reaches it.
  hw::Cycle end = now;
  if (tracing_) {
    // The reference: cycle by cycle, reporting each row read and MAC to the trace in cycle order.
    while (!advance_rows(end)) end = next_busy_;
  } else {
    end = rows_end_cycle(now);
  }
  if (end == now) {
    return finish_rows(now);
  }
  phase_ = Phase::kRowsDone;
  next_busy_ = end;
  return false;
}

inline void SpinapsCore::consume_column_group(const RowRead& read, std::uint32_t column_group) {
  // Decode the column group's bits (two's complement, LSB first) and hand them to the MAC lanes.
  // The group's weights sit side by side from column 0 (layout_.column), B bits each.
  stt::SttSubarray& subarray = *subarrays_[layout_.subarray_index(read.row_group, column_group)];
  const std::uint32_t first = group_first_neuron_[column_group];
  const std::uint32_t count = group_neurons_[column_group];
  // Without read errors the lanes multiply straight from the sensed words (no decoded copy).
  if (const std::uint64_t* words = subarray.stored_row(read.local_row)) {
    neuron_unit_.accumulate_packed(first, count, words, read.traces.data());
    return;
  }
  const snn::SnnConfig& shape = network_.shape;
  subarray.sensed_weights(read.local_row, count * shape.basis_functions, shape.weight_bits, read.read_index,
                          row_weights_.data());
  neuron_unit_.accumulate(first, count, row_weights_.data(), read.traces.data());
}

void SpinapsCore::consume_row(const RowRead& read) {
  for (std::uint32_t cg = 0; cg < layout_.column_groups; ++cg) consume_column_group(read, cg);
}

hw::Cycle SpinapsCore::rows_end_cycle(hw::Cycle now) {
  // The same schedule as advance_rows, row by row instead of cycle by cycle: a row is granted on
  // the first cycle after the previous grant at which its subarrays are free and the read buffer
  // has room (a slot frees when the MAC lanes take the row read_buffer_depth rows earlier); the
  // lanes take it when its data are ready, not before the cycle after its grant, and when they are
  // done with the previous row. The phase ends when the lanes are done with the last row.
  const std::uint32_t depth = config_.crossbar.read_buffer_depth;
  mac_starts_.assign(depth, 0);
  std::uint32_t slot = 0;  // the ring entry of the row granted read_buffer_depth rows earlier
  const std::uint32_t rows_per_subarray = layout_.rows_per_subarray;
  const std::uint32_t column_groups = layout_.column_groups;
  const hw::Cycle mac_cycles = mac_cycles_per_row_;
  hw::Cycle mac_free = mac_free_at_;
  hw::Cycle earliest_grant = now;
  // Rows are granted in ascending order, so their row group only ever moves forward.
  std::uint32_t row_group = 0;
  std::uint32_t group_first_row = 0;
  const std::unique_ptr<stt::SttSubarray>* group = &subarrays_[0];
  const std::uint32_t* rows = trace_unit_.pending_rows();
  const std::size_t row_count = trace_unit_.pending_row_count();
  RowRead read;
  for (std::size_t n = 0; n < row_count; ++n) {
    const std::uint32_t row = rows[n];
    if (row >= group_first_row + rows_per_subarray) {
      while (row >= group_first_row + rows_per_subarray) {
        ++row_group;
        group_first_row += rows_per_subarray;
      }
      group = &subarrays_[layout_.subarray_index(row_group, 0)];
    }
    hw::Cycle grant = earliest_grant;
    for (std::uint32_t cg = 0; cg < column_groups; ++cg) grant = std::max(grant, group[cg]->free_cycle());
    if (n >= depth) grant = std::max(grant, mac_starts_[slot]);
    trace_unit_.read_traces(row, read.traces.data());
    read.row = row;
    read.row_group = row_group;
    read.local_row = row - group_first_row;
    hw::Cycle ready = grant;
    for (std::uint32_t cg = 0; cg < column_groups; ++cg) {
      read.read_index = group[cg]->start_read(read.local_row, grant);
      ready = std::max(ready, group[cg]->free_cycle());
    }
    const hw::Cycle mac_start = std::max({ready, grant + 1, mac_free});
    for (std::uint32_t cg = 0; cg < column_groups; ++cg) consume_column_group(read, cg);
    mac_free = mac_start + mac_cycles;
    mac_starts_[slot] = mac_start;
    slot = slot + 1 == depth ? 0 : slot + 1;
    earliest_grant = grant + 1;
  }
  trace_unit_.grant_all();
  mac_free_at_ = mac_free;
  return std::max(now, mac_free_at_);
}

bool SpinapsCore::finish_rows(hw::Cycle now) {
  if (tracing_) trace_phase(CorePhase::kRows, now);
  phase_ =
      !role_.owner ? Phase::kSendPartials : (role_.partial_sum_packets > 0 ? Phase::kWaitPartials : Phase::kFeedback);
  return true;
}

bool SpinapsCore::advance_rows(hw::Cycle now) {
  // MAC stage: the lanes take the oldest row whose data the sense amplifiers have delivered.
  if (mac_free_at_ <= now && !row_reads_.empty() && row_reads_.front().ready <= now) {
    consume_row(row_reads_.front());
    if (tracing_) config_.trace->row_mac(row_reads_.front().row, now, now + mac_cycles_per_row_);
    row_reads_.pop_front();
    mac_free_at_ = now + mac_cycles_per_row_;
  }
  // Issue stage: the priority encoder grants the next active row if its subarrays are free and the
  // row buffer has room.
  if (trace_unit_.has_pending_row() && row_reads_.size() < config_.crossbar.read_buffer_depth &&
      row_group_free(trace_unit_.pending_row(), now)) {
    RowRead read;
    read.row = trace_unit_.grant(read.traces.data());
    const std::uint32_t row_group = read.row / layout_.rows_per_subarray;
    read.row_group = row_group;
    read.local_row = read.row % layout_.rows_per_subarray;
    hw::Cycle ready = now;
    for (std::uint32_t cg = 0; cg < layout_.column_groups; ++cg) {
      stt::SttSubarray& subarray = *subarrays_[layout_.subarray_index(row_group, cg)];
      // The subarrays of a row group are always read together, so their read indices agree.
      read.read_index = subarray.start_read(read.local_row, now);
      ready = std::max(ready, subarray.free_cycle());
    }
    read.ready = ready;
    if (tracing_) config_.trace->row_read(read.row, row_group, now, read.ready);
    row_reads_.push_back(read);
  }
  const bool rows_done = !trace_unit_.has_pending_row() && row_reads_.empty();
  if (rows_done && mac_free_at_ <= now) {
    return true;
  }
  // The next cycle at which something can happen.
  hw::Cycle next = hw::kNever;
  if (!row_reads_.empty()) {
    next = std::min(next, std::max(mac_free_at_, row_reads_.front().ready));
  }
  if (trace_unit_.has_pending_row() && row_reads_.size() < config_.crossbar.read_buffer_depth) {
    next = std::min(next, row_group_free_cycle(trace_unit_.pending_row()));
  }
  if (rows_done) {
    next = std::min(next, mac_free_at_);
  }
  next_busy_ = std::max(next, now + 1);
  return false;
}

snn::OperationCounts SpinapsCore::inference_counts() const {
  const snn::OperationCounts totals = snapshot_counts();
  snn::OperationCounts counts;
  if (role_.counts_rows) {
    counts.input_spikes = role_.layer == 0 ? totals.input_spikes - counts_at_start_.input_spikes : 0;
    counts.active_rows = totals.active_rows - counts_at_start_.active_rows;
  }
  counts.synapse_macs = totals.synapse_macs - counts_at_start_.synapse_macs;
  counts.feedback_macs = totals.feedback_macs - counts_at_start_.feedback_macs;
  if (role_.owner) {
    counts.neuron_updates = totals.neuron_updates - counts_at_start_.neuron_updates;
  }
  return counts;
}

snn::QuantisedNetwork SpinapsCore::programmed_network() const {
  snn::QuantisedNetwork programmed = network_;
  const snn::SnnConfig& shape = network_.shape;
  const std::uint32_t sign_bit = 1U << (shape.weight_bits - 1);
  for (std::uint32_t j = 0; j < shape.inputs; ++j) {
    const std::uint32_t row_group = j / layout_.rows_per_subarray;
    for (std::uint32_t i = 0; i < shape.outputs; ++i) {
      const stt::SttSubarray& subarray = *subarrays_[layout_.subarray_index(row_group, i / layout_.neurons_per_group)];
      for (std::uint32_t k = 0; k < shape.basis_functions; ++k) {
        std::uint32_t bits = 0;
        for (std::uint32_t b = 0; b < shape.weight_bits; ++b) {
          bits |= (subarray.bit(j % layout_.rows_per_subarray, layout_.column(i, k, b)) ? 1U : 0U) << b;
        }
        programmed.weights[(static_cast<std::size_t>(j) * shape.outputs + i) * shape.basis_functions + k] =
            static_cast<std::int32_t>(bits ^ sign_bit) - static_cast<std::int32_t>(sign_bit);
      }
    }
  }
  return programmed;
}

stt::SttFaultCounts SpinapsCore::fault_counts() const {
  stt::SttFaultCounts total;
  for (const auto& subarray : subarrays_) {
    const stt::SttFaultCounts& counts = subarray->fault_counts();
    total.stuck_at_p_cells += counts.stuck_at_p_cells;
    total.stuck_at_ap_cells += counts.stuck_at_ap_cells;
    total.write_failures += counts.write_failures;
    total.corrupted_cells += counts.corrupted_cells;
    total.read_errors += counts.read_errors;
  }
  return total;
}

void SpinapsCore::trace_phase(CorePhase phase, hw::Cycle end) {
  if (end > phase_begin_) config_.trace->phase(phase, step_, phase_begin_, end);
  phase_begin_ = end;
}

snn::OperationCounts SpinapsCore::snapshot_counts() const {
  snn::OperationCounts counts;
  counts.input_spikes = trace_unit_.counts().input_spikes;
  counts.active_rows = trace_unit_.counts().encoder_grants;
  counts.synapse_macs = neuron_unit_.counts().synapse_macs;
  counts.feedback_macs = neuron_unit_.counts().feedback_macs;
  counts.neuron_updates = neuron_unit_.counts().sigmoid_lut_reads;
  counts.output_spikes = neuron_unit_.counts().output_spikes;
  return counts;
}

void SpinapsCore::publish(energy::ActionCounts& counts) const {
  for (const auto& subarray : subarrays_) {
    counts.add(stt::kActionRowActivation, subarray->counts().row_activations);
    counts.add(stt::kActionCellReadBit, subarray->counts().cell_reads);
    counts.add(stt::kActionSenseAmpSense, subarray->counts().sense_operations);
  }
  const neuron::SpikeTraceCounts& trace = trace_unit_.counts();
  counts.add(neuron::kActionWindowShiftBit, trace.window_shift_bits);
  counts.add(neuron::kActionBasisLutRead, trace.basis_lut_reads);
  counts.add(neuron::kActionPriorityEncoderGrant, trace.encoder_grants);
  counts.add(kActionActiveCycle, active_cycles_);
  const neuron::NeuronUnitCounts& unit = neuron_unit_.counts();
  counts.add(neuron::kActionMac, unit.synapse_macs + unit.feedback_macs);
  counts.add(neuron::kActionAccumulatorReset, unit.accumulator_resets);
  counts.add(neuron::kActionSigmoidLutRead, unit.sigmoid_lut_reads);
  counts.add(neuron::kActionCompare, unit.comparisons);
  counts.add(neuron::kActionRngDraw, unit.rng_draws);
  // The per-sample key rounds of the counter-based RNG: only cores that draw (encoders, owners).
  counts.add(neuron::kActionRngSampleSetup, role_.owner || role_.layer == 0 ? inferences_done_ : 0);
  counts.add(neuron::kActionPartialSumAdd, partial_sum_adds_);
}

}  // namespace spinaps::core
