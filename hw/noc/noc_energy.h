#pragma once
// Energy per action, area and leakage of the mesh, built from models/tech/noc_router.json (DSENT
// coefficients at their reference node) for the configured flit width, VC count, buffer depth and
// link length, and scaled to the configured CMOS node with tech::NodeScaling, as an action table
// and the components of one router and one link (models/energy/action_table.h).
#include <cstdint>
#include <string>
#include <vector>

#include "hw/noc/noc_config.h"
#include "models/energy/action_table.h"
#include "models/tech/technology.h"

namespace spinaps::noc {

struct NocTechnology {
  energy::ActionTable actions;    ///< every name of noc_action_names(), category "noc"
  energy::ComponentTable router;  ///< one router: input buffers, crossbar, switch allocator, clock tree
  energy::ComponentTable link;    ///< one directed router-to-router link (its repeaters)

  [[nodiscard]] double router_area_mm2() const { return router.total_area_mm2(); }
};

/// Directed router-to-router links of the mesh: 2 x (rows x (cols - 1) + cols x (rows - 1)).
std::uint32_t directed_links(const NocConfig& config);

/// Adds every router and every directed link of the mesh to `components` (category "noc"); a
/// single node has neither.
void add_mesh_components(const NocTechnology& technology, const NocConfig& config, energy::ComponentTable& components);

/// Reads "<data_dir>/noc_router.json" (every number recorded in `log`) and scales it to `node_nm`.
/// Throws config::ConfigError naming the file and key on missing or malformed data, or a node
/// `scaling` does not know.
NocTechnology build_noc_technology(const NocConfig& config, double node_nm, const std::string& data_dir,
                                   const tech::NodeScaling& scaling, tech::ParamLog& log);

/// The mesh of a chip whose nodes each take `node_area_mm2` beside their router: the link length
/// is `config.link_length_mm` when the configuration gave it, else the tile pitch sqrt(node area +
/// router area) (square tiles side by side); the length used is written into `config`.
NocTechnology build_mesh_technology(NocConfig& config, double node_area_mm2, double node_nm,
                                    const std::string& data_dir, const tech::NodeScaling& scaling, tech::ParamLog& log);

}  // namespace spinaps::noc
