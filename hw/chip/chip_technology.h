#pragma once
// Energy per action, area and leakage of the whole chip: the technology model of one core
// (models/energy) times the cores of the mesh, plus the mesh's routers and links (hw/noc/noc_energy)
// when there is more than one core. Every core of the mesh is counted, used by the mapping or not.
// The router-to-router link length is noc.link_length_mm when the configuration gives it, else the
// tile pitch sqrt(core area + router area) (square tiles side by side).
#include "hw/chip/chip_config.h"
#include "models/energy/energy_model.h"

namespace spinaps::chip {

struct ChipTechnology {
  tech::TechnologyModel model;  ///< chip totals; NoC actions and components under category "noc"
  double core_area_mm2 = 0.0;   ///< one core
  double link_length_mm = 0.0;  ///< as used (0 for a single core)
};

ChipTechnology build_chip_technology(const ChipConfig& config, const tech::ArchitectureSizes& core_sizes);

}  // namespace spinaps::chip
