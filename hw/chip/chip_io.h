#pragma once
// The chip's streaming I/O behind the host interface: the input buffers the host fills with one
// input vector each (intensities 0..255, one byte per layer-0 input; the input cores turn them into
// spike trains with their own random number generators) and the decision FIFO the host reads.
//
// Time: the clock domain may run ahead of SystemC time (temporal decoupling), so every state change
// here carries the cycle it happens on, and the host's side (an SC_THREAD) waits until that cycle in
// simulated time before it sees it. The host therefore observes exactly what a cycle-by-cycle model
// would show it, whatever the quantum.
//
// An input buffer is taken when its vector arrives and freed on the cycle its inference starts (the
// input cores latch the intensities into their spike-threshold registers then).
#include <cstdint>
#include <deque>
#include <functional>
#include <systemc>
#include <vector>

#include "hw/chip/dataset_host.h"
#include "hw/core/inference_job.h"

namespace spinaps::chip {

/// What the host reads back for one inference (the decision FIFO's entry, 4 words).
struct DecisionWord {
  std::uint32_t sequence = 0;       ///< the input's sequence number since the chip started
  std::uint32_t decision = 0;       ///< output neuron
  std::uint32_t decision_step = 0;  ///< 1..T
  std::uint32_t flags = 0;          ///< bit 0: decided by a spike (else the largest potential at T)
};
constexpr std::uint32_t kDecidedBySpikeFlag = 1;

struct ChipIoStatistics {
  std::uint64_t inputs_written = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t decisions_read = 0;
  std::uint64_t host_wait_cycles = 0;  ///< cycles the host waited for a free input buffer
};

class ChipIo : public core::InferenceSource {
 public:
  using Progress = std::function<void(std::size_t done)>;
  /// `input_buffers` >= 1; `period_ns` converts cycles to SystemC time.
  ChipIo(std::size_t input_buffers, std::uint32_t input_bytes, double period_ns, Progress progress);

  // Host side (called from the host interface's b_transport, in an SC_THREAD).
  /// Waits until a buffer is free at SystemC time, then stores `pixels` (input_bytes of them); they
  /// reach the input cores `transfer_cycles` later. Returns that ready cycle.
  hw::Cycle write_input(const std::uint8_t* pixels, hw::Cycle transfer_cycles);
  /// Waits until the oldest unread decision exists at SystemC time and returns it.
  DecisionWord read_decision();
  /// Called with the input's ready cycle when a vector has been stored (the chip may be idle).
  void on_input(std::function<void(hw::Cycle ready_cycle)> callback) { on_input_ = std::move(callback); }

  // Chip side (called from the clock domain).
  bool next_job(core::InferenceJob& job, hw::Cycle now) override;
  void job_done(const core::InferenceJob& job, const snn::InferenceResult& result, hw::Cycle start_cycle,
                hw::Cycle end_cycle) override;

  [[nodiscard]] std::vector<InferenceRecord>& records() { return records_; }
  [[nodiscard]] const ChipIoStatistics& statistics() const { return statistics_; }
  [[nodiscard]] std::uint32_t input_bytes() const { return input_bytes_; }
  [[nodiscard]] hw::Cycle cycle_now() const;

 private:
  struct Buffer {
    std::vector<std::uint8_t> pixels;
    bool filled = false;
    std::uint64_t sequence = 0;
    hw::Cycle ready_cycle = 0;
    hw::Cycle free_from_cycle = 0;  ///< the cycle it was (or will be) freed
  };
  struct Decision {
    DecisionWord word;
    hw::Cycle cycle = 0;
  };
  /// Waits (in the calling SC_THREAD) until SystemC time reaches `cycle`.
  void wait_until(hw::Cycle cycle) const;
  /// Notifies `event` at the SystemC time of `cycle` (or now, when that has passed).
  void notify_at(sc_core::sc_event& event, hw::Cycle cycle) const;

  std::vector<Buffer> buffers_;
  std::uint32_t input_bytes_;
  double period_ns_;
  Progress progress_;
  std::uint64_t next_sequence_ = 0;    ///< assigned to inputs as they arrive
  std::uint64_t next_to_run_ = 0;      ///< the sequence number the chip takes next
  std::vector<std::uint8_t> latched_;  ///< the running inference's input, as the input cores hold it
  std::deque<Decision> decisions_;
  std::function<void(hw::Cycle)> on_input_;
  sc_core::sc_event buffer_freed_, decision_ready_;
  std::vector<InferenceRecord> records_;
  ChipIoStatistics statistics_;
};

}  // namespace spinaps::chip
