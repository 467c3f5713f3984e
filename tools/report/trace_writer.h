#pragma once
// Records the core's timeline for the first few inferences and writes it as Chrome trace-event
// JSON (the format chrome://tracing, Perfetto and speedscope open): complete events ("ph":"X") with
// "ts" and "dur" in microseconds of simulated time, one track ("tid") per hardware resource:
//   1  core controller: inference > time step > phase, nested
//   2  MAC lanes: one slice per row multiplied into the accumulators
//   3  output neurons: one instant event ("ph":"i") per output spike
//   10+g  crossbar row group g: one slice per row read (word line + sense amplifiers)
// Events are written sorted by track, then start time (longer first), so every track's timestamps
// are non-decreasing and nested slices open before their children.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/core/trace_sink.h"

namespace spinaps::report {

class TraceWriter : public core::TraceSink {
 public:
  /// Traces the first `inferences` inferences; `period_ns` converts cycles to time.
  TraceWriter(std::uint32_t inferences, double period_ns);

  bool begin_inference(std::uint64_t sample_id, hw::Cycle start) override;
  void phase(core::CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) override;
  void row_read(std::uint32_t row, std::uint32_t row_group, hw::Cycle issue, hw::Cycle ready) override;
  void row_mac(std::uint32_t row, hw::Cycle start, hw::Cycle end) override;
  void neuron_fired(std::uint32_t neuron, std::uint32_t step, hw::Cycle cycle) override;
  void end_inference(std::uint64_t sample_id, std::uint32_t decision, std::uint32_t decision_step, hw::Cycle start,
                     hw::Cycle end) override;

  /// The trace document; `title` names the process track (e.g. the configuration name).
  [[nodiscard]] nlohmann::ordered_json document(const std::string& title) const;
  [[nodiscard]] std::uint32_t traced_inferences() const { return begun_; }

 private:
  struct Event {
    std::string name;
    std::string category;
    std::uint32_t track = 0;
    hw::Cycle start = 0;
    hw::Cycle cycles = 0;  ///< duration in cycles; instant events have none
    bool instant = false;
    nlohmann::ordered_json args;
  };
  void add(Event event) { events_.push_back(std::move(event)); }
  [[nodiscard]] double microseconds(hw::Cycle cycles) const;

  std::uint32_t wanted_;
  double period_ns_;
  std::uint32_t begun_ = 0;
  std::uint32_t step_ = 0;
  hw::Cycle step_start_ = 0;
  std::uint32_t max_row_group_ = 0;
  std::vector<Event> events_;
};

}  // namespace spinaps::report
