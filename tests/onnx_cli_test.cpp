// spinaps onnx from the command line, as a user runs it: the bundled edge PtychoNN lists its layers
// and totals; a truncated model ends with one error naming the file, exit 2 and no output file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

const std::string kEdgeModel = "workloads/ptychonn/ptychoNN_8.onnx";

TEST(OnnxCli, ListsTheLayersOfTheBundledEdgePtychoNN) {
  const fs::path directory = fresh_directory("onnx_cli_layers");
  const fs::path out = directory / "layers.json";
  const Outcome outcome = run_command(kCli + " onnx " + kEdgeModel + " --out '" + out.string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Conv"), std::string::npos) << outcome.output;
  const nlohmann::json layers = nlohmann::json::parse(read_text(out));
  EXPECT_EQ(layers.at("batch"), 1);
  EXPECT_EQ(layers.at("layers").size(), 43U);
  EXPECT_EQ(layers.at("total_macs"), 316145664U);     // one 128x128 frame (docs/onnx.md)
  EXPECT_EQ(layers.at("total_parameters"), 733922U);  // 733,921 Conv weights and biases + the pi of the Mul
  for (const auto& [name, shape] : layers.at("inputs").items()) {
    EXPECT_EQ(shape, nlohmann::json::parse("[1,1,128,128]")) << name;
  }
  std::uint64_t macs = 0;
  for (const nlohmann::json& layer : layers.at("layers")) macs += layer.at("macs").get<std::uint64_t>();
  EXPECT_EQ(macs, layers.at("total_macs").get<std::uint64_t>());
}

TEST(OnnxCli, ATruncatedModelNamesTheFileAndWritesNothing) {
  const fs::path directory = fresh_directory("onnx_cli_truncated");
  const std::string model = read_text(fs::path(kSource) / kEdgeModel);
  const fs::path truncated = directory / "truncated.onnx";
  write_text(truncated, model.substr(0, model.size() / 3));
  const fs::path out = directory / "layers.json";
  const Outcome outcome = run_command(kCli + " onnx '" + truncated.string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("truncated.onnx"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace spinaps::test
