#pragma once
// Energy per action, area and leakage of the mesh, built from models/tech/noc_router.json (DSENT
// coefficients at their reference node) for the configured flit width, VC count, buffer depth and
// link length, and scaled to the configured CMOS node with tech::NodeScaling. The lead merges the
// result into tech::TechnologyModel; the structs here are plain so that nothing else depends on it.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/noc/noc_config.h"
#include "models/tech/technology.h"

namespace spinaps::noc {

/// The energy of ONE action of noc_actions.h.
struct NocActionEnergy {
  std::string action;
  double energy_pj = 0.0;
  std::string derivation;
};

struct NocComponentCost {
  std::string component;
  double area_mm2 = 0.0;
  double leakage_mw = 0.0;
  std::string derivation;
};

struct NocTechnology {
  std::vector<NocActionEnergy> actions;      ///< one entry per name of noc_action_names(), in that order
  std::vector<NocComponentCost> per_router;  ///< input buffers, crossbar, switch allocator, clock tree
  NocComponentCost per_link;                 ///< one directed router-to-router link (its repeaters)

  /// Throws std::out_of_range naming the action.
  [[nodiscard]] double energy_pj(const std::string& action) const;
  [[nodiscard]] double router_area_mm2() const;
  [[nodiscard]] double router_leakage_mw() const;
  /// Every router and every directed link of the mesh.
  [[nodiscard]] double mesh_area_mm2(const NocConfig& config) const;
  [[nodiscard]] double mesh_leakage_mw(const NocConfig& config) const;
};

/// Directed router-to-router links of the mesh: 2 x (rows x (cols - 1) + cols x (rows - 1)).
std::uint32_t directed_links(const NocConfig& config);

/// Reads "<data_dir>/noc_router.json" (every number recorded in `log`) and scales it to `node_nm`.
/// Throws config::ConfigError naming the file and key on missing or malformed data, or a node
/// `scaling` does not know.
NocTechnology build_noc_technology(const NocConfig& config, double node_nm, const std::string& data_dir,
                                   const tech::NodeScaling& scaling, tech::ParamLog& log);

}  // namespace spinaps::noc
