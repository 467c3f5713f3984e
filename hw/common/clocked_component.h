#pragma once
// Components of a clock domain are plain C++ objects. The domain's single scheduler ticks a
// component only on the cycles it reports as busy; a tick on any other cycle must change nothing,
// which is what lets the debug mode (tick every cycle) give identical results.
#include <cstdint>
#include <limits>

namespace spinaps::hw {

using Cycle = std::uint64_t;
constexpr Cycle kNever = std::numeric_limits<Cycle>::max();

class ClockedComponent {
 public:
  ClockedComponent() = default;
  ClockedComponent(const ClockedComponent&) = delete;
  ClockedComponent& operator=(const ClockedComponent&) = delete;
  ClockedComponent(ClockedComponent&&) = delete;
  ClockedComponent& operator=(ClockedComponent&&) = delete;
  virtual ~ClockedComponent() = default;

  /// Does the work due at cycle `now` (no-op if nothing is due).
  virtual void tick(Cycle now) = 0;
  /// The earliest cycle at which a tick may change state, or kNever when waiting for nothing.
  [[nodiscard]] virtual Cycle next_busy_cycle() const = 0;
  /// A component that keeps its next busy cycle in one field (always equal to next_busy_cycle())
  /// may return that field's address: its scheduler then reads it directly on every cycle instead
  /// of making a virtual call. Null (the default): the scheduler calls next_busy_cycle().
  [[nodiscard]] virtual const Cycle* next_busy_field() const { return nullptr; }
};

}  // namespace spinaps::hw
