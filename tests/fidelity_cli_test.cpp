// spinaps fidelity from the command line: one-at-a-time sweeps of device and tile parameters give a
// table, JSON and a matplotlib figure per parameter (ticks at any scale, a log axis for values two
// decades apart); finer ADCs bring the tiles closer to the float reference; the same command gives
// the same JSON and figures; a point the mesh cannot hold is reported, not fatal; without
// matplotlib the command fails before simulating and writes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace spinaps::test {
namespace {

bool has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

TEST(FidelityCli, SweepsParametersIntoATableJsonAndPlots) {
  const fs::path directory = fresh_directory("fidelity_cli");
  const auto command = [&](const std::string& name) {
    return kCli +
           " fidelity ptychonn-original --frames 1 --adc-bits 4,12 --levels 4,64 --sigma 0,1 "
           "--adc-full-scale 0.25,1 --stuck-gmin-rate 0.0001,0.01 --plot-dir '" +
           (directory / ("plots_" + name)).string() + "' --out '" + (directory / (name + ".json")).string() + "'";
  };
  const Outcome outcome = run_command(command("a"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("adc-bits"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("not mapped"), std::string::npos) << outcome.output;  // 4 levels: 4 slices
  const nlohmann::json study = nlohmann::json::parse(read_text(directory / "a.json"));
  ASSERT_EQ(study.at("sweeps").size(), 5U);
  for (const auto& sweep : study.at("sweeps")) {
    if (sweep.at("parameter") == "adc-bits") {
      const auto& points = sweep.at("points");
      EXPECT_GT(points[0].at("rel_error").get<double>(), points[1].at("rel_error").get<double>());
    }
  }
  // One matplotlib figure per parameter, its x axis labelled at any scale: the values themselves
  // (fractions too), a log axis for rates two decades apart, linear ones for the others.
  const std::map<std::string, std::vector<std::string>> ticks = {{"adc-bits", {"4", "12"}},
                                                                 {"levels", {"64"}},
                                                                 {"sigma", {"0", "1"}},
                                                                 {"adc-full-scale", {"0.25", "1"}},
                                                                 {"stuck-gmin-rate", {"0.0001", "0.01"}}};
  for (const auto& [parameter, expected] : ticks) {
    const fs::path figure = directory / "plots_a" / ("fidelity_" + parameter + ".svg");
    ASSERT_TRUE(fs::exists(figure)) << figure;
    EXPECT_TRUE(valid_svg(figure)) << figure;
    const std::string svg = read_text(figure);
    const std::vector<std::string> labels = figure_x_tick_labels(svg);
    for (const std::string& label : expected) EXPECT_TRUE(has(labels, label)) << parameter << " lacks tick " << label;
    EXPECT_EQ(svg.find("(log scale)") != std::string::npos, parameter == "stuck-gmin-rate") << parameter;
    EXPECT_NE(svg.find("PSNR vs float reference (dB)"), std::string::npos) << parameter;
    EXPECT_NE(svg.find("SSIM vs float reference"), std::string::npos) << parameter;
  }
  // The same command gives the same JSON and byte-identical figures.
  const Outcome again = run_command(command("b"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read_text(directory / "a.json"), read_text(directory / "b.json"));
  for (const auto& [parameter, expected] : ticks) {
    const std::string file = "fidelity_" + parameter + ".svg";
    EXPECT_EQ(read_text(directory / "plots_a" / file), read_text(directory / "plots_b" / file)) << file;
  }
}

TEST(FidelityCli, WithoutMatplotlibItFailsAtOnceWithOneMessageAndWritesNothing) {
  const fs::path directory = fresh_directory("fidelity_cli_no_matplotlib");
  // A matplotlib that cannot be imported, first on python's path.
  fs::create_directories(directory / "python" / "matplotlib");
  write_text(directory / "python" / "matplotlib" / "__init__.py", "raise ImportError('not here')\n");
  const Outcome outcome =
      run_command("PYTHONPATH='" + (directory / "python").string() + "' " + kCli +
                  " fidelity ptychonn-original --frames 1 --adc-bits 4,12 --plot-dir '" +
                  (directory / "plots").string() + "' --out '" + (directory / "f.json").string() + "'");
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("matplotlib is missing; install python3-matplotlib"), std::string::npos)
      << outcome.output;
  EXPECT_EQ(outcome.output.find("baseline"), std::string::npos) << "it simulated first:\n" << outcome.output;
  EXPECT_FALSE(fs::exists(directory / "plots"));
  EXPECT_FALSE(fs::exists(directory / "f.json"));
}

}  // namespace
}  // namespace spinaps::test
