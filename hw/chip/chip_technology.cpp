#include "hw/chip/chip_technology.h"

#include "hw/noc/noc_energy.h"

namespace spinaps::chip {

ChipTechnology build_chip_technology(const ChipConfig& config, const core::CoreSizes& core_sizes) {
  const core::CoreTechnology core = core::build_core_technology(config.technology, core_sizes);
  ChipTechnology chip;
  chip.actions = core.actions;
  chip.memory = core.memory;
  chip.parameters_used = core.parameters_used;
  chip.core_area_mm2 = core.components.total_area_mm2();
  const std::uint32_t cores = config.noc.nodes();
  if (cores == 1) {
    chip.components = core.components;  // a single core has no router
    return chip;
  }
  chip.components.add_instances(core.components, cores, "cores");
  const tech::NodeScaling scaling =
      tech::NodeScaling::load(tech::data_file(config.technology.data_dir, "node_scaling.json"));
  noc::NocConfig noc = config.noc;
  tech::ParamLog log;
  const noc::NocTechnology mesh = noc::build_mesh_technology(noc, chip.core_area_mm2, config.technology.node_nm,
                                                             config.technology.data_dir, scaling, log);
  chip.link_length_mm = noc.link_length_mm;
  chip.actions.merge(mesh.actions);
  noc::add_mesh_components(mesh, noc, chip.components);
  for (const auto& item : log.json().items()) chip.parameters_used[item.key()] = item.value();
  return chip;
}

}  // namespace spinaps::chip
