// The command line as users run it: reports with the documented keys, valid against the schema,
// byte-identical across runs; bad input gives one clear error, a non-zero exit and no report.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli_helpers.h"

namespace {

using namespace spinaps::test;  // run_command, read_text, kCli, kSource

TEST(Cli, RunWritesAReportWithTheDocumentedKeysThatMatchesTheSchema) {
  const fs::path directory = fresh_directory("cli_report");
  const fs::path report_file = directory / "r.json";
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps.json --samples 40 --check-golden --out " + report_file.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("GSOPS/W/mm2"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("0 mismatches"), std::string::npos) << outcome.output;
  const auto report = nlohmann::json::parse(read_text(report_file));
  for (const char* pointer :
       {"/metrics/accuracy", "/metrics/sops", "/metrics/gsops", "/metrics/gsops_per_w", "/metrics/gsops_per_w_per_mm2",
        "/metrics/latency_ns/mean", "/metrics/latency_ns/p50", "/metrics/latency_ns/p99", "/metrics/energy_pj/total",
        "/metrics/area_mm2/total", "/energy/by_category_pj/synapse_array", "/energy/by_category_pj/leakage",
        "/area/by_category_mm2/synapse_array"}) {
    EXPECT_TRUE(report.contains(nlohmann::json::json_pointer(pointer))) << pointer;
  }
  EXPECT_EQ(report["workload"]["samples"].get<int>(), 40);
  EXPECT_GT(report["metrics"]["gsops"].get<double>(), 0.0);
  // The parts add up to the totals.
  double energy_sum = 0.0;
  for (const auto& [name, value] : report["energy"]["by_category_pj"].items()) {
    energy_sum += value.get<double>();
  }
  EXPECT_NEAR(energy_sum, report["metrics"]["energy_pj"]["total"].get<double>(), 1e-6 * energy_sum);
  const std::string validate =
      "/usr/bin/python3 -c \"import json,sys,jsonschema; "
      "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\" " +
      report_file.string() + " reports/schema/report.schema.json";
  const Outcome validation = run_command(validate);
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
}

TEST(Cli, SameInputsAndSeedGiveAByteIdenticalReport) {
  const fs::path directory = fresh_directory("cli_determinism");
  const fs::path report_file = directory / "r.json";
  const std::string command = kCli + " run configs/spinaps.json --samples 25 -q --out " + report_file.string();
  ASSERT_EQ(run_command(command).exit_code, 0);
  const std::string first = read_text(report_file);
  ASSERT_EQ(run_command(command).exit_code, 0);
  EXPECT_EQ(first, read_text(report_file));
  ASSERT_EQ(run_command(command + " -p seed=2").exit_code, 0);
  EXPECT_NE(first, read_text(report_file)) << "a different seed must change the report";
}

TEST(Cli, MisspeltConfigKeyFailsNamingTheKeyAndWritesNoReport) {
  const fs::path directory = fresh_directory("cli_misspelt");
  auto config = nlohmann::json::parse(read_text(kSource + "/configs/spinaps.json"));
  config["snn"]["weights"] = kSource + "/workloads/weights/mnist_784x10_k2_b4.json";
  config["neuron"]["mac_lanse"] = 8;
  std::ofstream(directory / "bad.json") << config.dump(2);
  const fs::path report_file = directory / "r.json";
  const Outcome outcome =
      run_command(kCli + " run " + (directory / "bad.json").string() + " --samples 5 --out " + report_file.string());
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_NE(outcome.output.find("neuron.mac_lanse"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("bad.json"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(report_file));
}

TEST(Cli, OutOfRangeOverrideFailsNamingTheKeyAndWritesNoReport) {
  const fs::path directory = fresh_directory("cli_range");
  const fs::path report_file = directory / "r.json";
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps.json -p neuron.mac_lanes=0 --samples 5 --out " + report_file.string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("neuron.mac_lanes"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("out of range"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(report_file));
}

TEST(Cli, TruncatedWeightsFileIsOneClearError) {
  const fs::path directory = fresh_directory("cli_truncated");
  const std::string weights = read_text(kSource + "/workloads/weights/mnist_784x10_k2_b4.json");
  std::ofstream(directory / "w.json") << weights.substr(0, weights.size() / 2);
  const fs::path report_file = directory / "r.json";
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps.json -p snn.weights=" + (directory / "w.json").string() + " --out " +
                  report_file.string());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.output.find("w.json"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(report_file));
}

TEST(Cli, TrainWorksOnADirectoryOfIdxFiles) {
  const fs::path directory = fresh_directory("cli_train");
  // The bundled digits are stored in the official IDX layout (gzip), so they serve as a --data directory.
  const fs::path weights = directory / "w.json";
  const Outcome outcome = run_command(kCli + " train configs/spinaps.json --data workloads/mnist/data --epochs 1 " +
                                      "--train-samples 300 --test-samples 100 --out " + weights.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto trained = nlohmann::json::parse(read_text(weights));
  EXPECT_EQ(trained["format"], "spinaps-glm-weights");
  const Outcome run =
      run_command(kCli + " run configs/spinaps.json -q --samples 10 -p snn.weights=" + weights.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

}  // namespace

namespace {

TEST(Cli, DefaultConfigurationReachesAtLeast85PercentOnTheBundledTestSplit) {
  const fs::path directory = fresh_directory("cli_accuracy");
  const fs::path report_file = directory / "r.json";
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps.json -q -p workload.samples=0 --out " + report_file.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto report = nlohmann::json::parse(read_text(report_file));
  EXPECT_EQ(report["workload"]["samples"].get<int>(), 2004);
  EXPECT_GE(report["metrics"]["accuracy"].get<double>(), 0.85);
}

}  // namespace
