// bit_serial_digits (digit_product.h): the digits of bit-serial inputs. With SSE2 and codes of at
// most 8 bits, 16 inputs at a time: their codes packed into bytes, all-zero blocks (ReLU zeros)
// skipped, one movemask per phase giving the 16 inputs' bits of that phase, and each byte of a mask
// written out as the rows of its set bits from a table, without a branch per bit (a loop over the
// set bits mispredicts its exit most of the time); elsewhere input by input. Both write the same
// rows in the same order.
#include <algorithm>
#include <array>

#include "hw/memristor/digit_product.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace spinaps::memristor {
namespace {

constexpr std::uint32_t kMaxPhases = 16;

#if defined(__SSE2__)
constexpr std::int64_t kBlock = 16;

/// For every byte value: the positions of its set bits, ascending (the rest zero), and their count.
struct ByteBits {
  std::array<std::array<std::uint8_t, 8>, 256> positions{};
  std::array<std::uint8_t, 256> count{};
  constexpr ByteBits() {
    for (std::size_t value = 0; value < 256; ++value) {
      std::uint8_t found = 0;
      for (std::uint8_t bit = 0; bit < 8; ++bit) {
        if ((value >> bit) & 1U) positions[value][found++] = bit;
      }
      count[value] = found;
    }
  }
};
constexpr ByteBits kByteBits;

/// Writes first + the set bit positions of `byte` (8 entries, of which the first count[byte] are
/// meant; the room is there) and returns the end of the meant ones.
std::int32_t* write_set_bits(std::uint32_t byte, std::int32_t first, std::int32_t* out) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i bits =
      _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(kByteBits.positions[byte].data())), zero);
  const __m128i base = _mm_set1_epi32(first);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_add_epi32(_mm_unpacklo_epi16(bits, zero), base));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 4), _mm_add_epi32(_mm_unpackhi_epi16(bits, zero), base));
  return out + kByteBits.count[byte];
}

/// The 16 codes (< 256) of a block as bytes.
__m128i code_bytes(const std::uint32_t* codes) {
  const auto* source = reinterpret_cast<const __m128i*>(codes);
  const __m128i low = _mm_packs_epi32(_mm_loadu_si128(source), _mm_loadu_si128(source + 1));
  const __m128i high = _mm_packs_epi32(_mm_loadu_si128(source + 2), _mm_loadu_si128(source + 3));
  return _mm_packus_epi16(low, high);
}

/// counts[0, 16) += the set bits of each byte.
void add_bit_counts(__m128i bytes, std::uint32_t* counts) {
  const __m128i zero = _mm_setzero_si128();
  __m128i x = _mm_sub_epi8(bytes, _mm_and_si128(_mm_srli_epi16(bytes, 1), _mm_set1_epi8(0x55)));
  x = _mm_add_epi8(_mm_and_si128(x, _mm_set1_epi8(0x33)), _mm_and_si128(_mm_srli_epi16(x, 2), _mm_set1_epi8(0x33)));
  x = _mm_and_si128(_mm_add_epi8(x, _mm_srli_epi16(x, 4)), _mm_set1_epi8(0x0f));
  const __m128i low = _mm_unpacklo_epi8(x, zero);
  const __m128i high = _mm_unpackhi_epi8(x, zero);
  const __m128i widened[4] = {_mm_unpacklo_epi16(low, zero), _mm_unpackhi_epi16(low, zero),
                              _mm_unpacklo_epi16(high, zero), _mm_unpackhi_epi16(high, zero)};
  auto* target = reinterpret_cast<__m128i*>(counts);
  for (int i = 0; i < 4; ++i) _mm_storeu_si128(target + i, _mm_add_epi32(_mm_loadu_si128(target + i), widened[i]));
}
#endif

}  // namespace

std::uint64_t bit_serial_digits(const std::uint32_t* codes, std::int64_t stride, std::int64_t positions,
                                std::int64_t rows, std::uint32_t phases, std::vector<PhaseDigits>& digits,
                                std::uint32_t* bit_counts) {
  phases = std::min(phases, kMaxPhases);
  digits.resize(phases);
  std::int32_t* cursor[kMaxPhases] = {};
  for (std::uint32_t p = 0; p < phases; ++p) {
    PhaseDigits& phase = digits[p];
    phase.clear(positions);
    // Room for every row of every position, and for write_set_bits' 8 entries past the last.
    phase.rows.resize(static_cast<std::size_t>(positions * rows + 8));
    cursor[p] = phase.rows.data();
  }
#if defined(__SSE2__)
  const bool blocked = phases <= 8;
  // Padded inputs: the last block of a position, and counts of a whole number of blocks.
  std::uint32_t tail[kBlock] = {};
  thread_local std::vector<std::uint32_t> block_counts;  // kept from call to call (no allocation each time)
  block_counts.clear();
  if (blocked && bit_counts != nullptr) block_counts.assign(static_cast<std::size_t>(rows + kBlock), 0);
#endif
  for (std::int64_t n = 0; n < positions; ++n) {
    const std::uint32_t* position_codes = codes + n * stride;
    std::int64_t k = 0;
#if defined(__SSE2__)
    if (blocked) {
      const __m128i zero = _mm_setzero_si128();
      for (; k < rows; k += kBlock) {
        const std::uint32_t* block = position_codes + k;
        if (rows - k < kBlock) {
          std::fill(std::copy(block, position_codes + rows, tail), tail + kBlock, 0U);
          block = tail;
        }
        __m128i bytes = code_bytes(block);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, zero)) == 0xffff) continue;
        if (bit_counts != nullptr) add_bit_counts(bytes, block_counts.data() + k);
        // Bit 7 first: each doubling moves the next lower bit of every byte to its top.
        std::uint32_t masks[8];
        for (int bit = 7; bit >= 0; --bit) {
          masks[bit] = static_cast<std::uint32_t>(_mm_movemask_epi8(bytes));
          bytes = _mm_add_epi8(bytes, bytes);
        }
        for (std::uint32_t p = 0; p < phases; ++p) {
          std::int32_t* out = write_set_bits(masks[p] & 0xffU, static_cast<std::int32_t>(k), cursor[p]);
          cursor[p] = write_set_bits(masks[p] >> 8, static_cast<std::int32_t>(k + 8), out);
        }
      }
    }
#endif
    for (; k < rows; ++k) {
      std::uint32_t code = position_codes[k];
      for (; code != 0; code &= code - 1) {
        const auto p = static_cast<std::size_t>(__builtin_ctz(code));
        *cursor[p]++ = static_cast<std::int32_t>(k);
        if (bit_counts != nullptr) ++bit_counts[k];
      }
    }
    for (std::uint32_t p = 0; p < phases; ++p)
      digits[p].start.push_back(static_cast<std::size_t>(cursor[p] - digits[p].rows.data()));
  }
#if defined(__SSE2__)
  if (!block_counts.empty()) {
    for (std::int64_t k = 0; k < rows; ++k) bit_counts[k] += block_counts[static_cast<std::size_t>(k)];
  }
#endif
  std::uint64_t set_bits = 0;
  for (std::uint32_t p = 0; p < phases; ++p) {
    PhaseDigits& phase = digits[p];
    phase.rows.resize(static_cast<std::size_t>(cursor[p] - phase.rows.data()));
    set_bits += phase.rows.size();
  }
  return set_bits;
}

}  // namespace spinaps::memristor
