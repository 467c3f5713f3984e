// The sweep file format: every example parses, sampling is what docs/sweeps.md says (grid order,
// log ranges, seeded random and Latin-hypercube draws), and each kind of mistake is one ConfigError
// naming the file and the key.
#include "tools/sweep/sweep_spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "models/config/config_reader.h"
#include "sweep_test_helpers.h"
#include "tools/sweep/sampler.h"
#include "tools/sweep/sweep_plan.h"

namespace {

using namespace sweep_test;
using spinaps::sweep::Json;

std::vector<spinaps::sweep::DesignPoint> points_of(const fs::path& file) {
  return spinaps::sweep::sample_design_points(spinaps::sweep::load_sweep_spec(file.string()));
}

TEST(SweepSpec, EveryExampleSweepParsesAndPlansItsPoints) {
  EXPECT_EQ(points_of(kSource + "/configs/sweeps/tiny.json").size(), 6U);
  EXPECT_EQ(points_of(kSource + "/configs/sweeps/crossbar_clock.json").size(), 96U);
  EXPECT_EQ(points_of(kSource + "/configs/sweeps/benchmark_200.json").size(), 200U);
  // A memristive CNN sweep: checked against its own configuration reader and metrics.
  const auto cnn_spec = spinaps::sweep::load_sweep_spec(kSource + "/configs/sweeps/ptychonn_reconstruction.json");
  EXPECT_EQ(cnn_spec.accelerator, spinaps::hw::AcceleratorKind::kMemristiveCnn);
  EXPECT_EQ(spinaps::sweep::sample_design_points(cnn_spec).size(), 54U);
  const auto lhs = points_of(kSource + "/configs/sweeps/technology_lhs.json");
  EXPECT_GT(lhs.size(), 30U);  // 40 drawn; repeats of discrete values are kept once
  EXPECT_LE(lhs.size(), 40U);
}

TEST(SweepSpec, GridEnumeratesEveryCombinationWithTheLastParameterFastest) {
  const fs::path directory = fresh_directory("grid");
  const auto points = points_of(write_sweep(directory, "grid", [](Json& sweep) {
    sweep["parameters"].push_back(
        {{"key", "technology.stt_cell"}, {"values", {"nvsim_sample_54f2", "isscc2018_28nm_75f2"}}});
  }));
  ASSERT_EQ(points.size(), 8U);
  EXPECT_EQ(Json(points[0].values), Json::parse(R"([128, 250, "nvsim_sample_54f2"])"));
  EXPECT_EQ(Json(points[1].values), Json::parse(R"([128, 250, "isscc2018_28nm_75f2"])"));
  EXPECT_EQ(Json(points[2].values), Json::parse(R"([128, 1000, "nvsim_sample_54f2"])"));
  EXPECT_EQ(Json(points[7].values), Json::parse(R"([256, 1000, "isscc2018_28nm_75f2"])"));
  for (std::size_t n = 0; n < points.size(); ++n) EXPECT_EQ(points[n].index, n);
}

TEST(SweepSpec, IntegerLogRangeWithStepsGivesExactPowersOfTwo) {
  const fs::path directory = fresh_directory("logrange");
  const auto points = points_of(write_sweep(directory, "log", [](Json& sweep) {
    sweep["parameters"] = {{{"key", "crossbar.rows"},
                            {"range", {{"min", 64}, {"max", 512}, {"steps", 4}, {"scale", "log"}, {"integer", true}}}},
                           {{"key", "clock.frequency_mhz"}, {"range", {{"min", 100}, {"max", 400}, {"steps", 4}}}}};
  }));
  ASSERT_EQ(points.size(), 16U);
  std::vector<Json> rows;
  std::vector<Json> clocks;
  for (std::size_t n = 0; n < 4; ++n) clocks.push_back(points[n].values[1]);
  for (std::size_t n = 0; n < 16; n += 4) rows.push_back(points[n].values[0]);
  EXPECT_EQ(Json(rows), Json::parse("[64, 128, 256, 512]"));
  EXPECT_EQ(Json(clocks), Json::parse("[100.0, 200.0, 300.0, 400.0]"));
}

Json random_sweep(const std::string& method, std::uint64_t seed, std::uint64_t count) {
  return Json{{"method", method}, {"points", count}, {"seed", seed}};
}

TEST(SweepSpec, RandomSamplingIsReproducibleAndChangesWithTheSeed) {
  const fs::path directory = fresh_directory("random");
  auto make = [&](std::uint64_t seed) {
    return points_of(write_sweep(directory, "random" + std::to_string(seed), [&](Json& sweep) {
      sweep["sampling"] = random_sweep("random", seed, 12);
      sweep["parameters"][1] = {{"key", "clock.frequency_mhz"},
                                {"range", {{"min", 100}, {"max", 2000}, {"scale", "log"}}}};
    }));
  };
  const auto first = make(3);
  const auto again = make(3);
  const auto other = make(4);
  ASSERT_EQ(first.size(), 12U);  // continuous clocks never repeat
  for (std::size_t n = 0; n < first.size(); ++n) EXPECT_EQ(Json(first[n].values), Json(again[n].values));
  bool differs = false;
  for (std::size_t n = 0; n < first.size(); ++n) differs |= Json(first[n].values) != Json(other[n].values);
  EXPECT_TRUE(differs);
  for (const auto& point : first) {
    const double clock = point.values[1].get<double>();
    EXPECT_GE(clock, 100.0);
    EXPECT_LE(clock, 2000.0);
    EXPECT_TRUE(point.values[0] == 128 || point.values[0] == 256);
  }
}

TEST(SweepSpec, LatinHypercubePutsExactlyOnePointInEachStratumOfEveryParameter) {
  const fs::path directory = fresh_directory("lhs");
  constexpr int kPoints = 10;
  const auto points = points_of(write_sweep(directory, "lhs", [&](Json& sweep) {
    sweep["sampling"] = random_sweep("latin_hypercube", 11, kPoints);
    sweep["parameters"] = {{{"key", "snn.input_max_spike_probability"}, {"range", {{"min", 0.0}, {"max", 1.0}}}},
                           {{"key", "clock.frequency_mhz"}, {"range", {{"min", 10}, {"max", 1000}, {"scale", "log"}}}}};
  }));
  ASSERT_EQ(points.size(), static_cast<std::size_t>(kPoints));
  std::set<int> linear_strata;
  std::set<int> log_strata;
  for (const auto& point : points) {
    linear_strata.insert(static_cast<int>(point.values[0].get<double>() * kPoints));
    // log10(10..1000) spans 2 decades: stratum = (log10(clock) - 1) / 2 * kPoints
    log_strata.insert(static_cast<int>((std::log10(point.values[1].get<double>()) - 1.0) / 2.0 * kPoints));
  }
  EXPECT_EQ(linear_strata.size(), static_cast<std::size_t>(kPoints));
  EXPECT_EQ(log_strata.size(), static_cast<std::size_t>(kPoints));
}

struct BadSweep {
  const char* name;
  std::function<void(Json&)> edit;
  const char* key;  // the key the error must name
};

TEST(SweepSpec, EachMistakeIsOneErrorNamingTheFileAndTheKey) {
  const fs::path directory = fresh_directory("errors");
  const std::vector<BadSweep> cases = {
      {"unknown_top_key", [](Json& s) { s["paramters"] = 1; }, "'paramters'"},
      {"unknown_config_key", [](Json& s) { s["parameters"][0]["key"] = "crossbar.rwos"; }, "'parameters[0].key'"},
      {"unknown_config_section", [](Json& s) { s["parameters"][0]["key"] = "crosbar.rows"; }, "'parameters[0].key'"},
      {"value_out_of_range",
       [](Json& s) {
         s["parameters"][0]["values"] = {128, 4};
       },
       "'parameters[0].values[1]'"},
      {"duplicate_value",
       [](Json& s) {
         s["parameters"][0]["values"] = {128, 128};
       },
       "'parameters[0].values[1]'"},
      {"empty_values", [](Json& s) { s["parameters"][0]["values"] = Json::array(); }, "'parameters[0].values'"},
      {"object_value", [](Json& s) { s["parameters"][0]["values"] = Json::array({Json::object()}); },
       "'parameters[0].values[0]'"},
      {"continuous_in_grid",
       [](Json& s) {
         s["parameters"][1] = {{"key", "clock.frequency_mhz"}, {"range", {{"min", 1}, {"max", 9}}}};
       },
       "'parameters[1].range'"},
      {"range_reversed",
       [](Json& s) {
         s["parameters"][1] = {{"key", "clock.frequency_mhz"}, {"range", {{"min", 9}, {"max", 1}, {"steps", 2}}}};
       },
       "'parameters[1].range.max'"},
      {"log_from_zero",
       [](Json& s) {
         s["parameters"][1] = {{"key", "clock.frequency_mhz"},
                               {"range", {{"min", 0}, {"max", 9}, {"steps", 2}, {"scale", "log"}}}};
       },
       "'parameters[1].range.min'"},
      {"unknown_scale",
       [](Json& s) {
         s["parameters"][1] = {{"key", "clock.frequency_mhz"},
                               {"range", {{"min", 1}, {"max", 9}, {"steps", 2}, {"scale", "exp"}}}};
       },
       "'parameters[1].range.scale'"},
      {"values_and_range",
       [](Json& s) {
         s["parameters"][0]["range"] = {{"min", 1}, {"max", 2}};
       },
       "'parameters[0]'"},
      {"swept_twice", [](Json& s) { s["parameters"][1]["key"] = "crossbar.rows"; }, "'parameters[1].key'"},
      {"unknown_method",
       [](Json& s) {
         s["sampling"] = {{"method", "sobol"}};
       },
       "'sampling.method'"},
      {"random_without_points",
       [](Json& s) {
         s["sampling"] = {{"method", "random"}};
       },
       "'sampling.points'"},
      {"grid_with_seed",
       [](Json& s) {
         s["sampling"] = {{"method", "grid"}, {"seed", 3}};
       },
       "'sampling.seed'"},
      {"zero_points", [](Json& s) { s["sampling"] = random_sweep("random", 1, 0); }, "'sampling.points'"},
      {"unknown_metric",
       [](Json& s) {
         s["metrics"] = {"accuracy", "gsops_per_mm"};
       },
       "'metrics[1]'"},
      {"constraint_without_bound",
       [](Json& s) {
         s["constraints"] = {{{"metric", "accuracy"}}};
       },
       "'constraints[0]'"},
      {"constraint_bad_metric",
       [](Json& s) {
         s["constraints"] = {{{"metric", "area"}, {"max", 1}}};
       },
       "'constraints[0].metric'"},
      {"missing_base_config", [](Json& s) { s["base_config"] = "nowhere.json"; }, "'base_config'"},
      {"negative_timeout", [](Json& s) { s["timeout_seconds"] = -1; }, "'timeout_seconds'"},
      {"samples_not_integer", [](Json& s) { s["samples"] = 2.5; }, "'samples'"},
      {"bad_fixed_setting",
       [](Json& s) {
         s["set"] = {{"neuron.mac_lanes", 0}};
       },
       "'set'"},
      {"missing_parameters", [](Json& s) { s.erase("parameters"); }, "'parameters'"},
  };
  for (const auto& bad : cases) {
    const fs::path file = write_sweep(directory, bad.name, bad.edit);
    try {
      (void)spinaps::sweep::load_sweep_spec(file.string());
      ADD_FAILURE() << bad.name << ": accepted";
    } catch (const spinaps::config::ConfigError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(file.string()), std::string::npos) << bad.name << ": " << message;
      EXPECT_NE(message.find(bad.key), std::string::npos) << bad.name << ": " << message;
    }
  }
}

