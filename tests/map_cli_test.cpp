// spinaps map from the command line, as a user runs it: both PtychoNN models map, simulate and
// write the report fields the issue names; the same inputs give a byte-identical report; a
// truncated model and one with an unsupported operator end with one clear error, exit 2 and no
// report. Few frames keep these quick; docs/cnn_accelerator.md gives the full-size figures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"
#include "tests/onnx_test_models.h"

namespace spinaps::test {
namespace {

const std::string kEdgeModel = "workloads/ptychonn/ptychoNN_8.onnx";

void expect_report_fields(const nlohmann::json& report) {
  for (const char* key : {"frames_per_s", "latency_ns", "energy_per_frame_uj", "tops_per_w", "tops", "area_mm2",
                          "gsops_per_w", "layers"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
  EXPECT_GT(report.at("frames_per_s").get<double>(), 0.0);
  EXPECT_GT(report.at("latency_ns").get<double>(), 0.0);
  EXPECT_GT(report.at("energy_per_frame_uj").get<double>(), 0.0);
  EXPECT_GT(report.at("tops_per_w").get<double>(), 0.0);
  EXPECT_FALSE(report.at("layers").empty());
  ASSERT_TRUE(report.at("fidelity").contains("rel_error"));
  ASSERT_TRUE(report.at("fidelity").contains("psnr_db"));
  EXPECT_GT(report.at("fidelity").at("rel_error").get<double>(), 0.0);  // realistic devices: reported, not hidden
}

TEST(MapCli, MapsTheEdgePtychoNNAndChecksTheGoldenModel) {
  const fs::path directory = fresh_directory("map_cli_edge");
  const fs::path out = directory / "p.json";
  const Outcome outcome =
      run_command(kCli + " map " + kEdgeModel + " --frames 2 --check-golden --out '" + out.string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("frames/s"), std::string::npos) << outcome.output;
  const nlohmann::json report = nlohmann::json::parse(read_text(out));
  expect_report_fields(report);
  const Outcome validation = validate_against_schema(out, "reports/schema/map-report.schema.json");
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
  EXPECT_EQ(report.at("model").at("macs_per_frame"), 316145664U);
  EXPECT_EQ(report.at("layers").size(), 43U);
  EXPECT_TRUE(report.at("golden_check").at("outputs_identical").get<bool>());
  EXPECT_TRUE(report.at("golden_check").at("counts_identical").get<bool>());
}

TEST(MapCli, MapsTheOriginalTwoBranchPtychoNNDeterministically) {
  const fs::path directory = fresh_directory("map_cli_original");
  const std::string command = kCli + " map ptychonn-original --frames 2 --out ";
  const Outcome first = run_command(command + "'" + (directory / "a.json").string() + "'");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const nlohmann::json report = nlohmann::json::parse(read_text(directory / "a.json"));
  expect_report_fields(report);
  EXPECT_EQ(report.at("fidelity").at("outputs").size(), 2U);  // amplitude and phase
  const Outcome second = run_command(command + "'" + (directory / "b.json").string() + "'");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(read_text(directory / "a.json"), read_text(directory / "b.json"));
}

TEST(MapCli, ATruncatedModelNamesTheFileAndWritesNothing) {
  const fs::path directory = fresh_directory("map_cli_truncated");
  const std::string model = read_text(fs::path(kSource) / kEdgeModel);
  const fs::path truncated = directory / "truncated.onnx";
  write_text(truncated, model.substr(0, model.size() / 2));
  const fs::path out = directory / "p.json";
  const Outcome outcome = run_command(kCli + " map '" + truncated.string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find(truncated.string()), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(MapCli, AnUnsupportedOperatorNamesTheNode) {
  spinaps::cnn::testing::OnnxModel model;
  model.input("x", {1, 1, 8, 8});
  model.node("Softmax", {"x"}, "y", "softmax_1");
  model.output("y");
  const std::string path = model.write("map_unsupported");
  const fs::path out = fresh_directory("map_cli_unsupported") / "p.json";
  const Outcome outcome = run_command(kCli + " map '" + path + "' --out '" + out.string() + "'");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("node 'softmax_1' (Softmax)"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(MapCli, MapsADigitClassifierOnTheBundledDigits) {
  // x [1,784] -> Gemm 784x16 -> Relu -> Gemm 16x10 -> y: fed with MNIST test digits, with labels.
  spinaps::cnn::testing::OnnxModel model;
  model.input("x", {1, 784});
  model.initializer("w1", {784, 16}, spinaps::cnn::testing::ramp(784 * 16, -0.5F));
  model.initializer("b1", {16}, spinaps::cnn::testing::ramp(16));
  model.initializer("w2", {16, 10}, spinaps::cnn::testing::ramp(160, -0.3F));
  model.node("Gemm", {"x", "w1", "b1"}, "h", "fc_1");
  model.node("Relu", {"h"}, "r", "relu_1");
  model.node("Gemm", {"r", "w2"}, "y", "fc_2");
  model.output("y");
  const std::string path = model.write("map_mlp");
  const fs::path out = fresh_directory("map_cli_mlp") / "p.json";
  const Outcome outcome =
      run_command(kCli + " map '" + path + "' --frames 4 --check-golden --out '" + out.string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const nlohmann::json report = nlohmann::json::parse(read_text(out));
  EXPECT_NE(report.at("frames_source").get<std::string>().find("MNIST"), std::string::npos);
  ASSERT_TRUE(report.contains("classification"));
  EXPECT_EQ(report.at("classification").at("frames"), 4);
  EXPECT_GE(report.at("classification").at("accuracy").get<double>(), 0.0);
  EXPECT_LE(report.at("classification").at("accuracy").get<double>(), 1.0);
  EXPECT_EQ(report.at("layers").size(), 3U);
  EXPECT_TRUE(report.at("golden_check").at("outputs_identical").get<bool>());
}

}  // namespace
}  // namespace spinaps::test
