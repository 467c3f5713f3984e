#include "tools/report/cnn_trace_writer.h"

#include <algorithm>
#include <map>

#include "tools/report/trace_events.h"

namespace spinaps::report {
namespace {

constexpr int kFramesProcess = 1;
constexpr int kLayersProcess = 2;

}  // namespace

void CnnTraceWriter::row(std::size_t unit, std::uint64_t frame, std::int64_t row, hw::Cycle start, hw::Cycle end) {
  rows_.push_back({unit, frame, row, start, end});
}

nlohmann::ordered_json CnnTraceWriter::document(const std::string& title, const cnn_accel::AcceleratorPlan& plan,
                                                const std::vector<cnn_accel::FrameRecord>& records) const {
  using Json = nlohmann::ordered_json;
  Json events = Json::array();
  const auto metadata = [&events](const char* kind, int process, std::size_t track, const std::string& name) {
    events.push_back(trace_events::name_event(kind, process, track, name));
  };
  const auto slice = [&](const std::string& name, const char* category, int process, std::size_t track, hw::Cycle start,
                         hw::Cycle end, Json args) {
    args["cycles"] = end - start;
    events.push_back(
        trace_events::timed_event(name, category, process, track, start, end - start, false, args, period_ns_));
  };
  metadata("process_name", kFramesProcess, 0, "frames: " + title);
  metadata("process_name", kLayersProcess, 0, "layers (one track per unit of the plan)");
  std::uint64_t traced = 0;
  for (const cnn_accel::FrameRecord& record : records) {
    if (!wants(record.frame)) continue;
    ++traced;
    const std::size_t track = static_cast<std::size_t>(record.frame) + 1;
    metadata("thread_name", kFramesProcess, track, "frame " + std::to_string(record.frame));
    if (record.admitted_cycle > record.arrival_cycle) {
      slice("queued", "queue", kFramesProcess, track, record.arrival_cycle, record.admitted_cycle,
            {{"frame", record.frame}});
    }
    slice("in the chip", "frame", kFramesProcess, track, record.admitted_cycle, record.completed_cycle + 1,
          {{"frame", record.frame}});
  }
  // Per unit and frame: the span of its rows; the rows nest inside.
  std::map<std::pair<std::size_t, std::uint64_t>, std::pair<hw::Cycle, hw::Cycle>> spans;
  for (const Row& row : rows_) {
    auto [it, fresh] = spans.try_emplace({row.unit, row.frame}, row.start, row.end);
    if (!fresh) {
      it->second.first = std::min(it->second.first, row.start);
      it->second.second = std::max(it->second.second, row.end);
    }
  }
  for (std::size_t unit = 0; unit < plan.units.size(); ++unit) {
    const cnn_accel::UnitPlan& unit_plan = plan.units[unit];
    metadata("thread_name", kLayersProcess, unit + 1,
             unit_plan.name + " (" + unit_plan.op_type + ", " + (unit_plan.weight_layer ? "tiles" : "digital") +
                 ", node " + std::to_string(unit_plan.home_node) + ")");
  }
  std::vector<const Row*> sorted;
  sorted.reserve(rows_.size());
  for (const Row& row : rows_) sorted.push_back(&row);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Row* a, const Row* b) {
    return a->unit != b->unit ? a->unit < b->unit : a->start < b->start;
  });
  std::pair<std::size_t, std::uint64_t> open{plan.units.size(), 0};
  for (const Row* row : sorted) {
    if (std::make_pair(row->unit, row->frame) != open) {
      open = {row->unit, row->frame};
      const auto& span = spans.at(open);
      slice("frame " + std::to_string(row->frame), "frame", kLayersProcess, row->unit + 1, span.first, span.second,
            {{"frame", row->frame}, {"layer", plan.units[row->unit].name}});
    }
    slice("row " + std::to_string(row->row), plan.units[row->unit].weight_layer ? "tiles" : "digital", kLayersProcess,
          row->unit + 1, row->start, row->end, {{"frame", row->frame}, {"row", row->row}});
  }
  return trace_events::document(std::move(events), title, period_ns_, {{"frames_traced", traced}},
                                "ts and dur are microseconds of simulated time; args.cycle is the accelerator cycle");
}

}  // namespace spinaps::report
