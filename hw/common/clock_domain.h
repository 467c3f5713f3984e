#pragma once
// One scheduler per clock domain: a single SC_METHOD that ticks the components due at the next
// busy cycle and then sleeps until the one after. Components may run ahead of SystemC time by at
// most `quantum_cycles` (temporal decoupling, as tlm_utils::tlm_quantumkeeper does for
// loosely-timed models); with quantum 1 every busy cycle is a SystemC activation. Time is kept
// in integer cycles; idle cycles are skipped, never simulated, unless idle skipping is off (debug).
#include <systemc>
#include <vector>

#include "hw/common/clocked_component.h"

namespace spinaps::hw {

struct SchedulerStatistics {
  std::uint64_t activations = 0;    ///< SC_METHOD activations
  std::uint64_t ticked_cycles = 0;  ///< cycles on which components were ticked
  Cycle last_cycle = 0;             ///< the last cycle ticked
};

class ClockDomain : public sc_core::sc_module {
 public:
  ClockDomain(const sc_core::sc_module_name& name, double period_ns, bool idle_skipping, Cycle quantum_cycles);

  /// Components are ticked in the order they were added.
  void add(ClockedComponent& component);
  /// Wakes the scheduler (e.g. after new work was handed to a component from outside).
  void wake();
  [[nodiscard]] const SchedulerStatistics& statistics() const { return statistics_; }
  [[nodiscard]] double period_ns() const { return period_ns_; }

 private:
  void on_wake();
  [[nodiscard]] Cycle earliest_busy_cycle() const;
  [[nodiscard]] Cycle systemc_cycle() const;

  double period_ns_;
  bool idle_skipping_;
  Cycle quantum_cycles_;
  bool has_ticked_ = false;
  /// The components in tick order, each with its next_busy_field() (null: ask next_busy_cycle()).
  struct Entry {
    ClockedComponent* component;
    const Cycle* next_busy_field;
    [[nodiscard]] Cycle next_busy() const {
      return next_busy_field != nullptr ? *next_busy_field : component->next_busy_cycle();
    }
  };
  std::vector<Entry> components_;
  sc_core::sc_event wake_event_;
  SchedulerStatistics statistics_;
};

}  // namespace spinaps::hw
