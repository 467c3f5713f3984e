#pragma once
// The accelerator's dataflow, cycle by cycle, as ONE clocked component of the accelerator's clock
// domain (the mesh is the other). Every unit of the plan works one output row at a time: a row
// starts when its unit (the tiles of a weight layer, or the digital unit of its node) is free and
// the input rows it reads have arrived, and takes UnitPlan::row_cycles. Finished rows travel to
// their consumers' nodes as mesh packets (a weight layer first gathers the partial sums of its
// tiles on other nodes at its home node), or through the node's own buffer when producer and
// consumer share a node. Frames wait in the detector queue until one of the two input buffers is
// free, then their rows stream from the host node. A unit moves on to the next frame as soon as it
// has finished one, so frames overlap across layers (pipelining). Values are computed by
// TileNetwork::compute_unit when a unit finishes a frame, from the tensors its inputs delivered, so
// a dependency the timing got wrong shows up as a missing input, not as a silent mistake.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "hw/cnn_accel/layer_plan.h"
#include "hw/cnn_accel/tile_network.h"
#include "hw/common/clocked_component.h"
#include "hw/noc/mesh_network.h"

namespace spinaps::cnn_accel {

struct FrameRecord {
  std::uint64_t frame = 0;
  hw::Cycle arrival_cycle = 0;    ///< the frame reached the accelerator's input queue
  hw::Cycle admitted_cycle = 0;   ///< an input buffer took it and its rows began to stream
  hw::Cycle completed_cycle = 0;  ///< the last output row of the last graph output was finished
};

/// An observer of the pipeline's timeline: which unit works on which output row of which frame,
/// and when. The pipeline asks before each row, so untraced frames cost one call and nothing it
/// records feeds back into the model: tracing never changes a count or a cycle.
class PipelineTraceSink {
 public:
  virtual ~PipelineTraceSink() = default;
  /// Whether the rows of `frame` are wanted.
  [[nodiscard]] virtual bool wants(std::uint64_t frame) const = 0;
  /// Unit `unit` works on output row `row` of frame `frame` from `start` to `end` (exclusive).
  virtual void row(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle start, hw::Cycle end) = 0;
};

class Pipeline : public hw::ClockedComponent {
 public:
  /// Frames admitted into the chip at once (double-buffered input).
  static constexpr std::uint64_t kInputBuffers = 2;
  using Progress = std::function<void(std::uint64_t frames_done)>;

  /// `mesh` may be null for a single-node accelerator (everything local).
  Pipeline(const AcceleratorPlan& plan, const TileNetwork& network, noc::MeshNetwork* mesh,
           std::uint32_t accumulator_bits, Progress progress);

  /// A frame reaching the input queue at cycle `arrival` (frames must come in order).
  void enqueue_frame(cnn::TensorMap inputs, hw::Cycle arrival);
  /// Frames that will come in total (the run ends when all are completed).
  void expect_frames(std::uint64_t frames) { expected_frames_ = frames; }
  void on_delivery(noc::NodeId destination, const noc::Packet& packet, hw::Cycle arrival);
  /// Reports the rows of the frames `sink` wants to it (null: no tracing). Not owned.
  void set_trace(PipelineTraceSink* sink) { trace_ = sink; }

  void tick(hw::Cycle now) override;
  [[nodiscard]] hw::Cycle next_busy_cycle() const override;

  [[nodiscard]] bool finished() const { return completed_frames_ == expected_frames_ && expected_frames_ > 0; }
  [[nodiscard]] const std::vector<FrameRecord>& records() const { return records_; }
  [[nodiscard]] const std::map<std::uint64_t, cnn::TensorMap>& outputs() const { return outputs_; }
  [[nodiscard]] const std::vector<UnitCounts>& unit_counts() const { return unit_counts_; }
  /// Cycles each unit spent working on rows.
  [[nodiscard]] const std::vector<std::uint64_t>& unit_busy_cycles() const { return unit_busy_cycles_; }
  [[nodiscard]] std::uint64_t partial_sum_packets() const { return partial_sum_packets_; }
  [[nodiscard]] std::uint64_t activation_packets() const { return activation_packets_; }
  [[nodiscard]] std::uint64_t local_transfers() const { return local_transfers_; }
  [[nodiscard]] std::uint64_t max_frames_in_flight() const { return max_frames_in_flight_; }

