// `spinaps noc` as users run it: a sweep of rates writes valid JSON with one point per rate, the
// same seed gives the same file, and a bad flag is one clear error, exit code 2 and no file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace {

using namespace spinaps::test;  // run_command, read_text, fresh_directory, kCli

TEST(NocCli, WritesValidJsonWithOnePointPerRate) {
  const fs::path directory = fresh_directory("noc_cli");
  const fs::path out = directory / "noc.json";
  const Outcome outcome = run_command(kCli +
                                      " noc --mesh 4x4 --traffic transpose --rates 0.3,0.02,0.1 --cycles 3000 "
                                      "--warmup 300 --routing west_first --out " +
                                      out.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("zero-load"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("bisection bound"), std::string::npos) << outcome.output;
  const auto report = nlohmann::json::parse(read_text(out));
  EXPECT_EQ(report["noc"]["routing"], "west_first");
  EXPECT_EQ(report["traffic"]["pattern"], "transpose");
  ASSERT_EQ(report["points"].size(), 3U);
  EXPECT_DOUBLE_EQ(report["points"][0]["rate"].get<double>(), 0.02);  // sorted
  for (const auto& point : report["points"]) {
    EXPECT_LE(point["accepted_flits_per_node_cycle"].get<double>(),
              point["offered_flits_per_node_cycle"].get<double>() * 1.01);
    EXPECT_GT(point["statistics"]["deliveries"].get<std::uint64_t>(), 0U);
    EXPECT_EQ(point["statistics"]["links"].size(), 48U);  // 2 x (4 x 3 + 4 x 3) directed links
  }
  EXPECT_GT(report["zero_load_latency_cycles"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(report["bounds_flits_per_node_cycle"]["bisection"].get<double>(), 1.0);  // 4/k, k = 4
  EXPECT_TRUE(report["saturation"].contains("rate"));

  const fs::path again = directory / "again.json";
  const Outcome second = run_command(kCli +
                                     " noc --mesh 4x4 --traffic transpose --rates 0.3,0.02,0.1 --cycles 3000 "
                                     "--warmup 300 --routing west_first -q --out " +
                                     again.string());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  auto first_report = nlohmann::json::parse(read_text(out));
  auto second_report = nlohmann::json::parse(read_text(again));
  first_report.erase("command_line");
  second_report.erase("command_line");
  EXPECT_EQ(first_report, second_report);
}

TEST(NocCli, BadFlagsAreOneClearErrorAndWriteNothing) {
  const fs::path directory = fresh_directory("noc_cli_errors");
  const fs::path out = directory / "noc.json";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--vcs 0", "--vcs"},           {"--mesh 8by8", "--mesh"},   {"--routing yx", "--routing"},
      {"--traffic zigzag", "zigzag"}, {"--rates 0.1,1.5", "rate"}, {"--mesh 3x4 --traffic transpose", "square"},
      {"--warmup 500", "--warmup"}};
  for (const auto& [flags, expected] : cases) {
    std::string command = kCli;
    command += " noc " + flags + " --cycles 400 --out " + out.string();
    const Outcome outcome = run_command(command);
    EXPECT_EQ(outcome.exit_code, 2) << flags << ": " << outcome.output;
    EXPECT_NE(outcome.output.find("spinaps: error:"), std::string::npos) << outcome.output;
    EXPECT_NE(outcome.output.find(expected), std::string::npos) << outcome.output;
    EXPECT_FALSE(fs::exists(out)) << flags;
  }
}

}  // namespace
