// Every figure README.md quotes is either checked here against a fresh run of the command the README
// names beside it (the README's text is parsed, so a change of either the tool or the text fails),
// or is a wall-clock time or speed, which names its benchmark command (README "Speed", the setup
// and validation times) and is not checked for value.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli_helpers.h"
#include "tools/sweep/sampler.h"
#include "tools/sweep/sweep_spec.h"
#include "workloads/mnist/idx_dataset.h"

namespace spinaps::test {
namespace {

using Json = nlohmann::json;

const std::string& readme() {
  static const std::string text = read_text(fs::path(kSource) / "README.md");
  return text;
}

/// README from `heading` ("## Speed", "### Device faults") to the next heading of its level or above.
std::string section(const std::string& heading) {
  const std::size_t start = readme().find("\n" + heading + "\n");
  if (start == std::string::npos) {
    ADD_FAILURE() << "README has no heading " << heading;
    return "";
  }
  std::size_t end = readme().find("\n## ", start + 1);
  if (heading.rfind("### ", 0) == 0) end = std::min(end, readme().find("\n### ", start + 1));
  return readme().substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// The first group of `pattern` in `text` with every run of white space read as one space (README
/// wraps its lines anywhere); fails the test when it is not there.
std::string capture(const std::string& text, const std::string& pattern) {
  const std::string flowing = std::regex_replace(text, std::regex("\\s+"), " ");
  std::smatch match;
  if (!std::regex_search(flowing, match, std::regex(pattern))) {
    ADD_FAILURE() << "README no longer says /" << pattern << "/";
    return "";
  }
  return match[1];
}

/// The numbers of a text as written ("1,343", "0.103"), not the digits inside words ("mm2").
std::vector<std::string> numbers_in(const std::string& text) {
  std::vector<std::string> numbers;
  const std::regex number("(?:^|[^A-Za-z0-9.,])([0-9][0-9,]*(?:\\.[0-9]+)?)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it) {
    numbers.push_back((*it)[1]);
  }
  return numbers;
}

/// The README's `shown` ("8,366", "90.92") is `value` rounded to the digits shown.
void expect_shows(const std::string& shown, double value, const std::string& what) {
  std::string digits;
  for (const char c : shown) {
    if (c != ',') digits += c;
  }
  ASSERT_FALSE(digits.empty()) << what;
  const std::size_t point = digits.find('.');
  const int decimals = point == std::string::npos ? 0 : static_cast<int>(digits.size() - point - 1);
  EXPECT_NEAR(std::stod(digits), value, 0.5 * std::pow(10.0, -decimals) + 1e-9)
      << what << ": README shows " << shown << ", the command gives " << value;
}

/// Runs a README command (`build/spinaps ...`) with this build's binary, writing its report to
/// `out`; returns the report.
Json run_readme_command(const std::string& command, const fs::path& out) {
  const std::string prefix = "build/spinaps ";
  EXPECT_EQ(command.rfind(prefix, 0), 0U) << command;
  const Outcome outcome =
      run_command("CI=1 " + kCli + " " + command.substr(prefix.size()) + " -q --out '" + out.string() + "'");
  EXPECT_EQ(outcome.exit_code, 0) << command << "\n" << outcome.output;
  return outcome.exit_code == 0 ? Json::parse(read_text(out)) : Json::object();
}

double at(const Json& report, const char* pointer) {
  const Json& value = report.at(Json::json_pointer(pointer));
  return value.get<double>();
}

class ReadmeFigures : public ::testing::Test {
 protected:
  void SetUp() override { directory_ = fresh_directory("readme_figures"); }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(directory_);
  }
  fs::path directory_;
};

TEST_F(ReadmeFigures, TheDefaultConfigurationsResultsAndItsEarlyStopFigures) {
  const std::string results = section("## Results of the default configuration");
  const std::string command = capture(results, "`(build/spinaps run [^`]*)`");
  const Json report = run_readme_command(command, directory_ / "default.json");
  ASSERT_TRUE(report.contains("metrics"));
  // The heading names the inputs.
  expect_shows(capture(results, "all ([0-9,]+) test images"), at(report, "/metrics/inferences"), "images");
  const Json& snn = report.at("config").at("effective").at("snn");
  expect_shows(capture(results, "seed ([0-9]+)"), report.at("seed").get<double>(), "seed");
  expect_shows(capture(results, "; ([0-9]+) nm"), at(report, "/config/effective/technology/node_nm"), "node");
  expect_shows(capture(results, ", ([0-9]+) MHz"), at(report, "/metrics/clock_mhz"), "clock");
  expect_shows(capture(results, "K=([0-9]+)"), snn.at("basis_functions").get<double>(), "K");
  expect_shows(capture(results, "tau_y=([0-9]+)"), snn.at("window_steps").get<double>(), "tau_y");
  expect_shows(capture(results, "B=([0-9]+)"), snn.at("weight_bits").get<double>(), "B");
  expect_shows(capture(results, "T=([0-9]+)\\)"), snn.at("time_steps").get<double>(), "T");

  // Every row of the table, each number against the report; a row this test does not know fails.
  const std::vector<std::pair<std::string, std::vector<double>>> rows = {
      {"accuracy", {100.0 * at(report, "/metrics/accuracy")}},
      {"decision time step mean / p50 / p99",
       {at(report, "/metrics/decision_step/mean"), at(report, "/metrics/decision_step/p50"),
        at(report, "/metrics/decision_step/p99")}},
      {"latency mean / p50 / p99",
       {at(report, "/metrics/latency_ns/mean"), at(report, "/metrics/latency_ns/p50"),
        at(report, "/metrics/latency_ns/p99")}},
      {"SOPs per inference", {at(report, "/metrics/sops_per_inference")}},
      {"GSOPS", {at(report, "/metrics/gsops")}},
      {"GSOPS/W", {at(report, "/metrics/gsops_per_w")}},
      {"GSOPS/W/mm2", {at(report, "/metrics/gsops_per_w_per_mm2")}},
      {"energy per inference",
       {at(report, "/metrics/energy_pj/per_inference") / 1e3, at(report, "/metrics/energy_pj/per_sop")}},
      {"area", {at(report, "/metrics/area_mm2/total")}},
      {"golden-model mismatches", {at(report, "/golden_check/mismatches")}},
  };
  std::size_t checked = 0;
  const std::regex row("\\n\\| ([^|]+) \\| ([^|]+) \\|");
  for (auto it = std::sregex_iterator(results.begin(), results.end(), row); it != std::sregex_iterator(); ++it) {
    const std::string label = (*it)[1];
    if (label == "metric" || label.rfind("---", 0) == 0) continue;
    const auto known = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == label; });
    ASSERT_NE(known, rows.end()) << "a README figure no test checks: " << label;
    const std::vector<std::string> shown = numbers_in((*it)[2]);
    ASSERT_EQ(shown.size(), known->second.size()) << label << ": " << (*it)[2];
    for (std::size_t n = 0; n < shown.size(); ++n) expect_shows(shown[n], known->second[n], label);
    ++checked;
  }
  EXPECT_EQ(checked, rows.size());

