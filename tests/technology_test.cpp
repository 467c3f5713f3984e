// Technology data files, node scaling and the energy/area/leakage model built from them.
#include "models/tech/technology.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "hw/core/core_technology.h"
#include "models/tech/tech_data.h"

namespace spinaps::tech {
namespace {

namespace fs = std::filesystem;
using config::ConfigError;
using config::Json;

TechnologyConfig default_config(double node_nm = 28.0, const std::string& cell = "isscc2018_28nm_75f2") {
  TechnologyConfig config;
  config.node_nm = node_nm;
  config.stt_cell = cell;
  config.data_dir = default_data_dir();
  return config;
}

/// A private copy of the data directory that a test may break.
class DataCopy {
 public:
  DataCopy() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("spinaps_tech_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* name : {"stt_cells.json", "array_periphery.json", "digital_45nm.json", "node_scaling.json"}) {
      fs::copy_file(data_file(default_data_dir(), name), dir_ / name);
    }
  }
  ~DataCopy() { fs::remove_all(dir_); }
  DataCopy(const DataCopy&) = delete;
  DataCopy& operator=(const DataCopy&) = delete;

  [[nodiscard]] std::string dir() const { return dir_.string(); }
  [[nodiscard]] Json read(const std::string& name) const { return config::read_json_file((dir_ / name).string()); }
  void write(const std::string& name, const Json& document) const {
    std::ofstream out(dir_ / name);
    out << document.dump(2);
  }

