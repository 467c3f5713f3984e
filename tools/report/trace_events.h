#pragma once
// The Chrome trace-event JSON both trace writers emit (trace_writer.h for the SpinAPS chip,
// cnn_trace_writer.h for the memristive CNN accelerator): metadata naming processes and tracks,
// complete ("X") and instant ("i") events in microseconds of simulated time, and the document.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace spinaps::report::trace_events {

using Json = nlohmann::ordered_json;

/// A "process_name" or "thread_name" metadata event; `track` 0 for a process name.
Json name_event(const char* kind, std::uint64_t process, std::uint64_t track, const std::string& name);

/// A complete event (a slice) from `start` for `cycles` cycles, or with `instant` an instant event at
/// `start`; args gain "cycle" (the start cycle).
Json timed_event(const std::string& name, const std::string& category, std::uint64_t process, std::uint64_t track,
                 std::uint64_t start, std::uint64_t cycles, bool instant, Json args, double period_ns);

/// The document: the events, and otherData with the tool, `title`, the clock period, what `time_unit`
/// says the times are, and the writer's own `counts` (e.g. inferences_traced).
Json document(Json events, const std::string& title, double period_ns, const Json& counts,
              const std::string& time_unit);

}  // namespace spinaps::report::trace_events
