// Local sweeps as users run them: one process per point, results identical whatever --jobs is,
// resumable (a rerun recomputes only missing points), failures and timeouts recorded while the
// sweep goes on, bad sweep files rejected before anything is written.
#include <gtest/gtest.h>

#include <chrono>

#include "sweep_test_helpers.h"

namespace {

using namespace sweep_test;
using Json = nlohmann::json;

std::vector<Json> jsonl_rows(const fs::path& file) {
  std::vector<Json> rows;
  std::istringstream lines(read_text(file));
  std::string line;
  while (std::getline(lines, line)) rows.push_back(Json::parse(line));
  return rows;
}

TEST(SweepLocal, ResultsAreByteIdenticalWhateverTheNumberOfJobs) {
  const fs::path directory = fresh_directory("jobs");
  const std::string sweep = kSource + "/configs/sweeps/tiny.json";
  const Outcome one = run_command(kCli + " sweep " + sweep + " --jobs 1 --out " + (directory / "one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const Outcome two = run_command(kCli + " sweep " + sweep + " --jobs 2 -q --out " + (directory / "two").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_TRUE(two.output.empty()) << "-q prints nothing: " << two.output;
  const std::string csv = read_text(directory / "one" / "results.csv");
  EXPECT_EQ(csv, read_text(directory / "two" / "results.csv"));
  EXPECT_EQ(read_text(directory / "one" / "results.jsonl"), read_text(directory / "two" / "results.jsonl"));
  EXPECT_EQ(line_count(csv), 7U) << csv;  // header + 6 points
  EXPECT_EQ(csv.rfind("point,status,crossbar.rows,clock.frequency_mhz,accuracy,", 0), 0U) << csv;
  const auto rows = jsonl_rows(directory / "one" / "results.jsonl");
  ASSERT_EQ(rows.size(), 6U);
  for (std::size_t n = 0; n < rows.size(); ++n) {
    EXPECT_EQ(rows[n]["point"], n);
    EXPECT_EQ(rows[n]["status"], "ok");
    for (const auto& [metric, value] : rows[n]["metrics"].items()) EXPECT_TRUE(value.is_number()) << metric;
  }
  // A faster clock shortens the latency of the same inferences (points 0 and 2: 250 vs 1000 MHz).
  EXPECT_GT(rows[0]["metrics"]["latency_ns.p50"].get<double>(), rows[2]["metrics"]["latency_ns.p50"].get<double>());
  EXPECT_NE(one.output.find("6 points: 6 ok, 0 failed"), std::string::npos) << one.output;
  remove_if_passed(directory);
}

TEST(SweepLocal, ExampleSweepWithTwoJobsAndARerunAfterDeletingHalfThePointsRecomputesOnlyThose) {
  const fs::path directory = fresh_directory("example");
  const fs::path out = directory / "out";
  const std::string command = kCli + " sweep configs/sweeps/crossbar_clock.json --jobs 2 --out " + out.string();
  const Outcome first = run_command(command);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string csv = read_text(out / "results.csv");
  EXPECT_EQ(line_count(csv), 97U);  // header + 96 points
  // The area constraint (<= 0.15 mm2) rules out the 64-row subarrays only.
  std::size_t infeasible = 0;
  for (const auto& row : jsonl_rows(out / "results.jsonl")) {
    EXPECT_EQ(row["status"], "ok");
    const bool feasible = row["feasible"].get<bool>();
    EXPECT_EQ(feasible, row["parameters"]["crossbar.rows"] != 64) << row.dump();
    infeasible += feasible ? 0 : 1;
  }
  EXPECT_EQ(infeasible, 24U);

  const fs::path kept_report = out / "points" / "000001" / "report.json";
  const auto kept_time = fs::last_write_time(kept_report);
  for (int point = 0; point < 96; point += 2) {
    char name[16];
    std::snprintf(name, sizeof name, "%06d", point);
    ASSERT_TRUE(fs::remove(out / "points" / name / "report.json"));
  }
  const Outcome rerun = run_command(command);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_NE(rerun.output.find("ran 48 (48 already done)"), std::string::npos) << rerun.output;
  EXPECT_EQ(fs::last_write_time(kept_report), kept_time) << "a finished point was run again";
  EXPECT_EQ(read_text(out / "results.csv"), csv);

  const Outcome pareto = run_command(kCli + " pareto " + out.string() +
                                     " --objectives gsops_per_w_per_mm2:max,accuracy:max,latency_ns.p50:min");
  ASSERT_EQ(pareto.exit_code, 0) << pareto.output;
  EXPECT_GT(fs::file_size(out / "plots" / "pareto_front.png"), 10000U);
  EXPECT_GT(fs::file_size(out / "plots" / "pareto_front.svg"), 10000U);
  remove_if_passed(directory);
}

TEST(SweepLocal, AFailingPointIsRecordedWithItsErrorAndTheSweepGoesOn) {
  const fs::path directory = fresh_directory("failure");
  const fs::path sweep = write_sweep(directory, "failing", [](Json& s) {
    s["parameters"] = {{{"key", "snn.weight_bits"}, {"values", {4, 6}}}, {{"key", "crossbar.rows"}, {"values", {256}}}};
  });
  const fs::path out = directory / "out";
  const Outcome outcome = run_command(kCli + " sweep " + sweep.string() + " --jobs 2 --out " + out.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("1 ok, 1 failed"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("1 of 2 points failed"), std::string::npos) << outcome.output;
  const auto rows = jsonl_rows(out / "results.jsonl");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0]["status"], "ok");
  EXPECT_EQ(rows[1]["status"], "failed");
  EXPECT_NE(rows[1]["error"].get<std::string>().find("weight_bits"), std::string::npos) << rows[1].dump();
  EXPECT_TRUE(rows[1]["metrics"]["accuracy"].is_null());
  EXPECT_TRUE(fs::exists(out / "points" / "000001" / "failure.json"));
  EXPECT_FALSE(fs::exists(out / "points" / "000001" / "report.json"));
  const std::string csv = read_text(out / "results.csv");
  EXPECT_NE(csv.find("\n1,failed,6,256,"), std::string::npos) << csv;
  const Outcome status = run_command(kCli + " sweep status " + out.string());
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("1 ok, 1 failed"), std::string::npos) << status.output;
}

TEST(SweepLocal, ASweepInWhichEveryPointFailedExitsNonZeroAndSaysSoEvenQuietly) {
  const fs::path directory = fresh_directory("all_failed");
  const fs::path sweep = write_sweep(directory, "all_failing", [](Json& s) {
    s["parameters"] = {{{"key", "snn.weight_bits"}, {"values", {6, 7}}}};
  });
  const fs::path out = directory / "out";
  const Outcome outcome = run_command(kCli + " sweep " + sweep.string() + " -q --jobs 2 --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("2 of 2 points failed"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("no design point succeeded"), std::string::npos) << outcome.output;
  // The failures are still recorded for the user to read.
  EXPECT_EQ(jsonl_rows(out / "results.jsonl").size(), 2U);
  EXPECT_EQ(run_command(kCli + " sweep collect " + out.string() + " -q").exit_code, 1);
  remove_if_passed(directory);
}

TEST(SweepLocal, APointPastItsTimeoutIsKilledAndRecorded) {
  const fs::path directory = fresh_directory("timeout");
  const fs::path sweep = write_sweep(directory, "slow", [](Json& s) {
    // Far below a process start plus 2,000 inferences of the largest bundled network (about 1.8 s;
    // the default chip now runs 2,000 in about 30 ms, which a timeout cannot reliably undercut).
    s["base_config"] = kSource + "/configs/spinaps_784x500x10.json";
    s["timeout_seconds"] = 0.05;
    s["samples"] = 2000;
    s["parameters"] = {{{"key", "crossbar.rows"}, {"values", {256}}}};
  });
  const fs::path out = directory / "out";
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = run_command(kCli + " sweep " + sweep.string() + " --out " + out.string());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(outcome.exit_code, 1) << "no point succeeded: " << outcome.output;
  EXPECT_LT(seconds, 5.0);
  const auto rows = jsonl_rows(out / "results.jsonl");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0]["status"], "timeout");
  EXPECT_NE(rows[0]["error"].get<std::string>().find("timeout_seconds"), std::string::npos);
}