TEST(SweepSpec, ACnnSweepIsCheckedAgainstTheCnnConfigurationAndMetrics) {
  const fs::path directory = fresh_directory("cnn_errors");
  const auto expect_error = [&](const std::string& name, const std::function<void(Json&)>& edit,
                                const std::string& where, const std::string& what) {
    const fs::path file = write_sweep(directory, name, [&](Json& sweep) {
      sweep["base_config"] = kSource + "/configs/ptychonn_edge.json";
      sweep["parameters"] = {{{"key", "tile.adc_bits"}, {"values", {6, 8}}}};
      edit(sweep);
    });
    try {
      (void)spinaps::sweep::load_sweep_spec(file.string());
      ADD_FAILURE() << name << ": accepted";
    } catch (const spinaps::config::ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find(where), std::string::npos) << name << ": " << error.what();
      EXPECT_NE(std::string(error.what()).find(what), std::string::npos) << name << ": " << error.what();
    }
  };
  expect_error(
      "snn_key", [](Json& s) { s["parameters"][0]["key"] = "crossbar.rows"; }, "'parameters[0].key'",
      "is not a key of the configuration");
  expect_error(
      "snn_metric", [](Json& s) { s["metrics"] = {"decision_step.mean"}; }, "'metrics[0]'", "memristive_cnn report");
  expect_error(
      "bad_value",
      [](Json& s) {
        s["parameters"][0]["values"] = {6, 99};
      },
      "'parameters[0].values[1]'", "rejects this value");
  // And a good one collects the CNN's default metrics.
  const fs::path good = write_sweep(directory, "good", [&](Json& sweep) {
    sweep["base_config"] = kSource + "/configs/ptychonn_edge.json";
    sweep["parameters"] = {{{"key", "tile.devices_per_slice"}, {"values", {1, 2}}}};
  });
  const auto spec = spinaps::sweep::load_sweep_spec(good.string());
  EXPECT_EQ(spec.metrics, spinaps::sweep::default_metrics(spinaps::hw::AcceleratorKind::kMemristiveCnn));
}

