// The activity workload from the command line: the bundled synthetic windows run on the chip and
// say "SYNTHETIC" in the report; a directory in the UCI layout is read by --data; the delta code,
// not yet available to run, is one clear configuration error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"
#include "workloads/har/har_dataset.h"
#include "workloads/har/synthetic_har.h"

namespace spinaps {
namespace {

using test::fresh_directory;
using test::kCli;
using test::read_text;
using test::run_command;

TEST(HarWorkload, BundledSyntheticActivitiesRunAndTheReportSaysSynthetic) {
  const auto directory = fresh_directory("har_run");
  const auto report = directory / "har.json";
  const auto outcome =
      run_command(kCli + " run configs/spinaps_har.json --samples 60 --check-golden -q --out " + report.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto json = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(json["workload"]["dataset"], "har");
  EXPECT_NE(json["workload"]["description"].get<std::string>().find("SYNTHETIC"), std::string::npos);
  EXPECT_EQ(json["metrics"]["inferences"], 60);
  // Six activities: far better than chance (1/6) with the committed weights.
  EXPECT_GT(json["metrics"]["accuracy"].get<double>(), 0.5);
}

TEST(HarWorkload, DataDirectoryInTheUciLayoutIsReadAndItsFeatureCountChecked) {
  // Synthetic windows written in the UCI layout carry 103 features, not 561, so the committed
  // configuration (103 x 5 inputs) runs on them: the --data loader path end to end.
  const auto directory = fresh_directory("har_uci");
  har::SyntheticHarConfig small;
  small.train_windows = 120;
  small.test_windows = 30;
  har::write_uci_har_directory(directory.string(), har::generate_synthetic_har(small));
  const auto outcome = run_command(kCli + " run configs/spinaps_har.json -q --data " + directory.string() + " --out " +
                                   (directory / "r.json").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto json = nlohmann::json::parse(read_text(directory / "r.json"));
  // Read from the directory, and still marked synthetic: the writer records the data's origin.
  const std::string description = json["workload"]["description"];
  EXPECT_NE(description.find("read from " + directory.string()), std::string::npos) << description;
  EXPECT_NE(description.find("SYNTHETIC"), std::string::npos) << description;
  EXPECT_EQ(json["metrics"]["inferences"], 30);
}

TEST(HarWorkload, TheDeltaCodeIsAClearConfigurationErrorInRun) {
  const auto outcome =
      run_command(kCli + " run configs/spinaps_har.json -q -p workload.input_encoding='{\"encoding\":\"delta\"}'");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("workload.input_encoding.encoding"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace spinaps