TEST(SweepLocal, ABadSweepFileIsOneErrorAndWritesNothing) {
  const fs::path directory = fresh_directory("bad");
  const fs::path sweep = write_sweep(directory, "bad", [](Json& s) { s["parameters"][0]["key"] = "crossbar.rwos"; });
  const fs::path out = directory / "out";
  const Outcome outcome = run_command(kCli + " sweep " + sweep.string() + " --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("bad.json"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("parameters[0].key"), std::string::npos) << outcome.output;
  EXPECT_EQ(line_count(outcome.output), 1U) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(SweepLocal, ADifferentSweepIsRefusedInAnExistingSweepDirectory) {
  const fs::path directory = fresh_directory("mismatch");
  const fs::path out = directory / "out";
  const fs::path first = write_sweep(directory, "first", [](Json& s) {
    s["parameters"] = {{{"key", "crossbar.rows"}, {"values", {256}}}};
    s["samples"] = 5;
  });
  ASSERT_EQ(run_command(kCli + " sweep " + first.string() + " -q --out " + out.string()).exit_code, 0);
  const std::string csv = read_text(out / "results.csv");
  const fs::path second = write_sweep(directory, "second", [](Json& s) {
    s["parameters"] = {{{"key", "crossbar.rows"}, {"values", {128}}}};
    s["samples"] = 5;
  });
  const Outcome outcome = run_command(kCli + " sweep " + second.string() + " --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("plan.json"), std::string::npos) << outcome.output;
  EXPECT_EQ(read_text(out / "results.csv"), csv);
}

TEST(SweepLocal, CollectAndStatusNeedASweepDirectory) {
  const fs::path directory = fresh_directory("nodir");
  const Outcome outcome = run_command(kCli + " sweep collect " + directory.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("plan.json"), std::string::npos) << outcome.output;
}

}  // namespace
