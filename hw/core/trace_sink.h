#pragma once
// An observer of the core's timeline: inferences, controller phases, row reads, MAC work and output
// spikes, each with its cycles. The core calls it only while an inference is being traced (the sink
// chooses which in begin_inference), so a null sink or an untraced inference costs one branch on a
// bool and nothing it records feeds back into the model: tracing never changes a count.
#include <cstdint>
#include <string>

#include "hw/common/clocked_component.h"

namespace spinaps::core {

/// The controller phases of one algorithmic time step (see spinaps_core.h).
enum class CorePhase { kStepStart, kRows, kFeedback, kFire, kDecide };

/// A short name for a phase, as trace viewers show it.
inline const char* core_phase_name(CorePhase phase) {
  switch (phase) {
    case CorePhase::kStepStart:
      return "step start";
    case CorePhase::kRows:
      return "rows";
    case CorePhase::kFeedback:
      return "feedback";
    case CorePhase::kFire:
      return "fire";
    case CorePhase::kDecide:
      return "decide";
  }
  return "?";
}

class TraceSink {
 public:
  TraceSink() = default;
  TraceSink(const TraceSink&) = delete;
  TraceSink& operator=(const TraceSink&) = delete;
  TraceSink(TraceSink&&) = delete;
  TraceSink& operator=(TraceSink&&) = delete;
  virtual ~TraceSink() = default;
  /// An inference starts at `start`; returns true to receive its events.
  virtual bool begin_inference(std::uint64_t sample_id, hw::Cycle start) = 0;
  /// A phase of time step `step` ran from `first` to `end` (exclusive; end == first: took no cycle).
  virtual void phase(CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) = 0;
  /// Row `row` (row group `row_group`) was granted at `issue`; its data is usable at `ready`.
  virtual void row_read(std::uint32_t row, std::uint32_t row_group, hw::Cycle issue, hw::Cycle ready) = 0;
  /// The MAC lanes work on row `row` from `start` to `end` (exclusive).
  virtual void row_mac(std::uint32_t row, hw::Cycle start, hw::Cycle end) = 0;
  /// Output neuron `neuron` spiked in time step `step`; the spike is registered at `cycle`.
  virtual void neuron_fired(std::uint32_t neuron, std::uint32_t step, hw::Cycle cycle) = 0;
  /// The inference ended with `decision` registered at `end` (inclusive).
  virtual void end_inference(std::uint64_t sample_id, std::uint32_t decision, std::uint32_t decision_step,
                             hw::Cycle start, hw::Cycle end) = 0;
  /// The sink for one core's own timeline (its phases, row reads and MAC work), asked once per core
  /// when a chip is built; `label` says which part of the network the core holds. Null leaves the
  /// core untraced. The returned sink stays owned by this one. A chip reports its own events
  /// (inferences, decisions, output spikes) to this sink and each core's to its core sink.
  virtual TraceSink* core_sink(std::uint32_t /*partition*/, const std::string& /*label*/) { return nullptr; }
};

}  // namespace spinaps::core
