#include "hw/chip/chip_technology.h"

#include <cmath>

#include "hw/noc/noc_energy.h"

namespace spinaps::chip {

ChipTechnology build_chip_technology(const ChipConfig& config, const tech::ArchitectureSizes& core_sizes) {
  ChipTechnology chip;
  chip.model = tech::build_technology_model(config.technology, core_sizes);
  chip.core_area_mm2 = chip.model.total_area_mm2();
  const std::uint32_t cores = config.noc.nodes();
  if (cores == 1) {
    return chip;  // a single core has no router
  }
  const std::string times = " x " + std::to_string(cores) + " cores";
  for (tech::ComponentArea& area : chip.model.areas) {
    area.area_mm2 *= cores;
    area.derivation += times;
  }
  for (tech::ComponentLeakage& leak : chip.model.leakage) {
    leak.leakage_mw *= cores;
    leak.derivation += times;
  }
  const tech::NodeScaling scaling =
      tech::NodeScaling::load(tech::data_file(config.technology.data_dir, "node_scaling.json"));
  noc::NocConfig noc = config.noc;
  tech::ParamLog log;
  const bool pitch_given = config.document.contains("noc") && config.document["noc"].contains("link_length_mm");
  if (!pitch_given) {
    const noc::NocTechnology routers =
        build_noc_technology(noc, config.technology.node_nm, config.technology.data_dir, scaling, log);
    noc.link_length_mm = std::sqrt(chip.core_area_mm2 + routers.router_area_mm2());
  }
  chip.link_length_mm = noc.link_length_mm;
  log = tech::ParamLog{};
  const noc::NocTechnology mesh =
      build_noc_technology(noc, config.technology.node_nm, config.technology.data_dir, scaling, log);
  for (const noc::NocActionEnergy& action : mesh.actions) {
    chip.model.energy_per_action[action.action] = {action.energy_pj, "noc", action.derivation};
  }
  const std::string per_router = " x " + std::to_string(cores) + " routers";
  for (const noc::NocComponentCost& part : mesh.per_router) {
    chip.model.areas.push_back(
        {"router_" + part.component, "noc", part.area_mm2 * cores, part.derivation + per_router});
    chip.model.leakage.push_back(
        {"router_" + part.component, "noc", part.leakage_mw * cores, part.derivation + per_router});
  }
  const std::uint32_t links = noc::directed_links(noc);
  const std::string per_link = " x " + std::to_string(links) + " directed links of " +
                               std::to_string(noc.link_length_mm) + " mm" +
                               (pitch_given ? " (noc.link_length_mm)" : " (tile pitch)");
  chip.model.areas.push_back({"links", "noc", mesh.per_link.area_mm2 * links, mesh.per_link.derivation + per_link});
  chip.model.leakage.push_back({"links", "noc", mesh.per_link.leakage_mw * links, mesh.per_link.derivation + per_link});
  for (const auto& item : log.json().items()) chip.model.parameters_used[item.key()] = item.value();
  return chip;
}

}  // namespace spinaps::chip