  // The same run with every step simulated.
  const std::string override = capture(results, "With `(-p snn\\.early_stop=false)`");
  const Json all_steps = run_readme_command(command + " " + override, directory_ / "all_steps.json");
  ASSERT_TRUE(all_steps.contains("metrics"));
  expect_shows(capture(results, "accuracy is the same ([0-9.]+) %"), 100.0 * at(all_steps, "/metrics/accuracy"),
               "accuracy without early stop");
  expect_shows(capture(results, "the mean latency is ([0-9,]+) ns"), at(all_steps, "/metrics/latency_ns/mean"),
               "latency without early stop");
  expect_shows(capture(results, "the energy ([0-9.]+) nJ per inference"),
               at(all_steps, "/metrics/energy_pj/per_inference") / 1e3, "energy without early stop");
  const std::string factor = capture(results, "cuts both by about ([0-9]+)x");
  expect_shows(factor, at(all_steps, "/metrics/latency_ns/mean") / at(report, "/metrics/latency_ns/mean"),
               "latency factor");
  expect_shows(factor,
               at(all_steps, "/metrics/energy_pj/per_inference") / at(report, "/metrics/energy_pj/per_inference"),
               "energy factor");
}

TEST_F(ReadmeFigures, StuckAtApCellsCostTheAccuracyTheDeviceFaultSectionSays) {
  const std::string faults = section("### Device faults");
  const std::string command = capture(faults, "```sh (build/spinaps run [^`]*) ```");
  const std::string rate = capture(command, "faults\\.stt\\.stuck_at_ap_rate=([0-9.]+)");
  const Json faulty = run_readme_command(command, directory_ / "faulty.json");
  const Json clean = run_readme_command(std::regex_replace(command, std::regex(" -p faults\\.stt\\.[^ ]+"), ""),
                                        directory_ / "clean.json");
  ASSERT_TRUE(faulty.contains("metrics") && clean.contains("metrics"));
  expect_shows(capture(faults, "([0-9.]+) % stuck-at-AP cells cost"), 100.0 * std::stod(rate), "fault rate");
  expect_shows(capture(faults, "on ([0-9]+) test images"), at(faulty, "/metrics/inferences"), "images");
  expect_shows(capture(faults, "images \\(([0-9.]+) % to"), 100.0 * at(clean, "/metrics/accuracy"), "clean accuracy");
  expect_shows(capture(faults, " % to ([0-9.]+) %\\)"), 100.0 * at(faulty, "/metrics/accuracy"), "faulty accuracy");
  expect_shows(capture(faults, "cost about ([0-9]+) points"),
               100.0 * (at(clean, "/metrics/accuracy") - at(faulty, "/metrics/accuracy")), "points lost");
}

