#include "tools/report/trace_writer.h"

#include <algorithm>

namespace spinaps::report {
namespace {

constexpr std::uint32_t kControllerTrack = 1;
constexpr std::uint32_t kMacTrack = 2;
constexpr std::uint32_t kNeuronTrack = 3;
constexpr std::uint32_t kFirstRowGroupTrack = 10;
constexpr int kProcessId = 1;

}  // namespace

TraceWriter::TraceWriter(std::uint32_t inferences, double period_ns) : wanted_(inferences), period_ns_(period_ns) {}

double TraceWriter::microseconds(hw::Cycle cycles) const { return static_cast<double>(cycles) * period_ns_ / 1000.0; }

bool TraceWriter::begin_inference(std::uint64_t /*sample_id*/, hw::Cycle /*start*/) {
  if (begun_ >= wanted_) return false;
  ++begun_;
  return true;
}

void TraceWriter::phase(core::CorePhase phase, std::uint32_t step, hw::Cycle first, hw::Cycle end) {
  if (phase == core::CorePhase::kStepStart) step_start_ = first;
  add({core::core_phase_name(phase), "core", kControllerTrack, first, end - first, false, {{"step", step}}});
  if (phase == core::CorePhase::kDecide) {
    add({"time step " + std::to_string(step),
         "core",
         kControllerTrack,
         step_start_,
         end - step_start_,
         false,
         {{"step", step}}});
  }
}

void TraceWriter::row_read(std::uint32_t row, std::uint32_t row_group, hw::Cycle issue, hw::Cycle ready) {
  max_row_group_ = std::max(max_row_group_, row_group);
  add({"read row " + std::to_string(row),
       "crossbar",
       kFirstRowGroupTrack + row_group,
       issue,
       ready - issue,
       false,
       {{"row", row}, {"row_group", row_group}}});
}

void TraceWriter::row_mac(std::uint32_t row, hw::Cycle start, hw::Cycle end) {
  add({"MAC row " + std::to_string(row), "neuron", kMacTrack, start, end - start, false, {{"row", row}}});
}

void TraceWriter::neuron_fired(std::uint32_t neuron, std::uint32_t step, hw::Cycle cycle) {
  add({"spike neuron " + std::to_string(neuron),
       "neuron",
       kNeuronTrack,
       cycle,
       0,
       true,
       {{"neuron", neuron}, {"step", step}}});
}

void TraceWriter::end_inference(std::uint64_t sample_id, std::uint32_t decision, std::uint32_t decision_step,
                                hw::Cycle start, hw::Cycle end) {
  add({"inference sample " + std::to_string(sample_id),
       "core",
       kControllerTrack,
       start,
       end - start + 1,
       false,
       {{"sample", sample_id}, {"decision", decision}, {"decision_step", decision_step}, {"cycles", end - start + 1}}});
}

nlohmann::ordered_json TraceWriter::document(const std::string& title) const {
  std::vector<const Event*> sorted;
  sorted.reserve(events_.size());
  for (const Event& event : events_) sorted.push_back(&event);
  // Per track by start; an enclosing slice (longer) before the slices it contains.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) {
    if (a->track != b->track) return a->track < b->track;
    if (a->start != b->start) return a->start < b->start;
    return a->cycles > b->cycles;
  });
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  auto metadata = [&events](const char* kind, std::uint32_t track, const std::string& name) {
    events.push_back({{"name", kind}, {"ph", "M"}, {"pid", kProcessId}, {"tid", track}, {"args", {{"name", name}}}});
  };
  metadata("process_name", 0, "spinaps core: " + title);
  metadata("thread_name", kControllerTrack, "core controller");
  metadata("thread_name", kMacTrack, "MAC lanes");
  metadata("thread_name", kNeuronTrack, "output neuron spikes");
  for (std::uint32_t group = 0; group <= max_row_group_; ++group) {
    metadata("thread_name", kFirstRowGroupTrack + group, "crossbar row group " + std::to_string(group));
  }
  for (const Event* event : sorted) {
    nlohmann::ordered_json entry = {{"name", event->name},
                                    {"cat", event->category},
                                    {"ph", event->instant ? "i" : "X"},
                                    {"ts", microseconds(event->start)}};
    if (event->instant) {
      entry["s"] = "t";  // thread-scoped instant
    } else {
      entry["dur"] = microseconds(event->cycles);
    }
    entry["pid"] = kProcessId;
    entry["tid"] = event->track;
    nlohmann::ordered_json args = event->args;
    args["cycle"] = event->start;
    entry["args"] = args;
    events.push_back(entry);
  }
  return {{"traceEvents", events},
          {"displayTimeUnit", "ns"},
          {"otherData",
           {{"tool", "spinaps"},
            {"title", title},
            {"clock_period_ns", period_ns_},
            {"inferences_traced", begun_},
            {"time_unit", "ts and dur are microseconds of simulated time; args.cycle is the core cycle"}}}};
}

}  // namespace spinaps::report
