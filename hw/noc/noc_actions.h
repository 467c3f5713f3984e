#pragma once
// The action names the mesh counts; noc_energy.* gives each its energy per action.
#include <string>
#include <vector>

namespace spinaps::noc {

inline constexpr const char* kActionBufferWrite = "noc.buffer_write_flit";      ///< a flit written into an input VC
inline constexpr const char* kActionBufferRead = "noc.buffer_read_flit";        ///< a flit read to drive the crossbar
inline constexpr const char* kActionVcAllocation = "noc.vc_allocation";         ///< an output VC granted to a head
inline constexpr const char* kActionSwitchArbitration = "noc.switch_arbitration";  ///< an output port granted
inline constexpr const char* kActionCrossbar = "noc.crossbar_flit";             ///< a flit through the crossbar
inline constexpr const char* kActionCrossbarFanout = "noc.crossbar_fanout_flit";  ///< each extra output of a replication
inline constexpr const char* kActionLink = "noc.link_flit";                     ///< a flit over one router-to-router link
inline constexpr const char* kActionRouterActiveCycle = "noc.router_active_cycle";  ///< a router cycle with a flit held

inline const std::vector<std::string>& noc_action_names() {
  static const std::vector<std::string> kNames = {
      kActionBufferWrite, kActionBufferRead, kActionVcAllocation, kActionSwitchArbitration,
      kActionCrossbar,    kActionCrossbarFanout, kActionLink,     kActionRouterActiveCycle};
  return kNames;
}

}  // namespace spinaps::noc
