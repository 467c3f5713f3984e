#pragma once
// A set of one router's input VCs as a bitmap over VC slots (port << vc_shift | vc, at most
// 8 << 4 = 128 slots): the router's allocators visit only the VCs that take part, in the same
// round-robin order as a scan over every VC would.
#include <array>
#include <cstdint>

namespace spinaps::noc {

class VcSlotSet {
 public:
  void insert(std::uint32_t slot) { words_[slot / 64] |= bit(slot); }
  void erase(std::uint32_t slot) { words_[slot / 64] &= ~bit(slot); }
  /// insert(slot) when `condition`, without a branch.
  void insert_if(std::uint32_t slot, bool condition) {
    words_[slot / 64] |= static_cast<std::uint64_t>(condition) << (slot % 64);
  }
  /// erase(slot) when `condition`, without a branch.
  void erase_if(std::uint32_t slot, bool condition) {
    words_[slot / 64] &= ~(static_cast<std::uint64_t>(condition) << (slot % 64));
  }
  [[nodiscard]] bool empty() const { return (words_[0] | words_[1]) == 0; }
  /// The members not in `other`.
  [[nodiscard]] VcSlotSet minus(const VcSlotSet& other) const {
    VcSlotSet left;
    left.words_ = {words_[0] & ~other.words_[0], words_[1] & ~other.words_[1]};
    return left;
  }
  [[nodiscard]] std::uint64_t word(std::uint32_t index) const { return words_[index]; }
  /// Exactly one member (the common case of a router passing one packet through).
  [[nodiscard]] bool single() const {
    // One branch for the caller instead of one per condition: & rather than &&.
    const std::uint64_t both = words_[0] | words_[1];
    return static_cast<bool>(static_cast<unsigned>(both != 0) & static_cast<unsigned>((both & (both - 1)) == 0) &
                             (static_cast<unsigned>(words_[0] == 0) | static_cast<unsigned>(words_[1] == 0)));
  }
  /// The lowest member; the set must not be empty.
  [[nodiscard]] std::uint32_t lowest() const {
    return words_[0] != 0 ? static_cast<std::uint32_t>(__builtin_ctzll(words_[0]))
                          : 64 + static_cast<std::uint32_t>(__builtin_ctzll(words_[1]));
  }

  /// Calls visit(slot) for each member in ascending order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (std::uint32_t index = 0; index < 2; ++index) {
      for (std::uint64_t left = words_[index]; left != 0; left &= left - 1) {
        visit(index * 64 + static_cast<std::uint32_t>(__builtin_ctzll(left)));
      }
    }
  }
  /// Calls visit(slot) for each member in round-robin order from `first`: ascending from `first`,
  /// then ascending from 0. The set is read before the first visit, so `visit` may change it.
  template <typename Visit>
  void for_each_from(std::uint32_t first, Visit&& visit) const {
    VcSlotSet later;
    later.words_[1] = first < 64 ? words_[1] : words_[1] & (~std::uint64_t{0} << (first - 64));
    later.words_[0] = first < 64 ? words_[0] & (~std::uint64_t{0} << first) : 0;
    const VcSlotSet earlier = minus(later);
    later.for_each(visit);
    earlier.for_each(visit);
  }

 private:
  static std::uint64_t bit(std::uint32_t slot) { return std::uint64_t{1} << (slot % 64); }
  std::array<std::uint64_t, 2> words_{};
};

}  // namespace spinaps::noc
