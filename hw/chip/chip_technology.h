#pragma once
// Energy per action, area and leakage of the whole chip: the technology of one core
// (hw/core/core_technology) times the cores of the mesh, plus the mesh's routers and links
// (hw/noc/noc_energy) when there is more than one core. Every core of the mesh is counted, used by
// the mapping or not. The router-to-router link length is noc.link_length_mm when the
// configuration gives it, else the tile pitch sqrt(core area + router area).
#include <nlohmann/json.hpp>

#include "hw/chip/chip_config.h"
#include "hw/core/core_technology.h"
#include "models/energy/action_table.h"

namespace spinaps::chip {

struct ChipTechnology {
  energy::ActionTable actions;        ///< the core's actions, and the NoC's on a multi-core chip
  energy::ComponentTable components;  ///< every core and, on a multi-core chip, every router and link
  stt::MemoryTiming memory;
  double core_area_mm2 = 0.0;   ///< one core
  double link_length_mm = 0.0;  ///< as used (0 for a single core)
  nlohmann::ordered_json parameters_used;
};

ChipTechnology build_chip_technology(const ChipConfig& config, const core::CoreSizes& core_sizes);

}  // namespace spinaps::chip
