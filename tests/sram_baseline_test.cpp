// The SRAM baseline: the same chip with its synapse bits in SRAM cells (technology.memory = "sram").
// Only the synapse cells may differ from the STT design; everything else (sense amplifiers, row
// periphery, trace, neuron, RNG and control logic) must cost exactly the same.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/config/config_reader.h"
#include "models/energy/energy_model.h"
#include "models/tech/tech_data.h"
#include "models/tech/technology.h"
#include "tests/cli_helpers.h"

namespace spinaps::tech {
namespace {

TechnologyConfig config_for(const std::string& memory) {
  TechnologyConfig config;
  config.node_nm = 28.0;
  config.memory = memory;
  config.data_dir = default_data_dir();
  return config;
}

double category_sum(const std::vector<ComponentArea>& areas, const std::string& category) {
  double sum = 0.0;
  for (const auto& area : areas) sum += area.category == category ? area.area_mm2 : 0.0;
  return sum;
}

TEST(SramBaselineModel, EveryCellLoadsWithASource) {
  ParamLog log;
  const auto cells = available_sram_cells(default_data_dir());
  ASSERT_FALSE(cells.empty());
  for (const auto& name : cells) {
    const SramCellData cell = load_sram_cell(default_data_dir(), name, log);
    EXPECT_GT(cell.cell_area_f2.value, 0.0) << name;
    EXPECT_GT(cell.leakage_uw_per_bit.value, 0.0) << name;
    EXPECT_FALSE(cell.source.empty()) << name;
  }
  EXPECT_THROW((void)load_sram_cell(default_data_dir(), "no_such_cell", log), config::ConfigError);
}

// CACTI/NVSim's 6T cell is 146 F^2 against 75 F^2 for the ISSCC'18 1T-1MTJ cell: at the same node
// the SRAM array is larger, leaks (an MTJ does not) and reads faster (NVSim 1.19 vs 2.8 ns).
TEST(SramBaselineModel, SynapseArrayFollowsTheSources) {
  const ArchitectureSizes sizes;
  const TechnologyModel stt = build_technology_model(config_for("stt"), sizes);
  const TechnologyModel sram = build_technology_model(config_for("sram"), sizes);
  EXPECT_GT(category_sum(sram.areas, "synapse_array"), category_sum(stt.areas, "synapse_array"));
  EXPECT_NEAR(category_sum(sram.areas, "synapse_array") / category_sum(stt.areas, "synapse_array"), 146.0 / 75.0, 1e-9);
  EXPECT_GT(sram.total_leakage_mw(), stt.total_leakage_mw());
  EXPECT_LT(sram.stt_read_latency_ns, stt.stt_read_latency_ns);
  EXPECT_LT(sram.energy_pj("stt.cell_read_bit"), stt.energy_pj("stt.cell_read_bit"));
  EXPECT_TRUE(sram.parameters_used.contains("derived:sram_cell_area_um2"));
  EXPECT_FALSE(sram.parameters_used.contains("derived:stt_cell_area_um2"));
}

TEST(SramBaselineModel, OnlyTheSynapseArrayDiffers) {
  const ArchitectureSizes sizes;
  const TechnologyModel stt = build_technology_model(config_for("stt"), sizes);
  const TechnologyModel sram = build_technology_model(config_for("sram"), sizes);
  ASSERT_EQ(stt.energy_per_action.size(), sram.energy_per_action.size());
  for (const auto& [action, entry] : stt.energy_per_action) {
    ASSERT_EQ(sram.energy_per_action.count(action), 1U) << action;
    if (entry.category != "synapse_array") {
      EXPECT_EQ(sram.energy_pj(action), entry.energy_pj) << action;
    }
  }
  ASSERT_EQ(stt.areas.size(), sram.areas.size());
  for (std::size_t i = 0; i < stt.areas.size(); ++i) {
    if (stt.areas[i].category == "synapse_array") continue;
    EXPECT_EQ(stt.areas[i].component, sram.areas[i].component);
    EXPECT_EQ(stt.areas[i].area_mm2, sram.areas[i].area_mm2) << stt.areas[i].component;
    EXPECT_EQ(stt.leakage[i].leakage_mw, sram.leakage[i].leakage_mw) << stt.leakage[i].component;
  }
}

TEST(SramBaselineConfig, MemoryKeyIsChecked) {
  const config::Json good = {{"node_nm", 28}, {"stt_cell", "isscc2018_28nm_75f2"}, {"memory", "sram"}};
  const TechnologyConfig parsed = parse_technology_config(config::ConfigNode(good, "c.json", "technology"), ".");
  EXPECT_EQ(parsed.memory, "sram");
  EXPECT_EQ(parsed.sram_cell, "nvsim_cacti_6t_146f2");
  config::Json bad = good;
  bad["memory"] = "dram";
  try {
    (void)parse_technology_config(config::ConfigNode(bad, "c.json", "technology"), ".");
    FAIL() << "memory = dram was accepted";
  } catch (const config::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("technology.memory"), std::string::npos) << error.what();
  }
  bad = good;
  bad["sram_cell"] = "no_such_cell";
  EXPECT_THROW((void)parse_technology_config(config::ConfigNode(bad, "c.json", "technology"), "."),
               config::ConfigError);
}

// The shipped baseline runs the same workload as configs/spinaps.json: the same operations, and the
// same energy in every category outside the synapse array (each design in its own process).
TEST(SramBaselineRun, SameWorkloadSameNonArrayEnergy) {
  using namespace spinaps::test;
  const fs::path directory = fresh_directory("sram_baseline_run");
  const fs::path stt_file = directory / "stt.json", sram_file = directory / "sram.json";
  Outcome outcome = run_command(kCli + " run configs/spinaps.json -q --samples 20 --out " + stt_file.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  outcome = run_command(kCli + " run configs/sram_baseline.json -q --samples 20 --out " + sram_file.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const auto stt = nlohmann::json::parse(read_text(stt_file));
  const auto sram = nlohmann::json::parse(read_text(sram_file));
  EXPECT_EQ(stt["accuracy"], sram["accuracy"]);
  EXPECT_EQ(stt["operation_counts"], sram["operation_counts"]);
  EXPECT_EQ(stt["metrics"]["sops"], sram["metrics"]["sops"]);
  const auto& a = stt["metrics"]["energy_pj"]["breakdown"];
  const auto& b = sram["metrics"]["energy_pj"]["breakdown"];
  for (const char* category : {"sense_amps", "periphery", "spike_trace", "neuron_logic", "rng"}) {
    EXPECT_DOUBLE_EQ(a[category].get<double>(), b[category].get<double>()) << category;
  }
  EXPECT_NE(a["synapse_array"], b["synapse_array"]);
  for (const char* category : {"sense_amps", "periphery", "spike_trace", "neuron_logic", "rng", "control"}) {
    EXPECT_DOUBLE_EQ(stt["metrics"]["area_mm2"]["breakdown"][category].get<double>(),
                     sram["metrics"]["area_mm2"]["breakdown"][category].get<double>())
        << category;
  }
}

}  // namespace
}  // namespace spinaps::tech
