#pragma once
// Records the chip's timeline for the first few inferences and writes it as Chrome trace-event
// JSON (the format chrome://tracing, Perfetto and speedscope open): complete events ("ph":"X") with
// "ts" and "dur" in microseconds of simulated time. One process ("pid") per unit, one track ("tid")
// per hardware resource:
//   pid 1, the chip: 1 chip controller (inference > time step > decide, nested; a chip time step
//          runs from the previous decision to this one), 3 output neuron spikes (instant events)
//   pid 2 + p, core p: 1 core controller (time step > step start, rows, feedback, fire, nested;
//          a core time step runs from its step start to its fire), 2 MAC lanes (one slice per row
//          multiplied into the accumulators), 10 + g crossbar row group g (one slice per row read)
// Every core of a multi-core chip is traced. Events are written sorted by process, track, then
// start time (longer first), so every track's timestamps are non-decreasing and nested slices open
// before their children.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/core/trace_sink.h"

namespace spinaps::report {

class TraceWriter : public core::TraceSink {
 public:
  /// Traces the first `inferences` inferences; `period_ns` converts cycles to time.
  TraceWriter(std::uint32_t inferences, double period_ns);
  ~TraceWriter() override;
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  bool begin_inference(std::uint64_t sample_id, hw::Cycle start) override;
  void phase(core::CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) override;
  void row_read(std::uint32_t row, std::uint32_t row_group, hw::Cycle issue, hw::Cycle ready) override;
  void row_mac(std::uint32_t row, hw::Cycle start, hw::Cycle end) override;
  void neuron_fired(std::uint32_t neuron, std::uint32_t step, hw::Cycle cycle) override;
  void end_inference(std::uint64_t sample_id, std::uint32_t decision, std::uint32_t decision_step, hw::Cycle start,
                     hw::Cycle end) override;
  core::TraceSink* core_sink(std::uint32_t partition, const std::string& label) override;

  /// The trace document; `title` names the chip's process track (e.g. the configuration name).
  /// Closes each core's last time step first.
  [[nodiscard]] nlohmann::ordered_json document(const std::string& title);
  [[nodiscard]] std::uint32_t traced_inferences() const { return begun_; }

  /// One recorded slice or instant event.
  struct Event {
    std::string name;
    std::string category;
    std::uint32_t process = 0;
    std::uint32_t track = 0;
    hw::Cycle start = 0;
    hw::Cycle cycles = 0;  ///< duration in cycles; instant events have none
    bool instant = false;
    nlohmann::ordered_json args;
  };

 private:
  class CoreTrace;
  void add(Event event) { events_.push_back(std::move(event)); }

  std::uint32_t wanted_;
  double period_ns_;
  std::uint32_t begun_ = 0;
  hw::Cycle chip_step_start_ = 0;
  std::vector<Event> events_;
  std::vector<std::unique_ptr<CoreTrace>> cores_;
};

}  // namespace spinaps::report
