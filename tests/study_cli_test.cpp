// spinaps study mlp from the command line: the example command (on fewer digits and
// epochs) writes accuracy and float_accuracy, byte-identically for a seed; a sweep over three values
// of each parameter prints the table and writes one plot per parameter; in-situ mode runs; bad input
// exits 2 naming the option.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

const std::string kSmall = " --train-samples 800 --test-samples 300 --epochs 1";

TEST(StudyCli, ExampleCommandWritesAccuracyAndFloatAccuracyDeterministically) {
  const fs::path directory = fresh_directory("study_cli_example");
  const std::string command = kCli + " study mlp --levels 32 --dynamic-range 15 --sigma 0.5" + kSmall +
                              " --noise gaussian:0.2 --noise salt_pepper:0.05 --export-onnx '" +
                              (directory / "m.onnx").string() + "' --out ";
  const Outcome outcome = run_command(command + "'" + (directory / "a.json").string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("float accuracy"), std::string::npos) << outcome.output;
  const nlohmann::json study = nlohmann::json::parse(read_text(directory / "a.json"));
  EXPECT_GT(study.at("accuracy").get<double>(), 0.5);
  EXPECT_GT(study.at("float_accuracy").get<double>(), 0.5);
  ASSERT_EQ(study.at("points").size(), 1U);
  EXPECT_EQ(study.at("points")[0].at("noise").size(), 2U);
  EXPECT_EQ(study.at("points")[0].at("levels"), 32);
  EXPECT_NEAR(study.at("points")[0].at("dynamic_range").get<double>(), 15.0, 1e-9);
  const Outcome again = run_command(command + "'" + (directory / "b.json").string() + "'");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read_text(directory / "a.json"), read_text(directory / "b.json"));
  // The exported network is a model `spinaps onnx` reads.
  const Outcome listed = run_command(kCli + " onnx '" + (directory / "m.onnx").string() + "'");
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("Gemm"), std::string::npos) << listed.output;
}

TEST(StudyCli, SweepOfThreeValuesEachGivesTheTableAndPlots) {
  const fs::path directory = fresh_directory("study_cli_sweep");
  const Outcome outcome = run_command(
      kCli + " study mlp --levels 2,8,64 --dynamic-range 2,15,100 --sigma 0,1,4 --hidden 32" + kSmall +
      " --plot-dir '" + (directory / "plots").string() + "' --out '" + (directory / "s.json").string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("mean accuracy against levels"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("mean accuracy against sigma"), std::string::npos) << outcome.output;
  const nlohmann::json study = nlohmann::json::parse(read_text(directory / "s.json"));
  ASSERT_EQ(study.at("points").size(), 27U);
  for (const auto& point : study.at("points")) {
    EXPECT_TRUE(point.contains("accuracy"));
    EXPECT_TRUE(point.contains("float_accuracy"));
  }
  ASSERT_EQ(study.at("sweeps").size(), 3U);
  const std::vector<std::pair<std::string, std::vector<std::string>>> ticks = {
      {"levels", {"2", "8", "64"}}, {"dynamic-range", {"2", "15", "100"}}, {"sigma", {"0", "1", "4"}}};
  for (const auto& [parameter, expected] : ticks) {
    const fs::path plot = directory / "plots" / ("study_" + parameter + ".svg");
    ASSERT_TRUE(fs::exists(plot)) << plot;
    EXPECT_TRUE(valid_svg(plot)) << plot;
    const std::string svg = read_text(plot);
    EXPECT_EQ(figure_x_tick_labels(svg), expected) << parameter;
    EXPECT_NE(svg.find("test accuracy (%)"), std::string::npos) << parameter;
  }
  const auto& levels = study.at("sweeps")[0];
  EXPECT_EQ(levels.at("parameter"), "levels");
  EXPECT_LT(levels.at("mean_accuracy")[0].get<double>(), levels.at("mean_accuracy")[2].get<double>());
}

TEST(StudyCli, InsituModeTrainsWithTheDevicesInTheLoop) {
  const fs::path directory = fresh_directory("study_cli_insitu");
  const Outcome outcome = run_command(kCli + " study mlp --mode insitu --levels 32 --sigma 0.5 --hidden 32" + kSmall +
                                      " -q --out '" + (directory / "s.json").string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_TRUE(outcome.output.empty()) << outcome.output;
  const nlohmann::json study = nlohmann::json::parse(read_text(directory / "s.json"));
  EXPECT_EQ(study.at("mode"), "insitu");
  const auto& point = study.at("points")[0];
  EXPECT_GT(point.at("insitu").at("potentiation_steps").get<double>(), 0.0);
  EXPECT_GE(point.at("g_min_seen_us").get<double>(), point.at("g_min_us").get<double>());
  EXPECT_LE(point.at("g_max_seen_us").get<double>(), point.at("g_max_us").get<double>());
  EXPECT_GT(study.at("accuracy").get<double>(), 0.5);
}

TEST(StudyCli, BadInputExitsTwoNamingTheOption) {
  const Outcome range = run_command(kCli + " study mlp --dynamic-range 0.5" + kSmall);
  EXPECT_EQ(range.exit_code, 2) << range.output;
  EXPECT_NE(range.output.find("dynamic range"), std::string::npos) << range.output;
  const Outcome noise = run_command(kCli + " study mlp --noise blur:1" + kSmall);
  EXPECT_EQ(noise.exit_code, 2) << noise.output;
  EXPECT_NE(noise.output.find("--noise"), std::string::npos) << noise.output;
  const Outcome workload = run_command(kCli + " study cnn" + kSmall);
  EXPECT_EQ(workload.exit_code, 2) << workload.output;
  const Outcome mode = run_command(kCli + " study mlp --mode hybrid");
  EXPECT_EQ(mode.exit_code, 2) << mode.output;
  const Outcome device = run_command(kCli + " study mlp --device unobtainium" + kSmall);
  EXPECT_EQ(device.exit_code, 2) << device.output;
  EXPECT_NE(device.output.find("rram_neurram_wan2022"), std::string::npos) << device.output;
}

}  // namespace
}  // namespace spinaps::test
