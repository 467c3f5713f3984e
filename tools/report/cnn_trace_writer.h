#pragma once
// Records the memristive CNN accelerator's pipeline for the first few frames and writes it as
// Chrome trace-event JSON (Perfetto, chrome://tracing): "ts" and "dur" in microseconds of simulated
// time. Process 1, the frames: one track per traced frame with its wait in the input queue
// ("queued", arrival to admission) and its passage through the chip ("in the chip", admission to
// its last output row). Process 2, the layers: one track per unit of the plan (a weight layer's
// tiles, or a digital operator on its node's digital unit), holding "frame F" slices (first row
// start to last row end) with the unit's "row R" slices nested inside. A unit finishes one frame
// before it starts the next, so slices on every track nest or follow each other.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw/cnn_accel/layer_plan.h"
#include "hw/cnn_accel/pipeline.h"

namespace spinaps::report {

class CnnTraceWriter : public cnn_accel::PipelineTraceSink {
 public:
  /// Traces the first `frames` frames; `period_ns` converts cycles to time.
  CnnTraceWriter(std::uint64_t frames, double period_ns) : wanted_(frames), period_ns_(period_ns) {}

  [[nodiscard]] bool wants(std::uint64_t frame) const override { return frame < wanted_; }
  void row(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle start, hw::Cycle end) override;

  /// The trace document for the plan's units and the frames' records; `title` names the run.
  [[nodiscard]] nlohmann::ordered_json document(const std::string& title, const cnn_accel::AcceleratorPlan& plan,
                                                const std::vector<cnn_accel::FrameRecord>& records) const;

 private:
  struct Row {
    std::size_t unit = 0;
    std::uint64_t frame = 0;
    std::int64_t row = 0;
    hw::Cycle start = 0;
    hw::Cycle end = 0;
  };
  std::uint64_t wanted_;
  double period_ns_;
  std::vector<Row> rows_;
};

}  // namespace spinaps::report