TEST(SweepSpec, MalformedJsonNamesTheFile) {
  const fs::path directory = fresh_directory("malformed");
  const fs::path file = directory / "broken.json";
  write_text(file, "{\"name\": \"x\", \"parameters\": [");
  try {
    (void)spinaps::sweep::load_sweep_spec(file.string());
    FAIL() << "accepted";
  } catch (const spinaps::config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("broken.json"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("malformed JSON"), std::string::npos) << error.what();
  }
}

TEST(SweepSpec, MetricNamesMapToReportPointers) {
  EXPECT_EQ(spinaps::sweep::metric_pointer("accuracy").to_string(), "/metrics/accuracy");
  EXPECT_EQ(spinaps::sweep::metric_pointer("energy.by_category_pj.rng").to_string(), "/energy/by_category_pj/rng");
  EXPECT_EQ(spinaps::sweep::metric_pointer("latency_ns.p50").to_string(), "/metrics/latency_ns/p50");
  using spinaps::hw::AcceleratorKind;
  EXPECT_TRUE(spinaps::sweep::is_known_metric("energy.by_category_pj.synapse_array", AcceleratorKind::kSpinaps));
  EXPECT_FALSE(spinaps::sweep::is_known_metric("energy_pj.breakdown.synapse_array",
                                               AcceleratorKind::kSpinaps));  // the version 2 name
  EXPECT_FALSE(spinaps::sweep::is_known_metric("latency_ns.p75", AcceleratorKind::kSpinaps));
  EXPECT_FALSE(spinaps::sweep::is_known_metric("fidelity.ssim", AcceleratorKind::kSpinaps));
  EXPECT_TRUE(spinaps::sweep::is_known_metric("fidelity.ssim", AcceleratorKind::kMemristiveCnn));
  EXPECT_TRUE(spinaps::sweep::is_known_metric("fidelity.ideal_converters.rel_error", AcceleratorKind::kMemristiveCnn));
  EXPECT_FALSE(spinaps::sweep::is_known_metric("gsops_per_w_per_mm2x", AcceleratorKind::kMemristiveCnn));
  EXPECT_FALSE(spinaps::sweep::is_known_metric("decision_step.mean", AcceleratorKind::kMemristiveCnn));
  for (const AcceleratorKind kind : {AcceleratorKind::kSpinaps, AcceleratorKind::kMemristiveCnn}) {
    for (const auto& metric : spinaps::sweep::default_metrics(kind)) {
      EXPECT_TRUE(spinaps::sweep::is_known_metric(metric, kind)) << metric;
    }
  }
}

}  // namespace
