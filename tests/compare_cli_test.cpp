// `spinaps compare A B`: both designs run on the same samples in child processes; cmp.json holds
// a, b and ratio with the run report's metric keys, and bad input is one error with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_helpers.h"

namespace {

using nlohmann::json;
using namespace spinaps::test;

/// The paths of every numeric leaf ("metrics/gsops", ...).
void numeric_paths(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& item : node.items()) {
    const std::string path = prefix + "/" + item.key();
    if (item.value().is_object()) {
      numeric_paths(item.value(), path, out);
    } else if (item.value().is_number()) {
      out.push_back(path);
    }
  }
}

TEST(CompareCli, SttAgainstSramBaseline) {
  const fs::path directory = fresh_directory("compare_cli");
  const fs::path out = directory / "cmp.json";
  const Outcome outcome =
      run_command(kCli + " compare configs/spinaps.json configs/sram_baseline.json --samples 20 --out " + out.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* text : {"GSOPS/W/mm2", "latency p99", "synapse_array", "B/A", "Energy per inference", "Area"}) {
    EXPECT_NE(outcome.output.find(text), std::string::npos) << text << " missing from:\n" << outcome.output;
  }
  const json cmp = json::parse(read_text(out));
  for (const char* key : {"a", "b", "ratio", "explanation"}) ASSERT_TRUE(cmp.contains(key)) << key;
  std::vector<std::string> a, b, ratio;
  numeric_paths(cmp["a"], "", a);
  numeric_paths(cmp["b"], "", b);
  numeric_paths(cmp["ratio"], "", ratio);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, ratio);  // a ratio for every numeric metric (null only when a is 0)
  for (const char* path :
       {"/metrics/accuracy", "/metrics/gsops", "/metrics/gsops_per_w", "/metrics/gsops_per_w_per_mm2",
        "/metrics/latency_ns/mean", "/metrics/latency_ns/p99", "/metrics/energy_pj/per_inference",
        "/energy/by_category_pj/synapse_array", "/metrics/area_mm2/total", "/area/by_category_mm2/synapse_array",
        "/metrics/leakage_power_mw"}) {
    EXPECT_NE(std::find(a.begin(), a.end(), path), a.end()) << path;
  }
  // The keys are the run report's: a run of A alone gives the same values at the same paths.
  const fs::path report = directory / "a.json";
  ASSERT_EQ(run_command(kCli + " run configs/spinaps.json -q --samples 20 --out " + report.string()).exit_code, 0);
  const json run = json::parse(read_text(report));
  for (const char* path :
       {"/metrics/accuracy", "/metrics/gsops", "/metrics/energy_pj/per_inference", "/metrics/area_mm2/total"}) {
    EXPECT_DOUBLE_EQ(run.at(json::json_pointer(path)).get<double>(),
                     cmp["a"].at(json::json_pointer(path)).get<double>())
        << path;
  }
  EXPECT_DOUBLE_EQ(cmp["ratio"]["metrics"]["sops"].get<double>(), 1.0);  // the same workload
  EXPECT_GT(cmp["ratio"]["area"]["by_category_mm2"]["synapse_array"].get<double>(), 1.0);
  EXPECT_GE(cmp["explanation"].size(), 2U);
}

TEST(CompareCli, TwoCnnDesignsOnTheSameFramesSideBySideWithWhatExplainsTheDifference) {
  const fs::path directory = fresh_directory("compare_cli_cnn");
  json config = json::parse(read_text(fs::path(kSource) / "configs/ptychonn_edge.json"));
  config["workload"]["model"] = "ptychonn-original";
  write_text(directory / "adc8.json", config.dump(2));
  config["name"] = "adc6";
  config["tile"]["adc_bits"] = 6;
  write_text(directory / "adc6.json", config.dump(2));
  const fs::path out = directory / "cmp.json";
  const Outcome outcome = run_command(kCli + " compare " + (directory / "adc8.json").string() + " " +
                                      (directory / "adc6.json").string() + " --frames 1 --out " + out.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* text : {"same workload: 1 frames of model ptychonn-original", "energy/frame (uJ)", "TOPS/W",
                           "fidelity: SSIM", "Energy per frame", "Frames/s is", "adc"}) {
    EXPECT_NE(outcome.output.find(text), std::string::npos) << text << " missing from:\n" << outcome.output;
  }
  const json cmp = json::parse(read_text(out));
  std::vector<std::string> a, ratio;
  numeric_paths(cmp["a"], "", a);
  numeric_paths(cmp["ratio"], "", ratio);
  EXPECT_EQ(a, ratio);
  // Fewer ADC bits: less converter energy per frame, the ratio says by how much.
  EXPECT_LT(cmp["ratio"]["energy"]["by_category_pj"]["adc"].get<double>(), 1.0);
  EXPECT_LT(cmp["b"]["metrics"]["energy_per_frame_uj"].get<double>(),
            cmp["a"]["metrics"]["energy_per_frame_uj"].get<double>());
  EXPECT_NE(cmp["explanation"][0].get<std::string>().find("adc"), std::string::npos) << cmp["explanation"].dump();
  // A SpinAPS chip and a CNN accelerator are not compared.
  const Outcome mixed =
      run_command(kCli + " compare configs/spinaps.json " + (directory / "adc8.json").string() + " --frames 1");
  EXPECT_EQ(mixed.exit_code, 2) << mixed.output;
  EXPECT_NE(mixed.output.find("different accelerators"), std::string::npos) << mixed.output;
}

TEST(CompareCli, MissingConfigIsOneErrorWithExit2) {
  const fs::path directory = fresh_directory("compare_cli_bad");
  const fs::path out = directory / "cmp.json";
  const Outcome outcome =
      run_command(kCli + " compare configs/spinaps.json configs/no_such.json --samples 2 --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("configs/no_such.json"), std::string::npos) << outcome.output;
  EXPECT_EQ(std::count(outcome.output.begin(), outcome.output.end(), '\n'), 1) << outcome.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
