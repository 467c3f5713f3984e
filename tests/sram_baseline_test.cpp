// The SRAM baseline: the same chip with its synapse bits in SRAM cells (technology.memory = "sram").
// Only the synapse cells may differ from the STT design; everything else (sense amplifiers, row
// periphery, trace, neuron, RNG and control logic) must cost exactly the same.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hw/core/core_technology.h"
#include "models/config/config_reader.h"
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

double category_sum(const energy::ComponentTable& components, const std::string& category) {
  double sum = 0.0;
  for (const auto& part : components.all()) sum += part.category == category ? part.area_mm2 : 0.0;
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
  const core::CoreSizes sizes;
  const core::CoreTechnology stt = core::build_core_technology(config_for("stt"), sizes);
  const core::CoreTechnology sram = core::build_core_technology(config_for("sram"), sizes);
  EXPECT_GT(category_sum(sram.components, "synapse_array"), category_sum(stt.components, "synapse_array"));
  EXPECT_NEAR(category_sum(sram.components, "synapse_array") / category_sum(stt.components, "synapse_array"),
              146.0 / 75.0, 1e-9);
  EXPECT_GT(sram.components.total_leakage_mw(), stt.components.total_leakage_mw());
  EXPECT_LT(sram.memory.read_latency_ns, stt.memory.read_latency_ns);
  EXPECT_LT(sram.actions.energy_pj("stt.cell_read_bit"), stt.actions.energy_pj("stt.cell_read_bit"));
  EXPECT_TRUE(sram.parameters_used.contains("derived:sram_cell_area_um2"));
  EXPECT_FALSE(sram.parameters_used.contains("derived:stt_cell_area_um2"));
}

TEST(SramBaselineModel, OnlyTheSynapseArrayDiffers) {
  const core::CoreSizes sizes;
  const core::CoreTechnology stt = core::build_core_technology(config_for("stt"), sizes);
  const core::CoreTechnology sram = core::build_core_technology(config_for("sram"), sizes);
  ASSERT_EQ(stt.actions.all().size(), sram.actions.all().size());
  for (const auto& [action, entry] : stt.actions.all()) {
    ASSERT_TRUE(sram.actions.contains(action)) << action;
    if (entry.category != "synapse_array") {
      EXPECT_EQ(sram.actions.energy_pj(action), entry.energy_pj) << action;
    }
  }
  const auto& stt_parts = stt.components.all();
  const auto& sram_parts = sram.components.all();
  ASSERT_EQ(stt_parts.size(), sram_parts.size());
  for (std::size_t i = 0; i < stt_parts.size(); ++i) {
    if (stt_parts[i].category == "synapse_array") continue;
    EXPECT_EQ(stt_parts[i].component, sram_parts[i].component);
    EXPECT_EQ(stt_parts[i].area_mm2, sram_parts[i].area_mm2) << stt_parts[i].component;
    EXPECT_EQ(stt_parts[i].leakage_mw, sram_parts[i].leakage_mw) << stt_parts[i].component;
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
  EXPECT_EQ(stt["metrics"]["accuracy"], sram["metrics"]["accuracy"]);
  EXPECT_EQ(stt["spinaps"]["operation_counts"], sram["spinaps"]["operation_counts"]);
  EXPECT_EQ(stt["metrics"]["sops"], sram["metrics"]["sops"]);
  const auto& a = stt["energy"]["by_category_pj"];
  const auto& b = sram["energy"]["by_category_pj"];
  for (const char* category : {"sense_amps", "periphery", "spike_trace", "neuron_logic", "rng"}) {
    EXPECT_DOUBLE_EQ(a[category].get<double>(), b[category].get<double>()) << category;
  }
  EXPECT_NE(a["synapse_array"], b["synapse_array"]);
  for (const char* category : {"sense_amps", "periphery", "spike_trace", "neuron_logic", "rng", "control"}) {
    EXPECT_DOUBLE_EQ(stt["area"]["by_category_mm2"][category].get<double>(),
                     sram["area"]["by_category_mm2"][category].get<double>())
        << category;
  }
}

}  // namespace
}  // namespace spinaps::tech
