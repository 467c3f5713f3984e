// Golden-report regression: every shipped configuration has a golden report in reports/golden/
// that validates against the schema, and a fresh run of it stays within the default tolerances
// (`spinaps golden CONFIG`, the command CI runs). The gate is shown to close on a real regression
// and `--update` to regenerate reports reproducibly.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "tests/cli_helpers.h"

namespace {

using nlohmann::json;
using namespace spinaps::test;

std::vector<std::string> shipped_configs() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(kSource) / "configs")) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenReport : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenReport, ExistsAndMatchesTheSchema) {
  const fs::path golden = fs::path(kSource) / "reports" / "golden" / (GetParam() + ".json");
  ASSERT_TRUE(fs::exists(golden)) << "no golden report for configs/" << GetParam()
                                  << ".json: run `build/spinaps golden --update configs/" << GetParam() << ".json`";
  const Outcome validation = validate_against_schema(golden, "reports/schema/report.schema.json");
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
  EXPECT_EQ(json::parse(read_text(golden))["config"]["file"], "configs/" + GetParam() + ".json");
}

TEST_P(GoldenReport, AFreshRunStaysWithinTheDefaultTolerances) {
  const Outcome outcome = run_command(kCli + " golden configs/" + GetParam() + ".json");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("0 outside tolerance"), std::string::npos) << outcome.output;
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, GoldenReport, ::testing::ValuesIn(shipped_configs()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
                           }
                           return name;
                         });

TEST(GoldenGate, FailsWhenTheGoldenEnergyDiffersByMoreThanTheTolerance) {
  const fs::path directory = fresh_directory("golden_regression");
  auto golden = json::parse(read_text(fs::path(kSource) / "reports/golden/spinaps.json"));
  // As if the model's energy had dropped 5 %: the fresh run is 5 % above this golden report.
  golden["metrics"]["energy_pj"]["per_inference"] =
      golden["metrics"]["energy_pj"]["per_inference"].get<double>() / 1.05;
  write_text(directory / "spinaps.json", golden.dump(2));
  const fs::path markdown = directory / "golden.md";
  const Outcome outcome = run_command(kCli + " golden configs/spinaps.json --golden-dir " + directory.string() +
                                      " --markdown " + markdown.string());
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("FAIL metrics.energy_pj.per_inference"), std::string::npos) << outcome.output;
  EXPECT_NE(read_text(markdown).find("metrics.energy_pj.per_inference"), std::string::npos);
}

TEST(GoldenGate, AMissingGoldenReportFailsAndSaysHowToCreateIt) {
  const fs::path directory = fresh_directory("golden_missing");
  const Outcome outcome = run_command(kCli + " golden configs/spinaps.json --golden-dir " + directory.string());
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("spinaps golden --update configs/spinaps.json"), std::string::npos) << outcome.output;
}

TEST(GoldenGate, UpdateWritesAReportThatRecordsItsOwnCommandAndReproduces) {
  const fs::path directory = fresh_directory("golden_update");
  const std::string update =
      kCli + " golden --update configs/spinaps.json --samples 50 --golden-dir " + directory.string();
  Outcome outcome = run_command(update);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("new golden report"), std::string::npos) << outcome.output;
  const fs::path written = directory / "spinaps.json";
  const std::string first = read_text(written);
  const auto report = json::parse(first);
  EXPECT_EQ(report["workload"]["samples"], 50);
  EXPECT_EQ(report["command"], "spinaps run configs/spinaps.json -q --out " + written.string() + " --samples 50");
  // Regenerating shows the comparison for review (nothing moved) and gives the same bytes.
  outcome = run_command(update);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("0 changed"), std::string::npos) << outcome.output;
  EXPECT_EQ(read_text(written), first);
  // And the check reruns it with the golden report's own sample count.
  outcome = run_command(kCli + " golden configs/spinaps.json --golden-dir " + directory.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  // Regenerating on another workload (more images) is a change made on purpose: it shows what moved.
  outcome = run_command(kCli + " golden --update configs/spinaps.json --samples 60 --golden-dir " + directory.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("the workloads differ, first at workload.samples (50 and 60)"), std::string::npos)
      << outcome.output;
  EXPECT_EQ(json::parse(read_text(written))["workload"]["samples"], 60);
}

TEST(GoldenGate, ABrokenConfigurationIsBadInputAndWritesNothing) {
  const fs::path directory = fresh_directory("golden_bad");
  write_text(directory / "broken.json", "{");
  const fs::path golden_dir = directory / "golden";
  const Outcome outcome = run_command(kCli + " golden --update " + (directory / "broken.json").string() +
                                      " --golden-dir " + golden_dir.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("broken.json"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(golden_dir / "broken.json"));
}

}  // namespace

namespace {

// examples/ci/check-reports.sh, the gate users copy into their CI, on this repository's own files.
TEST(CiExample, ACleanTreePassesAndKeepsEveryReportAsAnArtifact) {
  const fs::path out = fresh_directory("ci_example_clean");
  const Outcome outcome = run_command("SPINAPS=" + kCli + " OUT='" + out.string() +
                                      "' examples/ci/check-reports.sh configs/spinaps.json configs/spinaps_har.json");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* name : {"spinaps", "spinaps_har"}) {
    for (const char* extension : {".json", ".html", ".md"}) {
      EXPECT_TRUE(fs::exists(out / (std::string(name) + extension))) << name << extension;
    }
  }
  EXPECT_NE(read_text(out / "golden-diff.md").find("0 outside tolerance"), std::string::npos);
}

TEST(CiExample, AGoldenReportMovedPastToleranceFailsWithExitOne) {
  const fs::path directory = fresh_directory("ci_example_moved");
  auto golden = json::parse(read_text(fs::path(kSource) / "reports/golden/spinaps.json"));
  auto& energy = golden["metrics"]["energy_pj"]["per_inference"];
  energy = energy.get<double>() * 1.2;
  write_text(directory / "spinaps.json", golden.dump(2));
  const Outcome outcome = run_command("SPINAPS=" + kCli + " OUT='" + (directory / "out").string() + "' GOLDEN_DIR='" +
                                      directory.string() + "' examples/ci/check-reports.sh configs/spinaps.json");
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(read_text(directory / "out" / "golden-diff.md").find("metrics.energy_pj.per_inference"), std::string::npos);
}

}  // namespace
