#include "tools/report/trace_writer.h"

#include <algorithm>

#include "tools/report/trace_events.h"

namespace spinaps::report {
namespace {

constexpr std::uint32_t kControllerTrack = 1;
constexpr std::uint32_t kMacTrack = 2;
constexpr std::uint32_t kNeuronTrack = 3;
constexpr std::uint32_t kFirstRowGroupTrack = 10;
constexpr std::uint32_t kChipProcess = 1;
constexpr std::uint32_t kFirstCoreProcess = 2;

}  // namespace

/// One core's timeline: its controller phases grouped into its own time steps, its row reads and
/// its MAC work, on a process of its own.
class TraceWriter::CoreTrace : public core::TraceSink {
 public:
  CoreTrace(TraceWriter& writer, std::uint32_t process, std::string label)
      : writer_(writer), process_(process), label_(std::move(label)) {}

  // The chip chooses the traced inferences; a core is told through its begin_inference.
  bool begin_inference(std::uint64_t /*sample_id*/, hw::Cycle /*start*/) override { return true; }
  ~CoreTrace() override = default;
  CoreTrace(const CoreTrace&) = delete;
  CoreTrace& operator=(const CoreTrace&) = delete;
  void end_inference(std::uint64_t /*sample_id*/, std::uint32_t /*decision*/, std::uint32_t /*decision_step*/,
                     hw::Cycle /*start*/, hw::Cycle /*end*/) override {}
  void neuron_fired(std::uint32_t /*neuron*/, std::uint32_t /*step*/, hw::Cycle /*cycle*/) override {}

  void phase(core::CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) override {
    // A core's time step runs from its first phase of the step to its last (a core that only sends
    // partial sums ends with its rows; one that owns neurons with its fire); the chip decides later.
    if (!step_open_ || step != step_number_) {
      close_step();
      step_open_ = true;
      step_number_ = step;
      step_start_ = first;
    }
    step_end_ = std::max(step_end_, end);
    writer_.add({core::core_phase_name(phase),
                 "core",
                 process_,
                 kControllerTrack,
                 first,
                 end - first,
                 false,
                 {{"step", step}}});
  }

  /// Ends the open time step (the next one begins, or the trace is written).
  void close_step() {
    if (step_open_ && step_end_ > step_start_) {
      writer_.add({"time step " + std::to_string(step_number_),
                   "core",
                   process_,
                   kControllerTrack,
                   step_start_,
                   step_end_ - step_start_,
                   false,
                   {{"step", step_number_}}});
    }
    step_open_ = false;
    step_end_ = 0;
  }

  void row_read(std::uint32_t row, std::uint32_t row_group, hw::Cycle issue, hw::Cycle ready) override {
    max_row_group_ = std::max(max_row_group_, row_group);
    writer_.add({"read row " + std::to_string(row),
                 "crossbar",
                 process_,
                 kFirstRowGroupTrack + row_group,
                 issue,
                 ready - issue,
                 false,
                 {{"row", row}, {"row_group", row_group}}});
  }

  void row_mac(std::uint32_t row, hw::Cycle start, hw::Cycle end) override {
    writer_.add(
        {"MAC row " + std::to_string(row), "neuron", process_, kMacTrack, start, end - start, false, {{"row", row}}});
  }

  [[nodiscard]] std::uint32_t process() const { return process_; }
  [[nodiscard]] const std::string& label() const { return label_; }
  [[nodiscard]] std::uint32_t max_row_group() const { return max_row_group_; }

