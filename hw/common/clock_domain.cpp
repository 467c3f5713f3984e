#include "hw/common/clock_domain.h"

#include <algorithm>
#include <cmath>

namespace spinaps::hw {

ClockDomain::ClockDomain(const sc_core::sc_module_name& name, double period_ns, bool idle_skipping,
                         Cycle quantum_cycles)
    : sc_core::sc_module(name),
      period_ns_(period_ns),
      idle_skipping_(idle_skipping),
      quantum_cycles_(std::max<Cycle>(quantum_cycles, 1)) {
  SC_HAS_PROCESS(ClockDomain);
  SC_METHOD(on_wake);  // runs once at initialisation, then whenever wake_event_ fires
  sensitive << wake_event_;
}

void ClockDomain::add(ClockedComponent& component) {
  components_.push_back(Entry{&component, component.next_busy_field()});
}

void ClockDomain::wake() { wake_event_.notify(sc_core::SC_ZERO_TIME); }

Cycle ClockDomain::systemc_cycle() const {
  return static_cast<Cycle>(std::llround(sc_core::sc_time_stamp().to_seconds() * 1e9 / period_ns_));
}

Cycle ClockDomain::earliest_busy_cycle() const {
  Cycle earliest = kNever;
  for (const Entry& entry : components_) {
    earliest = std::min(earliest, entry.next_busy());
  }
  return earliest;
}

void ClockDomain::on_wake() {
  ++statistics_.activations;
  const Cycle systemc_now = systemc_cycle();
  // The first cycle that may still be ticked: after the last tick, and not before SystemC time.
  Cycle floor = std::max(has_ticked_ ? statistics_.last_cycle + 1 : 0, systemc_now);
  const Cycle quantum_end = floor + quantum_cycles_;
  while (true) {
    const Cycle earliest = earliest_busy_cycle();
    if (earliest == kNever) {
      return;  // nothing to do until someone calls wake()
    }
    const Cycle next = idle_skipping_ ? std::max(earliest, floor) : floor;
    if (next >= quantum_end) {
      // Hand control back to SystemC and sleep until the next cycle in simulated time.
      const auto cycles_ahead = static_cast<double>(next - systemc_now);
      wake_event_.notify(sc_core::sc_time(period_ns_ * cycles_ahead, sc_core::SC_NS));
      return;
    }
    for (const Entry& entry : components_) {
      if (!idle_skipping_ || entry.next_busy() <= next) {
        entry.component->tick(next);
      }
    }
    has_ticked_ = true;
    ++statistics_.ticked_cycles;
    statistics_.last_cycle = next;
    floor = next + 1;
  }
}

}  // namespace spinaps::hw
