#include "hw/noc/noc_config.h"

#include <algorithm>
#include <stdexcept>

namespace spinaps::noc {
namespace {

// One table of ranges serves the JSON parser and the struct check, so they cannot disagree.
constexpr std::uint32_t kMaxMeshSide = 64;
constexpr std::uint32_t kMinFlitBits = 8, kMaxFlitBits = 1024;
constexpr std::uint32_t kMaxBufferDepth = 64;
constexpr std::uint32_t kMaxVirtualChannels = 16;
constexpr std::uint32_t kMaxCycles = 16;
constexpr double kMinLinkMm = 0.01, kMaxLinkMm = 100.0;

void check(bool ok, const std::string& field, const std::string& allowed) {
  if (!ok) {
    throw std::invalid_argument("NocConfig." + field + " is out of range; expected " + allowed);
  }
}

}  // namespace

const config::ChoiceTable<Routing>& routing_choices() {
  static const config::ChoiceTable<Routing> kTable(
      "routing",
      {{"xy", Routing::kXY, "dimension order: all X hops, then all Y hops (deadlock-free)"},
       {"west_first", Routing::kWestFirst, "turn model: west hops first, then adaptive among east, north and south"}});
  return kTable;
}

const config::ChoiceTable<FanOut>& fan_out_choices() {
  static const config::ChoiceTable<FanOut> kTable(
      "fan-out", {{"unicast", FanOut::kUnicast, "the network interface injects one copy per destination"},
                  {"multicast", FanOut::kMulticast, "one copy, replicated inside routers along the XY tree"}});
  return kTable;
}

std::string routing_name(Routing routing) { return routing_choices().name_of(routing); }

std::string fan_out_name(FanOut fan_out) { return fan_out_choices().name_of(fan_out); }

NocConfig parse_noc_config(config::ConfigNode node) {
  NocConfig config;
  config.rows = static_cast<std::uint32_t>(node.integer("mesh_rows", 1, kMaxMeshSide));
  config.cols = static_cast<std::uint32_t>(node.integer("mesh_cols", 1, kMaxMeshSide));
  config.flit_bits = static_cast<std::uint32_t>(node.integer_or("flit_bits", kMinFlitBits, kMaxFlitBits, 64));
  config.buffer_depth_flits = static_cast<std::uint32_t>(node.integer_or("buffer_depth_flits", 1, kMaxBufferDepth, 4));
  config.virtual_channels = static_cast<std::uint32_t>(node.integer_or("virtual_channels", 1, kMaxVirtualChannels, 2));
  config.router_pipeline_cycles =
      static_cast<std::uint32_t>(node.integer_or("router_pipeline_cycles", 1, kMaxCycles, 2));
  config.link_latency_cycles = static_cast<std::uint32_t>(node.integer_or("link_latency_cycles", 1, kMaxCycles, 1));
  config.routing = routing_choices().parse_or(node, "routing", Routing::kXY);
  config.fan_out = fan_out_choices().parse_or(node, "fan_out", FanOut::kMulticast);
  // The head flit carries the whole header, so it cannot be wider than a flit.
  config.header_bits =
      static_cast<std::uint32_t>(node.integer_or("header_bits", 1, config.flit_bits, std::min(32U, config.flit_bits)));
  config.link_length_given = node.has("link_length_mm");
  config.link_length_mm = node.real_or("link_length_mm", kMinLinkMm, kMaxLinkMm, 1.0);
  node.finish();
  return config;
}

void validate_noc_config(const NocConfig& config) {
  const std::string side = "1.." + std::to_string(kMaxMeshSide);
  check(config.rows >= 1 && config.rows <= kMaxMeshSide, "rows", side);
  check(config.cols >= 1 && config.cols <= kMaxMeshSide, "cols", side);
  check(config.flit_bits >= kMinFlitBits && config.flit_bits <= kMaxFlitBits, "flit_bits", "8..1024");
  check(config.buffer_depth_flits >= 1 && config.buffer_depth_flits <= kMaxBufferDepth, "buffer_depth_flits", "1..64");
  check(config.virtual_channels >= 1 && config.virtual_channels <= kMaxVirtualChannels, "virtual_channels", "1..16");
  check(config.router_pipeline_cycles >= 1 && config.router_pipeline_cycles <= kMaxCycles, "router_pipeline_cycles",
        "1..16");
  check(config.link_latency_cycles >= 1 && config.link_latency_cycles <= kMaxCycles, "link_latency_cycles", "1..16");
  check(config.header_bits >= 1 && config.header_bits <= config.flit_bits, "header_bits", "1..flit_bits");
  check(config.link_length_mm >= kMinLinkMm && config.link_length_mm <= kMaxLinkMm, "link_length_mm", "0.01..100");
}

}  // namespace spinaps::noc