 private:
  TraceWriter& writer_;
  std::uint32_t process_;
  std::string label_;
  bool step_open_ = false;
  std::uint32_t step_number_ = 0;
  hw::Cycle step_start_ = 0;
  hw::Cycle step_end_ = 0;
  std::uint32_t max_row_group_ = 0;
};

TraceWriter::TraceWriter(std::uint32_t inferences, double period_ns) : wanted_(inferences), period_ns_(period_ns) {}

TraceWriter::~TraceWriter() = default;

bool TraceWriter::begin_inference(std::uint64_t /*sample_id*/, hw::Cycle start) {
  if (begun_ >= wanted_) return false;
  ++begun_;
  chip_step_start_ = start;
  return true;
}

core::TraceSink* TraceWriter::core_sink(std::uint32_t partition, const std::string& label) {
  cores_.push_back(std::make_unique<CoreTrace>(*this, kFirstCoreProcess + partition, label));
  return cores_.back().get();
}

void TraceWriter::phase(core::CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) {
  // The chip reports its decision; a chip time step runs from the previous decision (or the start
  // of the inference) to the end of this one.
  add({core::core_phase_name(phase),
       "chip",
       kChipProcess,
       kControllerTrack,
       first,
       end - first,
       false,
       {{"step", step}}});
  if (phase == core::CorePhase::kDecide) {
    add({"time step " + std::to_string(step),
         "chip",
         kChipProcess,
         kControllerTrack,
         chip_step_start_,
         end - chip_step_start_,
         false,
         {{"step", step}}});
    chip_step_start_ = end;
  }
}

// A chip reads no rows and runs no MACs itself: those come through the core sinks.
void TraceWriter::row_read(std::uint32_t /*row*/, std::uint32_t /*row_group*/, hw::Cycle /*issue*/,
                           hw::Cycle /*ready*/) {}
void TraceWriter::row_mac(std::uint32_t /*row*/, hw::Cycle /*start*/, hw::Cycle /*end*/) {}

void TraceWriter::neuron_fired(std::uint32_t neuron, std::uint32_t step, hw::Cycle cycle) {
  add({"spike neuron " + std::to_string(neuron),
       "chip",
       kChipProcess,
       kNeuronTrack,
       cycle,
       0,
       true,
       {{"neuron", neuron}, {"step", step}}});
}

void TraceWriter::end_inference(std::uint64_t sample_id, std::uint32_t decision, std::uint32_t decision_step,
                                hw::Cycle start, hw::Cycle end) {
  add({"inference sample " + std::to_string(sample_id),
       "chip",
       kChipProcess,
       kControllerTrack,
       start,
       end - start + 1,
       false,
       {{"sample", sample_id}, {"decision", decision}, {"decision_step", decision_step}, {"cycles", end - start + 1}}});
}

nlohmann::ordered_json TraceWriter::document(const std::string& title) {
  for (const auto& core : cores_) core->close_step();  // the last traced step of each core
  std::vector<const Event*> sorted;
  sorted.reserve(events_.size());
  for (const Event& event : events_) sorted.push_back(&event);
  // Per process and track by start; an enclosing slice (longer) before the slices it contains.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) {
    if (a->process != b->process) return a->process < b->process;
    if (a->track != b->track) return a->track < b->track;
    if (a->start != b->start) return a->start < b->start;
    return a->cycles > b->cycles;
  });
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  auto metadata = [&events](const char* kind, std::uint32_t process, std::uint32_t track, const std::string& name) {
    events.push_back(trace_events::name_event(kind, process, track, name));
  };
  metadata("process_name", kChipProcess, 0, "spinaps chip: " + title);
  metadata("thread_name", kChipProcess, kControllerTrack, "chip controller");
  metadata("thread_name", kChipProcess, kNeuronTrack, "output neuron spikes");
  for (const auto& core : cores_) {
    metadata("process_name", core->process(), 0, core->label());
    metadata("thread_name", core->process(), kControllerTrack, "core controller");
    metadata("thread_name", core->process(), kMacTrack, "MAC lanes");
    for (std::uint32_t group = 0; group <= core->max_row_group(); ++group) {
      metadata("thread_name", core->process(), kFirstRowGroupTrack + group,
               "crossbar row group " + std::to_string(group));
    }
  }
  for (const Event* event : sorted) {
    events.push_back(trace_events::timed_event(event->name, event->category, event->process, event->track, event->start,
                                               event->cycles, event->instant, event->args, period_ns_));
  }
  return trace_events::document(std::move(events), title, period_ns_,
                                {{"inferences_traced", begun_}, {"cores_traced", cores_.size()}},
                                "ts and dur are microseconds of simulated time; args.cycle is the chip cycle");
}

}  // namespace spinaps::report
