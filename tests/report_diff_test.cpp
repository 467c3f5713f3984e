// spinaps diff: equal reports, metrics moved inside and outside tolerance, added and removed
// metrics, text changes, the tolerance file format and its errors, and the command's exit codes.
#include "tools/report/report_diff.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/config/config_reader.h"
#include "tests/cli_helpers.h"

namespace {

using nlohmann::json;
using spinaps::report::ChangeKind;
using spinaps::report::diff_reports;
using spinaps::report::glob_match;
using spinaps::report::load_tolerances;
using spinaps::report::Tolerances;
using namespace spinaps::test;

json sample_report() {
  return json::parse(R"({
    "schema": "spinaps-run-report", "schema_version": 2, "tool": {"version": "0.1.0", "git_commit": "abc"},
    "command": "spinaps run a.json",
    "accuracy": 0.9,
    "metrics": {"energy_pj": {"total": 1000.0, "breakdown": {"synapse_array": 600.0, "leakage": 400.0}},
                "area_mm2": {"total": 0.1}, "inferences": 100},
    "actions": {"stt.row_activation": {"count": 50, "energy_pj": 10.0, "category": "periphery"}},
    "hardware": {"area_components": [{"component": "stt_cells", "area_mm2": 0.01},
                                     {"component": "sense_amps", "area_mm2": 0.02}]},
    "parameters": {"cell.read_energy_pj": {"value": 0.1}}
  })");
}

Tolerances test_tolerances() {
  Tolerances tolerances;
  tolerances.ignore = {"tool.**", "command"};
  tolerances.rules = {{"accuracy", 0.0, 0.005, true, "half a point"},
                      {"metrics.energy_pj.**", 0.01, 0.0, true, "1 %"},
                      {"parameters.**", 0.0, 0.0, false, "inputs"}};
  return tolerances;
}

TEST(ReportDiff, AReportEqualsItself) {
  const auto diff = diff_reports(sample_report(), sample_report(), test_tolerances());
  EXPECT_TRUE(diff.passed());
  EXPECT_TRUE(diff.changes.empty());
  EXPECT_GT(diff.compared, 8U);
}

TEST(ReportDiff, IgnoredPathsNeverCount) {
  json changed = sample_report();
  changed["tool"]["git_commit"] = "def";
  changed["command"] = "spinaps run b.json";
  const auto diff = diff_reports(sample_report(), changed, test_tolerances());
  EXPECT_TRUE(diff.changes.empty());
}

TEST(ReportDiff, AMoveInsideToleranceIsListedAndPasses) {
  json changed = sample_report();
  changed["metrics"]["energy_pj"]["total"] = 1005.0;  // +0.5 %, allowed 1 %
  changed["accuracy"] = 0.897;                        // -0.003, allowed 0.005
  const auto diff = diff_reports(sample_report(), changed, test_tolerances());
  ASSERT_EQ(diff.changes.size(), 2U);
  EXPECT_TRUE(diff.passed());
  EXPECT_EQ(diff.changes[0].path, "accuracy");
  EXPECT_EQ(diff.changes[1].path, "metrics.energy_pj.total");
  EXPECT_NEAR(diff.changes[1].change_percent, 0.5, 1e-12);
  EXPECT_TRUE(diff.changes[1].within_tolerance);
}

