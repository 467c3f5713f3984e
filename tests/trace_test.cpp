// --trace: the timeline is Chrome/Perfetto trace-event JSON (well-formed, required fields, known
// phases, non-decreasing timestamps per track, slices nested inside their inference), holds the
// expected event kinds for the requested inferences only, and tracing changes nothing in the report.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "tests/cli_helpers.h"

namespace {

using nlohmann::json;
using namespace spinaps::test;

class Trace : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fresh_directory("trace_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    const std::string common = kCli + " run configs/spinaps.json --samples 20 -q ";
    const Outcome traced = run_command(common + "--trace " + (directory_ / "trace.json").string() +
                                       " --trace-inferences 2 --out " + (directory_ / "traced.json").string());
    ASSERT_EQ(traced.exit_code, 0) << traced.output;
    const Outcome plain = run_command(common + "--out " + (directory_ / "plain.json").string());
    ASSERT_EQ(plain.exit_code, 0) << plain.output;
    trace_ = json::parse(read_text(directory_ / "trace.json"));
  }
  fs::path directory_;
  json trace_;
};

TEST_F(Trace, IsWellFormedTraceEventJson) {
  ASSERT_TRUE(trace_.is_object());
  ASSERT_TRUE(trace_["traceEvents"].is_array());
  ASSERT_GT(trace_["traceEvents"].size(), 50U);
  std::map<std::pair<int, int>, double> last_ts;
  for (const auto& event : trace_["traceEvents"]) {
    ASSERT_TRUE(event["name"].is_string()) << event;
    ASSERT_TRUE(event["ph"].is_string()) << event;
    ASSERT_TRUE(event["pid"].is_number_integer()) << event;
    ASSERT_TRUE(event["tid"].is_number_integer()) << event;
    const std::string phase = event["ph"];
    ASSERT_TRUE(phase == "X" || phase == "i" || phase == "M") << event;
    if (phase == "M") {
      EXPECT_TRUE(event["args"]["name"].is_string()) << event;
      continue;
    }
    ASSERT_TRUE(event["ts"].is_number()) << event;
    EXPECT_GE(event["ts"].get<double>(), 0.0);
    if (phase == "X") {
      ASSERT_TRUE(event["dur"].is_number()) << event;
      EXPECT_GT(event["dur"].get<double>(), 0.0) << event;
    } else {
      EXPECT_EQ(event["s"], "t") << event;
    }
    const auto track = std::make_pair(event["pid"].get<int>(), event["tid"].get<int>());
    const double ts = event["ts"].get<double>();
    if (last_ts.count(track) != 0) EXPECT_GE(ts, last_ts[track]) << "timestamps go back on track " << track.second;
    last_ts[track] = ts;
  }
}

TEST_F(Trace, HoldsEveryEventKindForTheRequestedInferencesOnly) {
  std::set<std::string> kinds;
  std::set<std::string> track_names;
  std::vector<json> inferences;
  for (const auto& event : trace_["traceEvents"]) {
    const std::string name = event["name"];
    if (event["ph"] == "M") {
      track_names.insert(event["args"]["name"].get<std::string>());
      continue;
    }
    kinds.insert(
        name.substr(0, name.find_first_of("0123456789") == std::string::npos ? name.size() : name.find_last_of(' ')));
    if (name.rfind("inference sample", 0) == 0) inferences.push_back(event);
  }
  for (const char* kind : {"inference sample", "time step", "step start", "rows", "fire", "decide", "read row",
                           "MAC row", "spike neuron"}) {
    EXPECT_EQ(kinds.count(kind), 1U) << kind;
  }
  for (const char* track :
       {"chip controller", "core controller", "MAC lanes", "output neuron spikes", "crossbar row group 0"}) {
    EXPECT_EQ(track_names.count(track), 1U) << track;
  }
  ASSERT_EQ(inferences.size(), 2U);
  EXPECT_EQ(trace_["otherData"]["inferences_traced"], 2);
  // Every timed event lies inside one of the traced inferences, and the latency in the trace is the
  // report's: 500 MHz, so 2 ns = 0.002 us per cycle.
  const double end = inferences[1]["ts"].get<double>() + inferences[1]["dur"].get<double>();
  for (const auto& event : trace_["traceEvents"]) {
    if (event["ph"] == "M") continue;
    EXPECT_LE(event["ts"].get<double>() + event.value("dur", 0.0), end + 1e-9) << event;
  }
  EXPECT_NEAR(inferences[0]["dur"].get<double>(), 0.002 * inferences[0]["args"]["cycles"].get<double>(), 1e-9);
}

