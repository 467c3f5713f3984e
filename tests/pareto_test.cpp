// Pareto fronts: the dominance rule on hand-made sets (min and max, two and three objectives, ties),
// objective parsing, and `spinaps pareto` on a real sweep: the front it prints, pareto.csv, and
// valid, non-trivial PNG and SVG plots.
#include "tools/sweep/pareto.h"

#include <gtest/gtest.h>

#include "sweep_test_helpers.h"

namespace {

using namespace sweep_test;
using spinaps::sweep::Objective;
using spinaps::sweep::pareto_front;

TEST(Pareto, TwoObjectivesMaximiseAndMinimise) {
  // (throughput: max, latency: min)
  const std::vector<std::vector<double>> values = {{10, 5}, {8, 3}, {10, 6}, {6, 3}, {12, 9}, {7, 4}};
  const std::vector<Objective> objectives = {{"throughput", true}, {"latency", false}};
  // {10,6} is dominated by {10,5}; {6,3} by {8,3}; {7,4} by {8,3}.
  EXPECT_EQ(pareto_front(values, objectives), (std::vector<std::size_t>{0, 1, 4}));
}

TEST(Pareto, DirectionMatters) {
  const std::vector<std::vector<double>> values = {{1}, {3}, {2}};
  EXPECT_EQ(pareto_front(values, {{"m", true}}), (std::vector<std::size_t>{1}));
  EXPECT_EQ(pareto_front(values, {{"m", false}}), (std::vector<std::size_t>{0}));
}

TEST(Pareto, ThreeObjectivesAndEqualPointsBothStay) {
  const std::vector<std::vector<double>> values = {{1, 1, 1}, {1, 1, 1}, {0, 2, 0}, {0, 0, 0}, {1, 0, 1}};
  const std::vector<Objective> objectives = {{"a", true}, {"b", true}, {"c", true}};
  EXPECT_EQ(pareto_front(values, objectives), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Pareto, ObjectivesParseAndBadOnesAreRejectedByName) {
  const auto objectives = spinaps::sweep::parse_objectives("gsops_per_w_per_mm2:max,latency_ns.p50:min");
  ASSERT_EQ(objectives.size(), 2U);
  EXPECT_EQ(objectives[1].metric, "latency_ns.p50");
  EXPECT_FALSE(objectives[1].maximise);
  for (const char* bad : {"accuracy", "accuracy:up", ":max", "accuracy:max,accuracy:min", ""}) {
    EXPECT_THROW((void)spinaps::sweep::parse_objectives(bad), std::invalid_argument) << bad;
  }
}

bool png_signature(const fs::path& file) { return read_text(file).rfind(std::string("\x89PNG\r\n\x1a\n", 8), 0) == 0; }

TEST(Pareto, CommandPrintsTheFrontWritesParetoCsvAndValidPlots) {
  const fs::path directory = fresh_directory("pareto_cli");
  const fs::path out = directory / "out";
  const Outcome sweep = run_command(kCli + " sweep configs/sweeps/tiny.json -q --jobs 2 --out " + out.string());
  ASSERT_EQ(sweep.exit_code, 0) << sweep.output;
  const Outcome outcome =
      run_command(kCli + " pareto " + out.string() + " --objectives gsops_per_w_per_mm2:max,latency_ns.p50:min");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("Pareto front of tiny"), std::string::npos) << outcome.output;
  // In the tiny sweep 256 rows beat 128 rows on GSOPS/W/mm2 at every clock, and the 1 GHz clock has
  // the lowest latency, so point 5 (256 rows, 1000 MHz) must be on the front and point 0 must not.
  const std::string front = read_text(out / "pareto.csv");
  EXPECT_NE(front.find("\n5,256,1000,"), std::string::npos) << front;
  EXPECT_EQ(front.find("\n0,"), std::string::npos) << front;
  for (const char* stem : {"pareto_front", "metrics_vs_crossbar.rows", "metrics_vs_clock.frequency_mhz"}) {
    const fs::path png = out / "plots" / (std::string(stem) + ".png");
    const fs::path svg = out / "plots" / (std::string(stem) + ".svg");
    ASSERT_TRUE(fs::exists(png)) << png;
    ASSERT_TRUE(fs::exists(svg)) << svg;
    EXPECT_TRUE(png_signature(png)) << png;
    EXPECT_GT(fs::file_size(png), 10000U) << png;
    EXPECT_TRUE(valid_svg(svg)) << svg;
    EXPECT_GT(fs::file_size(svg), 10000U) << svg;
  }
}

TEST(Pareto, AnObjectiveTheSweepDidNotCollectIsOneClearError) {
  const fs::path directory = fresh_directory("pareto_bad");
  const fs::path out = directory / "out";
  ASSERT_EQ(run_command(kCli + " sweep configs/sweeps/tiny.json -q --out " + out.string()).exit_code, 0);
  const Outcome outcome = run_command(kCli + " pareto " + out.string() + " --objectives decision_step.p99:min");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("decision_step.p99"), std::string::npos) << outcome.output;
  EXPECT_FALSE(fs::exists(out / "pareto.csv"));
  EXPECT_FALSE(fs::exists(out / "plots"));
}

}  // namespace
