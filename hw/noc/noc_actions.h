#pragma once
// The action names the mesh counts; noc_energy.* gives each its energy per action.
#include <string>
#include <vector>

namespace spinaps::noc {

/// A flit written into an input VC (from a link or the network interface).
inline constexpr const char* kActionBufferWrite = "noc.buffer_write_flit";
/// A flit read from an input VC to drive the crossbar.
inline constexpr const char* kActionBufferRead = "noc.buffer_read_flit";
/// An output VC granted to a head (one per branch).
inline constexpr const char* kActionVcAllocation = "noc.vc_allocation";
/// An output port granted by the switch allocator.
inline constexpr const char* kActionSwitchArbitration = "noc.switch_arbitration";
/// A flit through the crossbar to its first output.
inline constexpr const char* kActionCrossbar = "noc.crossbar_flit";
/// Each further output a replicated (multicast) flit is copied to in the same cycle.
inline constexpr const char* kActionCrossbarFanout = "noc.crossbar_fanout_flit";
/// A flit over one router-to-router link.
inline constexpr const char* kActionLink = "noc.link_flit";
/// A router cycle with at least one flit buffered (an empty router is clock-gated).
inline constexpr const char* kActionRouterActiveCycle = "noc.router_active_cycle";

inline const std::vector<std::string>& noc_action_names() {
  static const std::vector<std::string> kNames = {
      kActionBufferWrite, kActionBufferRead,     kActionVcAllocation, kActionSwitchArbitration,
      kActionCrossbar,    kActionCrossbarFanout, kActionLink,         kActionRouterActiveCycle};
  return kNames;
}

}  // namespace spinaps::noc
