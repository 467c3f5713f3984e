#pragma once
// Two's-complement fields packed side by side, LSB first, in 64-bit words: how a crossbar row holds
// its weights bit by bit (bit line c is bit c % 64 of word c / 64). The sense amplifiers' decode and
// the MAC lanes that multiply straight from a sensed row both read fields through this one function.
#include <cstdint>

namespace spinaps::hw {

/// Field `index` of `width` bits (at most 32). `kWidth` is the width when known at compile time
/// (0: use `width`), which turns the position arithmetic into shifts.
template <std::uint32_t kWidth>
[[nodiscard]] inline std::int32_t packed_field(const std::uint64_t* words, std::uint32_t index, std::uint32_t width) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if constexpr (kWidth == 8) {
    // Byte `index` of the row in memory order is field `index`: one sign-extending load.
    return static_cast<std::int8_t>(reinterpret_cast<const unsigned char*>(words)[index]);
  }
#endif
  const std::uint32_t bits = kWidth != 0 ? kWidth : width;
  const std::uint32_t position = index * bits;
  const std::uint32_t shift = position & 63U;
  std::uint64_t field = words[position >> 6U] >> shift;
  if (64U % bits != 0 && shift + bits > 64U) field |= words[(position >> 6U) + 1] << (64U - shift);
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1U;
  const std::uint32_t sign_bit = 1U << (bits - 1);
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(field & mask) ^ sign_bit) -
         static_cast<std::int32_t>(sign_bit);
}

}  // namespace spinaps::hw
