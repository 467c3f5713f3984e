#pragma once
// The action names of one SpinAPS core: its controller's own, and every action its subarrays and
// neuron unit count (hw/stt/stt_actions.h, hw/neuron/neuron_actions.h); core_technology.* prices
// each.
#include <string>
#include <vector>

#include "hw/neuron/neuron_actions.h"
#include "hw/stt/stt_actions.h"

namespace spinaps::core {

/// One controller cycle from a step's start to the decision (counter and state register).
inline constexpr const char* kActionActiveCycle = "control.active_cycle";

/// Every action a core counts.
inline const std::vector<std::string>& core_action_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = stt::stt_action_names();
    const auto& neuron = neuron::neuron_action_names();
    names.insert(names.end(), neuron.begin(), neuron.end());
    names.emplace_back(kActionActiveCycle);
    return names;
  }();
  return kNames;
}

}  // namespace spinaps::core