TEST(ReportDiff, AMoveOutsideToleranceFailsAndIsNamed) {
  json changed = sample_report();
  changed["metrics"]["energy_pj"]["total"] = 1100.0;  // +10 %
  const auto diff = diff_reports(sample_report(), changed, test_tolerances());
  ASSERT_EQ(diff.changes.size(), 1U);
  EXPECT_FALSE(diff.passed());
  EXPECT_EQ(diff.failures(), 1U);
  const std::string table = spinaps::report::format_diff_table(diff);
  EXPECT_NE(table.find("FAIL metrics.energy_pj.total"), std::string::npos) << table;
  EXPECT_NE(table.find("+10.000 %"), std::string::npos) << table;
  const std::string markdown = spinaps::report::format_diff_markdown(diff);
  EXPECT_NE(markdown.find("| `metrics.energy_pj.total` |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("outside tolerance"), std::string::npos) << markdown;
}

TEST(ReportDiff, UnmatchedPathsAreExactByDefault) {
  json changed = sample_report();
  changed["metrics"]["area_mm2"]["total"] = 0.1000001;
  EXPECT_FALSE(diff_reports(sample_report(), changed, test_tolerances()).passed());
}

TEST(ReportDiff, UngatedChangesAreReportedButPass) {
  json changed = sample_report();
  changed["parameters"]["cell.read_energy_pj"]["value"] = 0.2;
  const auto diff = diff_reports(sample_report(), changed, test_tolerances());
  ASSERT_EQ(diff.changes.size(), 1U);
  EXPECT_FALSE(diff.changes[0].gated);
  EXPECT_TRUE(diff.passed());
  EXPECT_NE(spinaps::report::format_diff_table(diff).find("not gated"), std::string::npos);
}

TEST(ReportDiff, RemovedMetricsFailAndAddedMetricsPassByDefault) {
  json changed = sample_report();
  changed["metrics"]["energy_pj"]["breakdown"].erase("leakage");
  changed["metrics"]["energy_pj"]["breakdown"]["rng"] = 5.0;
  Tolerances tolerances = test_tolerances();
  auto diff = diff_reports(sample_report(), changed, tolerances);
  ASSERT_EQ(diff.changes.size(), 2U);
  EXPECT_EQ(diff.changes[0].kind, ChangeKind::kRemoved);
  EXPECT_EQ(diff.changes[0].path, "metrics.energy_pj.breakdown.leakage");
  EXPECT_TRUE(diff.changes[0].fails());
  EXPECT_EQ(diff.changes[1].kind, ChangeKind::kAdded);
  EXPECT_EQ(diff.changes[1].path, "metrics.energy_pj.breakdown.rng");
  EXPECT_FALSE(diff.changes[1].fails());
  tolerances.fail_on_added = true;
  tolerances.fail_on_removed = false;
  diff = diff_reports(sample_report(), changed, tolerances);
  EXPECT_FALSE(diff.changes[0].fails());
  EXPECT_TRUE(diff.changes[1].fails());
}

TEST(ReportDiff, ArrayElementsAreKeyedByComponentName) {
  json reordered = sample_report();
  std::swap(reordered["hardware"]["area_components"][0], reordered["hardware"]["area_components"][1]);
  EXPECT_TRUE(diff_reports(sample_report(), reordered, test_tolerances()).changes.empty());
  reordered["hardware"]["area_components"][1]["area_mm2"] = 0.011;
  const auto diff = diff_reports(sample_report(), reordered, test_tolerances());
  ASSERT_EQ(diff.changes.size(), 1U);
  EXPECT_EQ(diff.changes[0].path, "hardware.area_components[stt_cells].area_mm2");
}

TEST(ReportDiff, TextAndTypeChangesHaveNoTolerance) {
  json changed = sample_report();
  changed["actions"]["stt.row_activation"]["category"] = "synapse_array";
  auto diff = diff_reports(sample_report(), changed, test_tolerances());
  ASSERT_EQ(diff.changes.size(), 1U);
  EXPECT_TRUE(diff.changes[0].fails());
  changed = sample_report();
  changed["accuracy"] = "0.9";
  EXPECT_FALSE(diff_reports(sample_report(), changed, test_tolerances()).passed());
}

TEST(ReportDiff, ReportsOfDifferentWorkloadsAreRefusedNamingTheFieldUnlessAllowed) {
  json before = sample_report();
  before["workload"] = {{"dataset", "mnist"}, {"samples", 100}};
  json after = before;
  after["workload"]["samples"] = 200;
  after["accuracy"] = 0.95;
  try {
    (void)diff_reports(before, after, test_tolerances());
    FAIL() << "different workloads were compared";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("workload.samples (100 and 200)"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("--allow-different-workloads"), std::string::npos) << error.what();
  }
  const auto forced = diff_reports(before, after, test_tolerances(), true);
  EXPECT_FALSE(forced.passed());  // the accuracy moved past its tolerance
  ASSERT_FALSE(forced.notes.empty());
  EXPECT_NE(forced.notes.front().find("workload.samples"), std::string::npos);
  // A field only one report has is a difference too.
  after = before;
  after["workload"]["model"] = "lenet";
  EXPECT_THROW((void)diff_reports(before, after, test_tolerances()), std::invalid_argument);
}

TEST(ReportDiff, ZeroOldValueUsesTheAbsoluteTolerance) {
  json before = sample_report();
  before["accuracy"] = 0.0;
  json after = before;
  after["accuracy"] = 0.004;
  EXPECT_TRUE(diff_reports(before, after, test_tolerances()).passed());
  after["accuracy"] = 0.006;
  EXPECT_FALSE(diff_reports(before, after, test_tolerances()).passed());
}

TEST(Tolerances, GlobsMatchWithinAndAcrossSegments) {
  EXPECT_TRUE(glob_match("metrics.energy_pj.**", "metrics.energy_pj.breakdown.leakage"));
  EXPECT_TRUE(glob_match("metrics.gsops*", "metrics.gsops_per_w"));
  EXPECT_FALSE(glob_match("metrics.*", "metrics.energy_pj.total"));
  EXPECT_TRUE(glob_match("actions.**.count", "actions.stt.row_activation.count"));
  EXPECT_FALSE(glob_match("actions.**.energy_pj", "actions.stt.row_activation.energy_pj_per_action"));
  EXPECT_TRUE(glob_match("**.derivation", "hardware.area_components[stt_cells].derivation"));
  EXPECT_TRUE(glob_match("accuracy", "accuracy"));
  EXPECT_FALSE(glob_match("accuracy", "accuracy_x"));
}

TEST(Tolerances, TheDefaultFileLoadsAndGatesEnergyAtOnePercent) {
  const Tolerances tolerances = load_tolerances(spinaps::report::default_tolerances_file());
  EXPECT_TRUE(tolerances.ignored("tool.git_commit"));
  EXPECT_FALSE(tolerances.ignored("metrics.energy_pj.total"));
  const auto& energy = tolerances.rule_for("metrics.energy_pj.total");
  EXPECT_DOUBLE_EQ(energy.relative, 0.01);
  EXPECT_TRUE(energy.gate);
  EXPECT_FALSE(tolerances.rule_for("parameters.node.energy_factor").gate);
}

TEST(Tolerances, AMalformedRuleIsOneErrorNamingFileAndKey) {
  const fs::path directory = fresh_directory("tolerances_bad");
  const fs::path file = directory / "t.json";
  write_text(file, R"({"format": "spinaps-tolerances", "version": 1,
                       "rules": [{"match": "accuracy", "absolute": 0.1}, {"match": "metrics.**", "relativ": 0.1}]})");
  try {
    (void)load_tolerances(file.string());
    FAIL() << "a misspelt key must be rejected";
  } catch (const spinaps::config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("t.json"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("rules[1].relativ"), std::string::npos) << error.what();
  }
  write_text(file, R"({"format": "spinaps-tolerances", "version": 1, "rules": [{"match": "x", "relative": -1}]})");
  EXPECT_THROW((void)load_tolerances(file.string()), spinaps::config::ConfigError);
  write_text(file, R"({"format": "spinaps-tolerances", "version": 1, "ignore": "tool.**"})");
  EXPECT_THROW((void)load_tolerances(file.string()), spinaps::config::ConfigError);
}

// The command as users run it, on real reports.
class DiffCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fresh_directory("diff_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    report_ = directory_ / "r.json";
    const Outcome run = run_command(kCli + " run configs/spinaps.json --samples 30 -q --out " + report_.string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  fs::path directory_;
  fs::path report_;
};

TEST_F(DiffCommand, AReportAgainstItselfExitsZero) {
  const Outcome outcome = run_command(kCli + " diff " + report_.string() + " " + report_.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("0 outside tolerance"), std::string::npos) << outcome.output;
}

TEST_F(DiffCommand, EnergyRaisedTenPercentExitsOneAndNamesTheMetric) {
  auto report = json::parse(read_text(report_));
  report["metrics"]["energy_pj"]["total"] = report["metrics"]["energy_pj"]["total"].get<double>() * 1.1;
  const fs::path raised = directory_ / "raised.json";
  write_text(raised, report.dump(2));
  const fs::path markdown = directory_ / "diff.md";
  const Outcome outcome =
      run_command(kCli + " diff " + report_.string() + " " + raised.string() + " --markdown " + markdown.string());
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("FAIL metrics.energy_pj.total"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("+10.000 %"), std::string::npos) << outcome.output;
  EXPECT_NE(read_text(markdown).find("metrics.energy_pj.total"), std::string::npos);
}

TEST_F(DiffCommand, AnOverrideThatMovesFiguresFailsAndShowsTheInputThatChanged) {
  const fs::path faster = directory_ / "faster.json";
  ASSERT_EQ(run_command(kCli + " run configs/spinaps.json --samples 30 -q -p clock.frequency_mhz=600 --out " +
                        faster.string())
                .exit_code,
            0);
  const Outcome outcome = run_command(kCli + " diff " + report_.string() + " " + faster.string());
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("config.effective.clock.frequency_mhz"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("FAIL metrics.gsops:"), std::string::npos) << outcome.output;
  // A tolerance file that allows it passes.
  const fs::path loose = directory_ / "loose.json";
  write_text(loose, R"({"format": "spinaps-tolerances", "version": 1, "default": {"relative": 0.5},
                        "ignore": ["tool.**", "command", "config.**", "distributions.**"]})");
  EXPECT_EQ(run_command(kCli + " diff " + report_.string() + " " + faster.string() + " --tolerances " + loose.string())
                .exit_code,
            0);
}

TEST_F(DiffCommand, ReportsOfDifferentSampleCountsAreRefusedUnlessTheUserAsks) {
  const fs::path more = directory_ / "more.json";
  ASSERT_EQ(run_command(kCli + " run configs/spinaps.json --samples 40 -q --out " + more.string()).exit_code, 0);
  const Outcome refused = run_command(kCli + " diff " + report_.string() + " " + more.string());
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("workload.samples (30 and 40)"), std::string::npos) << refused.output;
  const Outcome forced =
      run_command(kCli + " diff " + report_.string() + " " + more.string() + " --allow-different-workloads");
  EXPECT_NE(forced.exit_code, 2) << forced.output;
  EXPECT_NE(forced.output.find("note: the workloads differ"), std::string::npos) << forced.output;
}

TEST_F(DiffCommand, UnusableInputExitsTwoWithOneClearMessage) {
  const fs::path not_json = directory_ / "notes.txt";
  write_text(not_json, "energy went up\n");
  Outcome outcome = run_command(kCli + " diff " + report_.string() + " " + not_json.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("notes.txt"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("malformed JSON"), std::string::npos) << outcome.output;

  const fs::path other = directory_ / "other.json";
  write_text(other, R"({"traceEvents": []})");
  outcome = run_command(kCli + " diff " + other.string() + " " + report_.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("other.json: key 'schema'"), std::string::npos) << outcome.output;

  outcome = run_command(kCli + " diff " + report_.string() + " " + (directory_ / "missing.json").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("missing.json"), std::string::npos) << outcome.output;

  const fs::path bad_tolerances = directory_ / "tol.json";
  write_text(bad_tolerances, R"({"format": "spinaps-tolerances", "version": 1, "default": {"relative": "1%"}})");
  outcome = run_command(kCli + " diff " + report_.string() + " " + report_.string() + " --tolerances " +
                        bad_tolerances.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("default.relative"), std::string::npos) << outcome.output;
}

}  // namespace
