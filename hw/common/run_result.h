#pragma once
// What every accelerator's simulation hands the report, whatever it models: the energy table, the
// action counts and the component table of the whole chip (energy = price(table, counts, leakage,
// time), models/energy/action_table.h), the simulated time, and named statistics published once at
// the end. Each accelerator's own result holds this core beside what only it has.
#include <nlohmann/json.hpp>
#include <string>

#include "hw/common/clocked_component.h"
#include "models/energy/action_table.h"
#include "models/stats/statistics.h"

namespace spinaps::hw {

struct RunResult {
  energy::ActionTable action_table;   ///< energy of one action of every name the chip counts
  energy::ActionCounts actions;       ///< the whole chip over the run
  energy::ComponentTable components;  ///< every part of the chip: area and leakage
  double period_ns = 1.0;             ///< of the chip's clock
  Cycle simulated_cycles = 0;         ///< the time leakage is charged over (see the report's definitions)
  stats::StatisticSet statistics;     ///< named, with units, published once at the end
  nlohmann::ordered_json parameters_used = nlohmann::ordered_json::object();  ///< every technology number used
  double wall_seconds = 0.0;  ///< host time of the SystemC run (never in a report)

  [[nodiscard]] double simulated_time_ns() const { return static_cast<double>(simulated_cycles) * period_ns; }
  [[nodiscard]] energy::EnergyBreakdown energy() const {
    return energy::price(action_table, actions, components.total_leakage_mw(), simulated_time_ns());
  }
};

}  // namespace spinaps::hw