 private:
  fs::path dir_;
};

TEST(TechnologyData, EveryDataFileLoads) {
  ParamLog log;
  const auto cells = available_cells(default_data_dir());
  ASSERT_GE(cells.size(), 2U);
  for (const auto& cell : cells) {
    const SttCellData data = load_stt_cell(default_data_dir(), cell, log);
    EXPECT_GT(data.cell_area_f2.value, 0.0) << cell;
    EXPECT_GT(data.read_energy_pj_per_bit.value, 0.0) << cell;
    EXPECT_FALSE(data.source.empty()) << cell;
  }
  EXPECT_GT(load_periphery(default_data_dir(), log).sense_energy_pj.value, 0.0);
  EXPECT_GT(load_digital(default_data_dir(), log).reg.energy_pj.value, 0.0);
  const NodeScaling scaling = NodeScaling::load(data_file(default_data_dir(), "node_scaling.json"));
  for (const double node : {180.0, 130.0, 90.0, 65.0, 45.0, 32.0, 28.0, 22.0, 16.0, 14.0, 10.0, 7.0}) {
    EXPECT_TRUE(scaling.has(node)) << node;
  }
  for (const auto& [id, entry] : log.json().items()) {
    EXPECT_TRUE(entry.contains("unit")) << id;
    EXPECT_FALSE(entry.at("source").get<std::string>().empty()) << id;
  }
}

TEST(TechnologyData, NamedCellsHaveTheirPublishedFigures) {
  ParamLog log;
  const SttCellData nvsim = load_stt_cell(default_data_dir(), "nvsim_sample_54f2", log);
  EXPECT_DOUBLE_EQ(nvsim.cell_area_f2.value, 54.0);
  EXPECT_DOUBLE_EQ(nvsim.write_latency_ns.value, 10.0);
  const SttCellData isscc = load_stt_cell(default_data_dir(), "isscc2018_28nm_75f2", log);
  EXPECT_DOUBLE_EQ(isscc.cell_area_f2.value, 75.0);
  EXPECT_DOUBLE_EQ(isscc.read_latency_ns.value, 2.8);
  EXPECT_DOUBLE_EQ(isscc.write_energy_pj_per_bit.value, 4.5);
  EXPECT_DOUBLE_EQ(isscc.reference_node_nm, 28.0);
}

TEST(TechnologyModelTest, EveryActionHasAPositiveEnergyAndItsCategory) {
  const core::CoreTechnology model = core::build_core_technology(default_config(), core::CoreSizes{});
  const std::map<std::string, std::string> categories = {{"stt.cell_read_bit", "synapse_array"},
                                                         {"stt.sense_amp_sense", "sense_amps"},
                                                         {"stt.row_activation", "periphery"},
                                                         {"trace.window_shift_bit", "spike_trace"},
                                                         {"trace.basis_lut_read", "spike_trace"},
                                                         {"control.priority_encoder_grant", "control"},
                                                         {"control.active_cycle", "control"},
                                                         {"neuron.mac", "neuron_logic"},
                                                         {"neuron.accumulator_reset", "neuron_logic"},
                                                         {"neuron.sigmoid_lut_read", "neuron_logic"},
                                                         {"neuron.partial_sum_add", "neuron_logic"},
                                                         {"neuron.compare", "neuron_logic"},
                                                         {"rng.draw", "rng"},
                                                         {"rng.sample_setup", "rng"}};
  ASSERT_EQ(core::core_action_names().size(), categories.size());
  for (const auto& action : core::core_action_names()) {
    ASSERT_TRUE(model.actions.contains(action)) << action;
    EXPECT_GT(model.actions.energy_pj(action), 0.0) << action;
    EXPECT_TRUE(std::isfinite(model.actions.energy_pj(action))) << action;
    EXPECT_EQ(model.actions.at(action).category, categories.at(action)) << action;
    EXPECT_FALSE(model.actions.at(action).derivation.empty()) << action;
  }
  EXPECT_GT(model.components.total_area_mm2(), 0.0);
  EXPECT_GT(model.components.total_leakage_mw(), 0.0);
  EXPECT_GT(model.memory.read_latency_ns, 0.0);
  EXPECT_DOUBLE_EQ(model.memory.write_latency_ns, 20.0);
  EXPECT_THROW((void)model.actions.energy_pj("no.such_action"), std::out_of_range);
  try {
    (void)model.actions.energy_pj("no.such_action");
  } catch (const std::out_of_range& error) {
    EXPECT_NE(std::string(error.what()).find("no.such_action"), std::string::npos);
  }
}

TEST(TechnologyModelTest, MacEnergyFollowsItsFormula) {
  // At 45 nm the Horowitz numbers are used as published; the register is scaled 40 -> 45 nm.
  const TechnologyConfig config = default_config(45.0);
  const NodeScaling scaling = NodeScaling::load(data_file(config.data_dir, "node_scaling.json"));
  core::CoreSizes sizes;
  const core::CoreTechnology model = core::build_core_technology(config, sizes);
  const double reg = 0.0089995 * scaling.energy(40.0, 45.0);
  const double expected = 16 * 0.003125 + 24 * 0.003125 + 24 * reg;
  EXPECT_NEAR(model.actions.energy_pj("neuron.mac"), expected, 1e-12);
  sizes.units.accumulator_bits = 32;
  EXPECT_GT(core::build_core_technology(config, sizes).actions.energy_pj("neuron.mac"),
            model.actions.energy_pj("neuron.mac"));
}

TEST(TechnologyModelTest, AreaGrowsWithSubarrayCount) {
  core::CoreSizes sizes;
  const double four = core::build_core_technology(default_config(), sizes).components.total_area_mm2();
  sizes.subarrays.count = 8;
  const core::CoreTechnology eight = core::build_core_technology(default_config(), sizes);
  EXPECT_GT(eight.components.total_area_mm2(), four);
  for (const auto& area : eight.components.all()) {
    if (area.component == "stt_cells") {
      EXPECT_NEAR(area.area_mm2, 8.0 * 256 * 256 * 75 * (0.028e-3 * 0.028e-3), 1e-12);
    }
  }
}

TEST(TechnologyModelTest, AreaGrowsWithNodeSize) {
  const core::CoreSizes sizes;
  const double at7 = core::build_core_technology(default_config(7.0), sizes).components.total_area_mm2();
  const double at28 = core::build_core_technology(default_config(28.0), sizes).components.total_area_mm2();
  const double at45 = core::build_core_technology(default_config(45.0), sizes).components.total_area_mm2();
  const double at90 = core::build_core_technology(default_config(90.0), sizes).components.total_area_mm2();
  EXPECT_LT(at7, at28);
  EXPECT_LT(at28, at45);
  EXPECT_LT(at45, at90);
}

TEST(TechnologyModelTest, LeakageAndEnergyAreChargedOnlyWhereTheyBelong) {
  const core::CoreTechnology model = core::build_core_technology(default_config(), core::CoreSizes{});
  for (const auto& leak : model.components.all()) {
    if (leak.component == "stt_cells") {
      EXPECT_EQ(leak.leakage_mw, 0.0);  // non-volatile cells
    } else {
      EXPECT_GT(leak.leakage_mw, 0.0) << leak.component;
    }
  }
  // The MTJ read energy is not scaled with CMOS: same at 7 and 90 nm.
  EXPECT_DOUBLE_EQ(core::build_core_technology(default_config(7.0), {}).actions.energy_pj("stt.cell_read_bit"),
                   core::build_core_technology(default_config(90.0), {}).actions.energy_pj("stt.cell_read_bit"));
  EXPECT_LT(core::build_core_technology(default_config(7.0), {}).actions.energy_pj("neuron.mac"),
            core::build_core_technology(default_config(90.0), {}).actions.energy_pj("neuron.mac"));
}

TEST(TechnologyScaling, ScalingToTheReferenceNodeIsTheIdentity) {
  const NodeScaling scaling = NodeScaling::load(data_file(default_data_dir(), "node_scaling.json"));
  for (const auto& name : scaling.node_names()) {
    const double node = std::stod(name);
    EXPECT_DOUBLE_EQ(scaling.energy(node, node), 1.0) << name;
    EXPECT_DOUBLE_EQ(scaling.area(node, node), 1.0) << name;
    EXPECT_DOUBLE_EQ(scaling.delay(node, node), 1.0) << name;
  }
  // NVSim periphery is published at 45 nm: a 45 nm model uses it unchanged.
  const core::CoreTechnology at45 = core::build_core_technology(default_config(45.0), core::CoreSizes{});
  EXPECT_DOUBLE_EQ(at45.actions.energy_pj("stt.sense_amp_sense"), 0.10385);
  const auto& entry = at45.parameters_used.at("array_periphery.json:sense_amplifier.energy_pj_per_sense");
  EXPECT_DOUBLE_EQ(entry.at("scaled_value").get<double>(), entry.at("value").get<double>());
  EXPECT_EQ(entry.at("unit").get<std::string>(), "pJ/sense");
  // The ISSCC'18 cell is published at 28 nm: its read latency is unchanged at 28 nm.
  EXPECT_DOUBLE_EQ(core::build_core_technology(default_config(28.0), {}).memory.read_latency_ns, 2.8);
}

TEST(TechnologyScaling, FactorsFollowTheNodes) {
  const NodeScaling scaling = NodeScaling::load(data_file(default_data_dir(), "node_scaling.json"));
  EXPECT_LT(scaling.energy(45, 28), 1.0);
  EXPECT_GT(scaling.energy(45, 28), scaling.energy(45, 20));
  EXPECT_LT(scaling.energy(45, 28), scaling.energy(45, 32));
  EXPECT_NEAR(scaling.area(45, 32), 0.46, 1e-12);
  EXPECT_NEAR(scaling.area(45, 180), 19.0, 1e-12);
  // Published example (erratum to Stillmaker & Baas): 32 nm HP at 0.9 V has energy factor 0.4571.
  EXPECT_NEAR(scaling.at(32).energy, 0.4571, 5e-4);
}

TEST(TechnologyUnits, KeysCarryTheirUnits) {
  EXPECT_EQ(unit_of_key("read_energy_pj_per_bit"), "pJ/bit");
  EXPECT_EQ(unit_of_key("area_um2"), "um^2");
  EXPECT_EQ(unit_of_key("leakage_uw_per_um2"), "uW/um^2");
  EXPECT_EQ(unit_of_key("cell_area_f2"), "F^2");
  EXPECT_EQ(unit_of_key("tmr_percent"), "%");
  EXPECT_EQ(unit_of_key("write_switching_probability"), "1");
}

TEST(TechnologyDataErrors, MissingKeyNamesTheFileAndTheKey) {
  DataCopy copy;
  Json digital = copy.read("digital_45nm.json");
  digital["register"].erase("energy_pj_per_bit");
  copy.write("digital_45nm.json", digital);
  TechnologyConfig config = default_config();
  config.data_dir = copy.dir();
  try {
    (void)core::build_core_technology(config, core::CoreSizes{});
    FAIL() << "a missing key must be an error";
  } catch (const ConfigError& error) {
    EXPECT_NE(error.file().find("digital_45nm.json"), std::string::npos);
    EXPECT_EQ(error.key(), "register.energy_pj_per_bit");
    EXPECT_NE(std::string(error.what()).find("register.energy_pj_per_bit"), std::string::npos);
  }
}

TEST(TechnologyDataErrors, StringInANumberFieldNamesTheFileAndTheKey) {
  DataCopy copy;
  Json periphery = copy.read("array_periphery.json");
  periphery["sense_amplifier"]["area_um2"] = "large";
  copy.write("array_periphery.json", periphery);
  TechnologyConfig config = default_config();
  config.data_dir = copy.dir();
  try {
    (void)core::build_core_technology(config, core::CoreSizes{});
    FAIL() << "a string in a number field must be an error";
  } catch (const ConfigError& error) {
    EXPECT_NE(error.file().find("array_periphery.json"), std::string::npos);
    EXPECT_EQ(error.key(), "sense_amplifier.area_um2");
    EXPECT_NE(std::string(error.what()).find("\"large\""), std::string::npos);
  }
}

TEST(TechnologyDataErrors, BrokenCellAndUnknownDataKeyAreErrors) {
  DataCopy copy;
  Json cells = copy.read("stt_cells.json");
  cells["cells"]["nvsim_sample_54f2"]["read_latency_ns"] = "fast";
  cells["cells"]["isscc2018_28nm_75f2"]["read_energy_pj_per_bitt"] = 0.1;
  copy.write("stt_cells.json", cells);
  TechnologyConfig config = default_config(28.0, "nvsim_sample_54f2");
  config.data_dir = copy.dir();
  try {
    (void)core::build_core_technology(config, core::CoreSizes{});
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), "cells.nvsim_sample_54f2.read_latency_ns");
  }
  config.stt_cell = "isscc2018_28nm_75f2";
  try {
    (void)core::build_core_technology(config, core::CoreSizes{});
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), "cells.isscc2018_28nm_75f2.read_energy_pj_per_bitt");
  }
}

