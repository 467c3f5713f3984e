#include "tools/report/trace_events.h"

namespace spinaps::report::trace_events {

Json name_event(const char* kind, std::uint64_t process, std::uint64_t track, const std::string& name) {
  return {{"name", kind}, {"ph", "M"}, {"pid", process}, {"tid", track}, {"args", {{"name", name}}}};
}

Json timed_event(const std::string& name, const std::string& category, std::uint64_t process, std::uint64_t track,
                 std::uint64_t start, std::uint64_t cycles, bool instant, Json args, double period_ns) {
  const auto microseconds = [period_ns](std::uint64_t count) {
    return static_cast<double>(count) * period_ns / 1000.0;
  };
  Json event = {{"name", name}, {"cat", category}, {"ph", instant ? "i" : "X"}, {"ts", microseconds(start)}};
  if (instant) {
    event["s"] = "t";  // thread-scoped instant
  } else {
    event["dur"] = microseconds(cycles);
  }
  event["pid"] = process;
  event["tid"] = track;
  args["cycle"] = start;
  event["args"] = std::move(args);
  return event;
}

Json document(Json events, const std::string& title, double period_ns, const Json& counts,
              const std::string& time_unit) {
  Json other = {{"tool", "spinaps"}, {"title", title}, {"clock_period_ns", period_ns}};
  for (const auto& [key, value] : counts.items()) other[key] = value;
  other["time_unit"] = time_unit;
  return {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}, {"otherData", std::move(other)}};
}

}  // namespace spinaps::report::trace_events