TEST_F(ReadmeFigures, TheBundledDigitsSplitAsTheReadmeSays) {
  const std::string bundled = section("### The bundled workload");
  const data::DatasetSplits digits = data::load_bundled_mnist();
  expect_shows(capture(bundled, "holds ([0-9,]+) real MNIST digits"),
               static_cast<double>(digits.train.size() + digits.test.size()), "digits");
  expect_shows(capture(bundled, "train \\(([0-9,]+) images\\)"), static_cast<double>(digits.train.size()), "train");
  expect_shows(capture(bundled, "the rest to test \\(([0-9,]+)\\)"), static_cast<double>(digits.test.size()), "test");
  expect_shows(
      capture(bundled, "first ([0-9]+) % of its images"),
      100.0 * static_cast<double>(digits.train.size()) / static_cast<double>(digits.train.size() + digits.test.size()),
      "train share");
}

TEST_F(ReadmeFigures, SweepPointsToleranceGoldenFramesMacsAndCores) {
  // "# 96 points": the design points of the sweep file the command names.
  const std::string sweeps = section("### Design-space sweeps");
  const std::string sweep_file = capture(sweeps, "build/spinaps sweep (configs/sweeps/[a-z_]+\\.json) --jobs 2");
  const auto spec = sweep::load_sweep_spec(kSource + "/" + sweep_file);
  expect_shows(capture(sweeps, "# ([0-9]+) points"), static_cast<double>(sweep::sample_design_points(spec).size()),
               sweep_file);

  // The default tolerances, as reports/tolerances/default.json has them.
  const std::string reports = section("### Reports, regression gates and traces");
  const Json tolerances = Json::parse(read_text(fs::path(kSource) / "reports/tolerances/default.json"));
  const auto rule = [&](const std::string& match, const char* kind) {
    for (const Json& entry : tolerances.at("rules")) {
      if (entry.at("match") == match) return entry.at(kind).get<double>();
    }
    ADD_FAILURE() << "no tolerance rule " << match;
    return 0.0;
  };
  const std::string gated = capture(reports, "energy, area and efficiency \\+-([0-9.]+) %");
  expect_shows(gated, 100.0 * rule("metrics.energy_pj.**", "relative"), "energy tolerance");
  expect_shows(gated, 100.0 * rule("metrics.area_mm2.**", "relative"), "area tolerance");
  expect_shows(gated, 100.0 * rule("metrics.gsops*", "relative"), "efficiency tolerance");
  const std::string timing = capture(reports, "timing and counts \\+-([0-9.]+) %");
  expect_shows(timing, 100.0 * rule("metrics.latency_*.**", "relative"), "timing tolerance");
  expect_shows(timing, 100.0 * rule("metrics.sops*", "relative"), "count tolerance");
  expect_shows(capture(reports, "accuracy \\+-([0-9.]+) points"), 100.0 * rule("metrics.accuracy", "absolute"),
               "accuracy tolerance");
  // The edge PtychoNN's golden report.
  const Json golden = Json::parse(read_text(fs::path(kSource) / "reports/golden/ptychonn_edge.json"));
  expect_shows(capture(reports, "golden report simulates ([0-9]+) frames"), at(golden, "/metrics/frames"),
               "golden frames");

  // "316 M MACs" per frame of the edge PtychoNN, as `spinaps onnx` counts them.
  const std::string speed = section("## Speed");
  const fs::path layers = directory_ / "layers.json";
  const Outcome listed =
      run_command(kCli + " onnx workloads/ptychonn/ptychoNN_8.onnx -q --out '" + layers.string() + "'");
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  expect_shows(capture(speed, "([0-9]+) M MACs each"),
               Json::parse(read_text(layers)).at("total_macs").get<double>() / 1e6, "MACs per frame");
  // "21 cores on a 5x5 mesh": the cores the 5x5 configuration's network uses.
  const std::string mesh_config = capture(speed, "bench (configs/spinaps_k4b8_5x5\\.json)");
  const Json chip = run_readme_command("build/spinaps run " + mesh_config + " --samples 1", directory_ / "mesh.json");
  ASSERT_TRUE(chip.contains("spinaps"));
  expect_shows(capture(speed, "\\(([0-9]+) cores on a"), at(chip, "/spinaps/chip/cores_used"), "cores used");
  expect_shows(capture(speed, "cores on a ([0-9]+)x"), at(chip, "/config/effective/noc/mesh_rows"), "mesh rows");
  expect_shows(capture(speed, "cores on a [0-9]+x([0-9]+) mesh"), at(chip, "/config/effective/noc/mesh_cols"),
               "mesh columns");
}

