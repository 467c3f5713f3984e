#include "hw/chip/chip_io.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace spinaps::chip {

ChipIo::ChipIo(std::size_t input_buffers, std::uint32_t input_bytes, double period_ns, Progress progress)
    : buffers_(std::max<std::size_t>(input_buffers, 1)),
      input_bytes_(input_bytes),
      period_ns_(period_ns),
      progress_(std::move(progress)),
      latched_(input_bytes, 0) {
  for (Buffer& buffer : buffers_) buffer.pixels.assign(input_bytes, 0);
}

hw::Cycle ChipIo::cycle_now() const {
  const double cycles = sc_core::sc_time_stamp().to_seconds() * 1e9 / period_ns_;
  return static_cast<hw::Cycle>(std::ceil(cycles - 1e-9));
}

void ChipIo::wait_until(hw::Cycle cycle) const {
  const double target_ns = static_cast<double>(cycle) * period_ns_;
  const double now_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  if (target_ns > now_ns) sc_core::wait(sc_core::sc_time(target_ns - now_ns, sc_core::SC_NS));
}

void ChipIo::notify_at(sc_core::sc_event& event, hw::Cycle cycle) const {
  const double target_ns = static_cast<double>(cycle) * period_ns_;
  const double now_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  event.notify(sc_core::sc_time(std::max(0.0, target_ns - now_ns), sc_core::SC_NS));
}

hw::Cycle ChipIo::write_input(const std::uint8_t* pixels, hw::Cycle transfer_cycles) {
  const hw::Cycle asked = cycle_now();
  Buffer* free_buffer = nullptr;
  while (free_buffer == nullptr) {
    // The buffer freed earliest; it may be freed in the clock domain's future (it runs ahead).
    for (Buffer& buffer : buffers_) {
      if (!buffer.filled && (free_buffer == nullptr || buffer.free_from_cycle < free_buffer->free_from_cycle)) {
        free_buffer = &buffer;
      }
    }
    if (free_buffer == nullptr) sc_core::wait(buffer_freed_);
  }
  wait_until(free_buffer->free_from_cycle);
  const hw::Cycle written = cycle_now();
  statistics_.host_wait_cycles += written - asked;
  std::memcpy(free_buffer->pixels.data(), pixels, input_bytes_);
  free_buffer->filled = true;
  free_buffer->sequence = next_sequence_++;
  free_buffer->ready_cycle = written + transfer_cycles;
  ++statistics_.inputs_written;
  statistics_.input_bytes += input_bytes_;
  if (on_input_) on_input_(free_buffer->ready_cycle);
  return free_buffer->ready_cycle;
}

DecisionWord ChipIo::read_decision() {
  while (decisions_.empty()) sc_core::wait(decision_ready_);
  wait_until(decisions_.front().cycle);
  const DecisionWord word = decisions_.front().word;
  decisions_.pop_front();
  ++statistics_.decisions_read;
  return word;
}

bool ChipIo::next_job(core::InferenceJob& job, hw::Cycle now) {
  for (Buffer& buffer : buffers_) {
    if (!buffer.filled || buffer.sequence != next_to_run_) continue;
    ++next_to_run_;
    job.sample_id = buffer.sequence;
    job.label = 0;  // the chip never sees labels; the simulation fills them in from the dataset
    job.ready_cycle = std::max(now, buffer.ready_cycle);
    std::copy(buffer.pixels.begin(), buffer.pixels.end(), latched_.begin());
    job.pixels = latched_.data();
    buffer.filled = false;
    buffer.free_from_cycle = job.ready_cycle;
    notify_at(buffer_freed_, buffer.free_from_cycle);
    return true;
  }
  return false;
}

void ChipIo::job_done(const core::InferenceJob& job, const snn::InferenceResult& result, hw::Cycle start_cycle,
                      hw::Cycle end_cycle) {
  records_.push_back({job.sample_id, job.label, result, start_cycle, end_cycle});
  DecisionWord word;
  word.sequence = static_cast<std::uint32_t>(job.sample_id);
  word.decision = result.decision;
  word.decision_step = result.decision_step;
  word.flags = result.decided_by_spike ? kDecidedBySpikeFlag : 0;
  decisions_.push_back({word, end_cycle});
  notify_at(decision_ready_, end_cycle);
  if (progress_) progress_(records_.size());
}

}  // namespace spinaps::chip
