#pragma once
// Configuration of the mesh network-on-chip: topology, flit and buffer sizes, router pipeline,
// link latency, routing algorithm and how a packet with several destinations travels. Parsed
// from a "noc" JSON object with ConfigNode (units in the key names, unknown keys rejected).
#include <cstdint>
#include <string>

#include "models/config/choice.h"
#include "models/config/config_reader.h"

namespace spinaps::noc {

enum class Routing {
  kXY,         ///< dimension order: all X hops, then all Y hops
  kWestFirst,  ///< turn model: west hops first, then adaptive among east/north/south
};

/// How one packet addressed to several destinations travels.
enum class FanOut {
  kUnicast,    ///< the network interface injects one copy per destination
  kMulticast,  ///< one copy, replicated inside routers along the XY tree
};

struct NocConfig {
  std::uint32_t rows = 1, cols = 1;          ///< mesh size; node id = row * cols + col
  std::uint32_t flit_bits = 64;              ///< link and buffer width
  std::uint32_t buffer_depth_flits = 4;      ///< flits per virtual channel buffer
  std::uint32_t virtual_channels = 2;        ///< per input port
  std::uint32_t router_pipeline_cycles = 2;  ///< cycles from buffer write to switch traversal
  std::uint32_t link_latency_cycles = 1;     ///< cycles from switch traversal to the next buffer write
  Routing routing = Routing::kXY;
  FanOut fan_out = FanOut::kMulticast;
  std::uint32_t header_bits = 32;  ///< carried by the head flit (route, tag, destination set id)
  double link_length_mm = 1.0;     ///< router-to-router wire length (tile pitch)
  /// The configuration gave link_length_mm; otherwise the chip sets it to its tile pitch.
  bool link_length_given = false;

  [[nodiscard]] std::uint32_t nodes() const { return rows * cols; }
};

/// Parses a "noc" object: "mesh_rows", "mesh_cols" (1..64, required), and optional
/// "flit_bits" (8..1024), "buffer_depth_flits" (1..64), "virtual_channels" (1..16),
/// "router_pipeline_cycles" (1..16), "link_latency_cycles" (1..16), "routing" ("xy" |
/// "west_first"), "fan_out" ("unicast" | "multicast"), "header_bits" (1..flit_bits, default
/// min(32, flit_bits)),
/// "link_length_mm" (0.01..100). Calls node.finish(); errors name the key.
NocConfig parse_noc_config(config::ConfigNode node);

/// Throws std::invalid_argument naming the field when a struct built in code is out of range
/// (the ranges parse_noc_config enforces).
void validate_noc_config(const NocConfig& config);

/// "xy", "west_first": the configuration's noc.routing and `spinaps noc --routing`.
const config::ChoiceTable<Routing>& routing_choices();
/// "unicast", "multicast": noc.fan_out and `spinaps noc --fan-out`.
const config::ChoiceTable<FanOut>& fan_out_choices();

std::string routing_name(Routing routing);
std::string fan_out_name(FanOut fan_out);

}  // namespace spinaps::noc