 private:
  struct FrameState {
    cnn::TensorMap inputs;
    /// [unit][input]: rows arrived at the unit's node(s), and the producer's tensor once complete.
    std::vector<std::vector<std::int64_t>> rows_arrived;
    std::vector<std::vector<std::shared_ptr<const cnn::Tensor>>> tensors;
    std::vector<std::shared_ptr<const cnn::Tensor>> outputs;  ///< per unit, once it finished the frame
    std::size_t units_finished = 0;
    std::size_t input_readers_finished = 0;  ///< units reading a graph input that finished this frame
    std::size_t outputs_finished = 0;
  };
  enum class EventKind { kRowDone, kRowArrived, kRowGathered };
  struct Event {
    EventKind kind = EventKind::kRowDone;
    std::size_t unit = 0;
    std::size_t input = 0;
    std::uint64_t frame = 0;
    std::int64_t row = 0;
  };
  /// A transfer in the mesh: which row it carries and how many destinations are still to get it.
  struct Transfer {
    bool partial_sums = false;
    std::size_t unit = 0;  ///< consumer (activations) or the gathering unit (partial sums)
    std::size_t input = 0;
    std::uint64_t frame = 0;
    std::int64_t row = 0;
    std::size_t remaining = 0;
  };
  struct UnitCursor {
    std::uint64_t frame = 0;
    std::int64_t row = 0;
    bool busy = false;
  };

  void admit_frames(hw::Cycle now);
  void process_event(const Event& event, hw::Cycle now);
  void row_finished(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle now);
  void emit_row(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle now);
  void send_row(std::size_t producer_home, std::size_t consumer, std::size_t input, std::uint64_t frame,
                std::int64_t row, std::uint32_t payload_bits, hw::Cycle now);
  void row_arrived(std::size_t unit, std::size_t input, std::uint64_t frame, std::int64_t row);
  void finish_frame_of_unit(std::size_t unit, std::uint64_t frame, hw::Cycle now);
  bool try_start(std::size_t unit, hw::Cycle now);
  FrameState& state_of(std::uint64_t frame);

  const AcceleratorPlan& plan_;
  const TileNetwork& network_;
  PipelineTraceSink* trace_ = nullptr;
  noc::MeshNetwork* mesh_;
  std::uint32_t accumulator_bits_;
  Progress progress_;
  std::uint64_t expected_frames_ = 0;
  std::uint64_t completed_frames_ = 0;

  std::deque<std::pair<cnn::TensorMap, hw::Cycle>> queue_;
  std::uint64_t next_frame_to_admit_ = 0;
  std::uint64_t admitted_frames_ = 0;
  std::uint64_t input_buffers_in_use_ = 0;
  std::uint64_t max_frames_in_flight_ = 0;
  std::map<std::uint64_t, FrameState> frames_;
  std::multimap<hw::Cycle, Event> events_;
  std::map<std::uint64_t, Transfer> transfers_;
  /// (unit, frame, row) -> partial-sum packets still travelling to the unit's home node.
  std::map<std::tuple<std::size_t, std::uint64_t, std::int64_t>, std::size_t> pending_gathers_;
  std::uint64_t next_tag_ = 1;
  std::vector<UnitCursor> cursors_;
  std::vector<hw::Cycle> node_digital_free_;  ///< per mesh node: the cycle its digital unit is free
  std::size_t input_readers_ = 0;
  std::size_t output_units_ = 0;

  std::vector<FrameRecord> records_;
  std::map<std::uint64_t, cnn::TensorMap> outputs_;
  std::vector<UnitCounts> unit_counts_;
  std::vector<std::uint64_t> unit_busy_cycles_;
  std::uint64_t partial_sum_packets_ = 0, activation_packets_ = 0, local_transfers_ = 0;
  hw::Cycle last_tick_ = 0;
};

}  // namespace spinaps::cnn_accel