/// Slices on one track either nest or follow each other: none starts inside another and ends after it.
std::size_t partially_overlapping_slices(const json& trace) {
  std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> tracks;
  for (const auto& event : trace["traceEvents"]) {
    if (event["ph"] != "X") continue;
    const double start = event["ts"].get<double>();
    tracks[{event["pid"].get<int>(), event["tid"].get<int>()}].emplace_back(start, start + event["dur"].get<double>());
  }
  std::size_t overlaps = 0;
  for (auto& [track, slices] : tracks) {
    std::sort(slices.begin(), slices.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<std::pair<double, double>> open;
    for (const auto& slice : slices) {
      while (!open.empty() && open.back().second <= slice.first + 1e-9) open.pop_back();
      if (!open.empty() && slice.second > open.back().second + 1e-9) ++overlaps;
      open.push_back(slice);
    }
  }
  return overlaps;
}

TEST_F(Trace, SlicesNestOrFollowEachOtherOnEveryTrack) { EXPECT_EQ(partially_overlapping_slices(trace_), 0U); }

/// A traced and an untraced run of the same command: the trace, and both reports (which must be the
/// same but for the command line, checked by the caller with same_but_command).
struct TracedRun {
  json trace;
  json traced;
  json plain;
};

TracedRun traced_run(const fs::path& directory, const std::string& common, const std::string& trace_option) {
  TracedRun run;
  EXPECT_EQ(run_command(common + "--trace " + (directory / "trace.json").string() + " " + trace_option + " --out " +
                        (directory / "traced.json").string())
                .exit_code,
            0);
  EXPECT_EQ(run_command(common + "--out " + (directory / "plain.json").string()).exit_code, 0);
  run.trace = json::parse(read_text(directory / "trace.json"));
  run.traced = json::parse(read_text(directory / "traced.json"));
  run.plain = json::parse(read_text(directory / "plain.json"));
  return run;
}

/// The reports agree in everything but the command line, which differs by --trace.
void expect_same_but_command(json traced, json plain) {
  traced.erase("command");
  plain.erase("command");
  EXPECT_EQ(traced.dump(), plain.dump());
}

TEST(TraceMultiCore, EveryCoreIsTracedOnItsOwnTracksWithNestedSlicesAndNothingElseChanges) {
  const TracedRun run = traced_run(fresh_directory("trace_multicore"),
                                   kCli + " run configs/spinaps_k4b8_5x5.json --samples 6 -q ", "--trace-inferences 2");
  const json& trace = run.trace;
  const json& report = run.plain;
  const auto cores = report["spinaps"]["chip"]["cores_used"].get<std::size_t>();
  ASSERT_GT(cores, 1U);
  EXPECT_EQ(trace["otherData"]["cores_traced"], cores);
  // One process for the chip and one per core, each core with its controller's time steps and row reads.
  std::set<int> processes;
  std::map<int, std::set<std::string>> kinds;
  for (const auto& event : trace["traceEvents"]) {
    processes.insert(event["pid"].get<int>());
    const std::string name = event["name"];
    kinds[event["pid"].get<int>()].insert(name.substr(0, name.find_first_of("0123456789")));
  }
  EXPECT_EQ(processes.size(), cores + 1);
  std::size_t cores_reading_rows = 0;
  for (const int process : processes) {
    if (process == 1) continue;  // the chip
    EXPECT_EQ(kinds[process].count("time step "), 1U) << "core process " << process;
    cores_reading_rows += kinds[process].count("read row ");
  }
  // The cores holding the digits' blank top rows read none; the others do.
  EXPECT_GT(cores_reading_rows, cores / 2);
  EXPECT_EQ(kinds[1].count("decide"), 1U);
  EXPECT_EQ(kinds[1].count("inference sample "), 1U);
  EXPECT_EQ(partially_overlapping_slices(trace), 0U);
  expect_same_but_command(run.traced, run.plain);
}

TEST(TraceCnn, FramesAndEveryLayerUnitOnTracksOfTheirOwnWithNestedRowsAndNothingElseChanges) {
  const TracedRun run =
      traced_run(fresh_directory("trace_cnn"), kCli + " run configs/ptychonn_edge.json --frames 2 --no-floors -q ",
                 "--trace-frames 1");
  const json& trace = run.trace;
  const json& report = run.plain;
  EXPECT_EQ(trace["otherData"]["frames_traced"], 1);
  std::set<std::string> track_names;
  std::set<std::string> unit_frames;  // "track/frame" of the units' frame slices
  std::size_t rows = 0;
  for (const auto& event : trace["traceEvents"]) {
    if (event["ph"] == "M") {
      if (event["name"] == "thread_name") track_names.insert(event["args"]["name"].get<std::string>());
      continue;
    }
    EXPECT_EQ(event["args"].value("frame", 0), 0) << "only frame 0 was asked for: " << event;
    const std::string name = event["name"];
    if (event["pid"] == 2 && name.rfind("frame ", 0) == 0) unit_frames.insert(std::to_string(event["tid"].get<int>()));
    if (name.rfind("row ", 0) == 0) ++rows;
  }
  // Every layer of the report is a unit on a track of its own, and every one worked on frame 0.
  const auto& layers = report["memristive_cnn"]["layers"];
  for (const auto& layer : layers) {
    const std::string prefix = layer["name"].get<std::string>() + " (" + layer["op_type"].get<std::string>() + ", ";
    EXPECT_EQ(std::count_if(track_names.begin(), track_names.end(),
                            [&](const std::string& track) { return track.rfind(prefix, 0) == 0; }),
              1)
        << prefix;
  }
  EXPECT_EQ(unit_frames.size(), layers.size());
  EXPECT_TRUE(track_names.count("frame 0"));
  EXPECT_GT(rows, layers.size());
  EXPECT_EQ(partially_overlapping_slices(trace), 0U);
  expect_same_but_command(run.traced, run.plain);
}

TEST_F(Trace, TracingDoesNotChangeTheReport) {
  auto traced = json::parse(read_text(directory_ / "traced.json"));
  auto plain = json::parse(read_text(directory_ / "plain.json"));
  EXPECT_NE(traced["command"], plain["command"]);  // the command lines differ by --trace, nothing else may
  traced.erase("command");
  plain.erase("command");
  EXPECT_EQ(traced.dump(2), plain.dump(2));
}

TEST_F(Trace, ReportIsValidAgainstTheSchema) {
  const Outcome validation = validate_against_schema(directory_ / "traced.json", "reports/schema/report.schema.json");
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
}

}  // namespace
