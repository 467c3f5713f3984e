// Technology-node sanity (issue 4 part 6): moving to a smaller CMOS node must lower every CMOS
// energy, leakage and area, leave the MTJ's own read and write energies unchanged, and so lower the
// energy per inference and the area of a whole run (docs/technology.md, "Direction of node
// scaling"). The checker is shown to fail on scaling data that run the wrong way.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "hw/core/core_technology.h"
#include "models/config/config_reader.h"
#include "models/tech/technology.h"

namespace spinaps::tech {
namespace {

namespace fs = std::filesystem;

/// Largest node first, so "smaller node" is "later in the list".
const std::vector<double> kNodesNm = {90.0, 65.0, 45.0, 28.0, 22.0};

/// Set by the MTJ, not the CMOS node (docs/technology.md, "STT cells"): constant across nodes.
const std::vector<std::string> kNodeIndependentActions = {"stt.cell_read_bit"};

core::CoreTechnology model_at(double node_nm, const std::string& memory, const std::string& data_dir) {
  TechnologyConfig config;
  config.node_nm = node_nm;
  config.memory = memory;
  config.data_dir = data_dir;
  return core::build_core_technology(config, core::CoreSizes{});
}

/// Every quantity of the model by name: energy per action, area and leakage per component, totals.
std::map<std::string, double> quantities(const core::CoreTechnology& model) {
  std::map<std::string, double> values;
  for (const auto& [action, energy] : model.actions.all()) values["energy " + action] = energy.energy_pj;
  for (const auto& part : model.components.all()) {
    values["area " + part.component] = part.area_mm2;
    values["leakage " + part.component] = part.leakage_mw;
  }
  values["area total"] = model.components.total_area_mm2();
  values["leakage total"] = model.components.total_leakage_mw();
  return values;
}

/// The quantities that do not move in the documented direction between consecutive nodes: each
/// must fall when the node shrinks, except the node-independent ones (equal) and zero leakages.
std::vector<std::string> direction_violations(const std::string& memory, const std::string& data_dir) {
  std::vector<std::string> violations;
  std::map<std::string, double> previous = quantities(model_at(kNodesNm.front(), memory, data_dir));
  for (std::size_t n = 1; n < kNodesNm.size(); ++n) {
    const std::map<std::string, double> current = quantities(model_at(kNodesNm[n], memory, data_dir));
    for (const auto& [name, value] : current) {
      const double before = previous.at(name);
      const bool fixed = name.rfind("energy ", 0) == 0 &&
                         std::find(kNodeIndependentActions.begin(), kNodeIndependentActions.end(), name.substr(7)) !=
                             kNodeIndependentActions.end() &&
                         memory == "stt";
      const bool ok = fixed ? value == before : (before == 0.0 ? value == 0.0 : value < before);
      if (!ok) {
        violations.push_back(name + ": " + std::to_string(before) + " at " + std::to_string(kNodesNm[n - 1]) +
                             " nm -> " + std::to_string(value) + " at " + std::to_string(kNodesNm[n]) + " nm");
      }
    }
    previous = current;
  }
  return violations;
}

TEST(TechnologyNode, EveryEnergyAreaAndLeakageFallsWithTheNodeForSttRam) {
  for (const auto& violation : direction_violations("stt", default_data_dir())) ADD_FAILURE() << violation;
}

TEST(TechnologyNode, EveryEnergyAreaAndLeakageFallsWithTheNodeForSram) {
  // SRAM cells are CMOS: their read energy falls with the node too (nothing is node-independent).
  for (const auto& violation : direction_violations("sram", default_data_dir())) ADD_FAILURE() << violation;
}

TEST(TechnologyNode, TheCheckFailsWhenTheScalingDataRunTheWrongWay) {
  // A copy of the technology data in which 90 nm carries 65 nm's Stillmaker & Baas entry and vice
  // versa: CMOS values at 90 nm then fall below those at 65 nm, which the check must report.
  const fs::path dir = test::fresh_directory("node_scaling_swapped_" + std::to_string(::getpid()));
  for (const auto& entry : fs::directory_iterator(default_data_dir())) {
    if (entry.path().extension() == ".json") fs::copy_file(entry.path(), dir / entry.path().filename());
  }
  config::Json scaling = config::read_json_file((dir / "node_scaling.json").string());
  std::swap(scaling["nodes"]["90"], scaling["nodes"]["65"]);
  test::write_text(dir / "node_scaling.json", scaling.dump(2));
  const std::vector<std::string> violations = direction_violations("stt", dir.string());
  EXPECT_FALSE(violations.empty());
  bool names_neuron_energy = false, names_area = false;
  for (const auto& violation : violations) {
    names_neuron_energy |= violation.rfind("energy neuron.mac:", 0) == 0;
    names_area |= violation.rfind("area total:", 0) == 0;
  }
  EXPECT_TRUE(names_neuron_energy);
  EXPECT_TRUE(names_area);
  fs::remove_all(dir);
}

TEST(TechnologyNode, WholeRunEnergyAndAreaFallAndEfficiencyRisesWithTheNode) {
  // The same 40 digits simulated cycle by cycle at every node: energy per inference (actions and
  // leakage x time) and chip area must fall, GSOPS/W and GSOPS/W/mm2 rise.
  const fs::path dir = test::fresh_directory("node_sweep_" + std::to_string(::getpid()));
  std::vector<nlohmann::json> reports;
  for (const double node : kNodesNm) {
    const fs::path out = dir / ("node" + std::to_string(static_cast<int>(node)) + ".json");
    const test::Outcome outcome =
        test::run_command(test::kCli + " run configs/spinaps.json --samples 40 -q -p technology.node_nm=" +
                          std::to_string(static_cast<int>(node)) + " --out " + out.string());
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
    reports.push_back(nlohmann::json::parse(test::read_text(out)));
  }
  for (std::size_t n = 1; n < reports.size(); ++n) {
    const auto& larger = reports[n - 1]["metrics"];
    const auto& smaller = reports[n]["metrics"];
    const std::string step = std::to_string(kNodesNm[n - 1]) + " -> " + std::to_string(kNodesNm[n]) + " nm";
    EXPECT_LT(smaller["energy_pj"]["per_inference"].get<double>(), larger["energy_pj"]["per_inference"].get<double>())
        << step;
    EXPECT_LT(smaller["area_mm2"]["total"].get<double>(), larger["area_mm2"]["total"].get<double>()) << step;
    EXPECT_GT(smaller["gsops_per_w"].get<double>(), larger["gsops_per_w"].get<double>()) << step;
    EXPECT_GT(smaller["gsops_per_w_per_mm2"].get<double>(), larger["gsops_per_w_per_mm2"].get<double>()) << step;
    EXPECT_EQ(smaller["sops"], larger["sops"]) << step;  // the node changes costs, never the computation
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spinaps::tech