TEST_F(ReadmeFigures, TheSanitizerPassLeavesOutTheLongCnnRunsTheReadmeCounts) {
  const Json presets = Json::parse(read_text(fs::path(kSource) / "CMakePresets.json"));
  std::string excluded;
  for (const Json& preset : presets.at("testPresets")) {
    if (preset.at("name") == "sanitize") excluded = preset.at("filter").at("exclude").at("name").get<std::string>();
  }
  ASSERT_FALSE(excluded.empty());
  // "^(A|B|...)$": the alternatives that are not the README's own command tests.
  std::size_t long_runs = 0;
  const std::string inner = excluded.substr(2, excluded.size() - 4);
  std::size_t start = 0;
  while (start <= inner.size()) {
    const std::size_t bar = std::min(inner.find('|', start), inner.size());
    if (inner.compare(start, 7, "Readme/") != 0 && inner.compare(start, 13, "ReadmeFigures") != 0) ++long_runs;
    start = bar + 1;
  }
  const std::vector<std::string> words = {"zero", "one",   "two",   "three", "four", "five",
                                          "six",  "seven", "eight", "nine",  "ten"};
  const std::string said = capture(section("## Quick start"), "leaves out ([a-z]+) long end-to-end");
  const auto position = std::find(words.begin(), words.end(), said);
  ASSERT_NE(position, words.end()) << said;
  EXPECT_EQ(static_cast<std::size_t>(position - words.begin()), long_runs) << excluded;
}

}  // namespace
}  // namespace spinaps::test
