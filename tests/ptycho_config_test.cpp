// Tests for the ptychography data configuration (errors name the key), the frame files and the
// `spinaps ptycho` command.
#include "workloads/ptycho/ptycho_config.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/cli_helpers.h"
#include "workloads/ptycho/frame_file.h"

namespace spinaps::ptycho {
namespace {

using config::Json;

/// The key a configuration error names (empty when it parses).
std::string error_key(const Json& json) {
  try {
    (void)parse_ptycho_config(config::ConfigNode(json, "test.json", ""));
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("test.json: key '" + error.key() + "'"), std::string::npos);
    return error.key();
  }
  return "";
}

TEST(PtychoConfig, TheDefaultFileParsesToTheBuiltInDefaults) {
  const PtychoConfig file = load_ptycho_config(test::kSource + "/configs/ptycho/ptycho_data.json");
  PtychoConfig defaults;
  defaults.description = file.description;  // free text, the one key without a built-in value
  EXPECT_EQ(ptycho_config_to_json(file).dump(), ptycho_config_to_json(defaults).dump());
  for (const char* key : {"detector_pixels", "crop_pixels", "binning", "photons_per_frame", "probe", "scan.step_px"}) {
    EXPECT_FALSE(file.sources.at(key).empty()) << key;
  }
  EXPECT_EQ(file.output_pixels(), 128U);  // the edge model's input and output side
  // Everything round-trips through the JSON form.
  PtychoConfig changed = defaults;
  changed.probe.kind = ProbeKind::kGaussian;
  changed.scan.pattern = ScanPattern::kRaster;
  changed.object.image = TestImageKind::kMnist;
  changed.binning_reduction = BinningReduction::kSum;
  const Json json = Json::parse(ptycho_config_to_json(changed).dump());
  EXPECT_EQ(ptycho_config_to_json(parse_ptycho_config(config::ConfigNode(json, "x", ""))).dump(),
            ptycho_config_to_json(changed).dump());
}

TEST(PtychoConfig, ErrorsNameTheOffendingKey) {
  EXPECT_EQ(error_key(Json::object()), "");
  EXPECT_EQ(error_key({{"detector_pixels", 8}}), "detector_pixels");
  EXPECT_EQ(error_key({{"detector_pixels", 516}, {"crop_pixels", 511}}), "crop_pixels");  // odd margin
  EXPECT_EQ(error_key({{"crop_pixels", 600}}), "crop_pixels");                            // above the detector
  EXPECT_EQ(error_key({{"binning", 3}}), "binning");                                      // 512 / 3
  EXPECT_EQ(error_key({{"binning_reduction", "median"}}), "binning_reduction");
  EXPECT_EQ(error_key({{"photons_per_frame", 0}}), "photons_per_frame");
  EXPECT_EQ(error_key({{"photons_per_frame", "many"}}), "photons_per_frame");
  EXPECT_EQ(error_key({{"probe", {{"width_px", 500}}}}), "probe.width_px");
  EXPECT_EQ(error_key({{"probe", {{"kind", "bessel"}}}}), "probe.kind");
  EXPECT_EQ(error_key({{"scan", {{"step_px", 0}}}}), "scan.step_px");
  EXPECT_EQ(error_key({{"scan", {{"points", 0}}}}), "scan.points");
  EXPECT_EQ(error_key({{"scan", {{"stepsize", 5}}}}), "scan.stepsize");  // unknown keys are errors
  EXPECT_EQ(error_key({{"object", {{"phase_max_rad", 4}}}}), "object.phase_max_rad");
  EXPECT_EQ(error_key({{"object", {{"amplitude_min", 1.5}}}}), "object.amplitude_min");
  EXPECT_EQ(error_key({{"seed", -1}}), "seed");
  EXPECT_EQ(error_key({{"detector_pixel", 512}}), "detector_pixel");
}

TEST(PtychoConfig, SourcesMustBeStrings) {
  const auto directory = test::fresh_directory("ptycho_sources");
  test::write_text(directory / "bad.json", R"({"source": {"binning": 4}})");
  try {
    (void)load_ptycho_config((directory / "bad.json").string());
    FAIL() << "a numeric source was accepted";
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.key(), "source.binning");
  }
  // -p overrides apply before validation and are named like any key.
  try {
    (void)load_ptycho_config(test::kSource + "/configs/ptycho/ptycho_data.json", {"scan.points=0"});
    FAIL() << "scan.points=0 was accepted";
  } catch (const config::ConfigError& error) {
    EXPECT_EQ(error.key(), "scan.points");
  }
}

TEST(PtychoCli, WritesFramesThatReadBackWithTheirGroundTruth) {
  const auto directory = test::fresh_directory("ptycho_cli");
  const std::string out = (directory / "frames.json").string();
  const test::Outcome outcome =
      test::run_command(test::kCli + " ptycho --frames 3 -p scan.points=5 --out '" + out + "'");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("linear overlap"), std::string::npos) << outcome.output;
  const FrameFile file = read_frame_file(out);
  EXPECT_EQ(file.header.at("binary").at("file"), "frames.bin");
  EXPECT_EQ(file.header.at("frames").size(), 3U);
  EXPECT_EQ(file.header.at("config").at("scan").at("points"), 5);
  EXPECT_FALSE(file.header.at("source").at("binning").get<std::string>().empty());
  ASSERT_EQ(file.inputs.size(), 3U);
  ASSERT_EQ(file.phases.size(), 3U);
  EXPECT_EQ(file.inputs[0].rows, 128U);

  // The file holds exactly what the library makes (to float32 rounding).
  PtychoConfig config = load_ptycho_config(test::kSource + "/configs/ptycho/ptycho_data.json", {"scan.points=5"});
  PtychoSimulator simulator(config);
  const PtychoFrame frame = simulator.frame(2);
  for (const std::size_t n : {std::size_t{0}, std::size_t{8256}, std::size_t{16383}}) {
    EXPECT_EQ(file.inputs[2].values[n], static_cast<double>(static_cast<float>(frame.input.values[n])));
    EXPECT_EQ(file.phases[2].values[n], static_cast<double>(static_cast<float>(frame.phase.values[n])));
  }
  EXPECT_DOUBLE_EQ(file.header.at("frames").at(2).at("detected_photons").get<double>(), frame.detected_photons);
}

TEST(PtychoCli, BadInputExitsTwoNamingTheKeyOrFlag) {
  const test::Outcome bad_key = test::run_command(test::kCli + " ptycho -q -p probe.width_px=0");
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.output.find("probe.width_px"), std::string::npos) << bad_key.output;
  const test::Outcome too_many = test::run_command(test::kCli + " ptycho -q --frames 65");
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.output.find("--frames"), std::string::npos) << too_many.output;
  const test::Outcome missing = test::run_command(test::kCli + " ptycho -q --config /nonexistent/ptycho.json");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

TEST(PtychoCli, MnistObjectRunsOnTheBundledDigits) {
  const test::Outcome outcome =
      test::run_command(test::kCli + " ptycho --frames 1 -p object.image=mnist -p scan.points=1");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("mnist"), std::string::npos) << outcome.output;
}

}  // namespace
}  // namespace spinaps::ptycho
