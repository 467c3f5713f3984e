// spinaps fidelity from the command line: one-at-a-time sweeps of device and tile parameters give a
// table, JSON and a plot per parameter; finer ADCs bring the tiles closer to the float reference;
// the same command gives the same JSON; a point the mesh cannot hold is reported, not fatal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

TEST(FidelityCli, SweepsParametersIntoATableJsonAndPlots) {
  const fs::path directory = fresh_directory("fidelity_cli");
  const std::string command = kCli +
                              " fidelity ptychonn-original --frames 1 --adc-bits 4,12 --levels 4,64 --sigma 0,1 "
                              "--plot-dir '" +
                              (directory / "plots").string() + "' --out ";
  const Outcome outcome = run_command(command + "'" + (directory / "a.json").string() + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("adc-bits"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("not mapped"), std::string::npos) << outcome.output;  // 4 levels: 4 slices
  const nlohmann::json study = nlohmann::json::parse(read_text(directory / "a.json"));
  ASSERT_EQ(study.at("sweeps").size(), 3U);
  for (const auto& sweep : study.at("sweeps")) {
    EXPECT_TRUE(fs::exists(directory / "plots" / ("fidelity_" + sweep.at("parameter").get<std::string>() + ".svg")));
    if (sweep.at("parameter") == "adc-bits") {
      const auto& points = sweep.at("points");
      EXPECT_GT(points[0].at("rel_error").get<double>(), points[1].at("rel_error").get<double>());
    }
  }
  const Outcome again = run_command(command + "'" + (directory / "b.json").string() + "'");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read_text(directory / "a.json"), read_text(directory / "b.json"));
}

}  // namespace
}  // namespace spinaps::test