TechnologyConfig parse(const Json& technology, const std::string& config_dir = "/nonexistent") {
  return parse_technology_config(config::ConfigNode(technology, "chip.json", "technology"), config_dir);
}

TEST(TechnologyConfigParse, AcceptsAValidNode) {
  const TechnologyConfig config = parse(Json{{"node_nm", 28}, {"stt_cell", "nvsim_sample_54f2"}});
  EXPECT_DOUBLE_EQ(config.node_nm, 28.0);
  EXPECT_EQ(config.stt_cell, "nvsim_sample_54f2");
  EXPECT_EQ(config.data_dir, default_data_dir());
}

TEST(TechnologyConfigParse, UnknownNodeListsTheAllowedNodes) {
  try {
    (void)parse(Json{{"node_nm", 27}, {"stt_cell", "nvsim_sample_54f2"}});
    FAIL() << "27 nm is not a node";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), "technology.node_nm");
    const std::string what = error.what();
    for (const char* node : {"180", "45", "28", "22", "16", "7"}) {
      EXPECT_NE(what.find(node), std::string::npos) << node << " missing from: " << what;
    }
  }
}

TEST(TechnologyConfigParse, UnknownCellListsTheAllowedCells) {
  try {
    (void)parse(Json{{"node_nm", 28}, {"stt_cell", "magic_cell"}});
    FAIL() << "magic_cell is not a cell";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), "technology.stt_cell");
    const std::string what = error.what();
    EXPECT_NE(what.find("nvsim_sample_54f2"), std::string::npos) << what;
    EXPECT_NE(what.find("isscc2018_28nm_75f2"), std::string::npos) << what;
  }
}

TEST(TechnologyConfigParse, UnknownKeyIsRejected) {
  EXPECT_THROW((void)parse(Json{{"node_nm", 28}, {"stt_cell", "nvsim_sample_54f2"}, {"nod_nm", 1}}), ConfigError);
}

TEST(TechnologyConfigParse, RelativeDataDirIsResolvedAgainstTheConfigDir) {
  DataCopy copy;
  const fs::path dir(copy.dir());
  const TechnologyConfig config =
      parse(Json{{"node_nm", 45}, {"stt_cell", "nvsim_sample_54f2"}, {"data_dir", dir.filename().string()}},
            dir.parent_path().string());
  EXPECT_EQ(fs::path(config.data_dir), dir);
  EXPECT_GT(core::build_core_technology(config, core::CoreSizes{}).actions.energy_pj("neuron.mac"), 0.0);
}

}  // namespace
}  // namespace spinaps::tech
