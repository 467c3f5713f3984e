#include "models/rng/counter_rng.h"

#include <immintrin.h>

namespace spinaps::rng {
namespace {

constexpr std::uint32_t kWordBits = 64;

}  // namespace

namespace detail {

void draws_below_portable(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index,
                          std::uint32_t index_stride, std::uint32_t count, std::uint64_t threshold,
                          std::uint64_t* below) {
  for (std::uint32_t word = 0; word * kWordBits < count; ++word) {
    below[word] = 0;
  }
  for (std::uint32_t k = 0; k < count; ++k) {
    if (draw_u32_after(prefix, step, first_index + k * index_stride) < threshold) {
      below[k / kWordBits] |= std::uint64_t{1} << (k % kWordBits);
    }
  }
}

// The same draws (draw_u32_after itself) compiled for AVX2: the compiler vectorises mix64's 64-bit
// multiplies four lanes at a time (integer arithmetic: the same bits), and the comparisons are made
// eight at a time.
__attribute__((target("avx2"))) void draws_below_avx2(std::uint64_t prefix, std::uint32_t step,
                                                      std::uint32_t first_index, std::uint32_t index_stride,
                                                      std::uint32_t count, std::uint64_t threshold,
                                                      std::uint64_t* below) {
  // Unsigned draw < threshold as a signed comparison of both shifted by 2^31; a threshold of 2^32
  // passes every draw.
  const bool all = threshold > 0xFFFFFFFFULL;
  const __m256i bias = _mm256_set1_epi32(static_cast<int>(0x80000000U));
  const __m256i limit = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(threshold) ^ 0x80000000U));
  alignas(32) std::uint32_t draws[kWordBits];
  for (std::uint32_t word = 0; word * kWordBits < count; ++word) {
    const std::uint32_t first = word * kWordBits;
    const std::uint32_t n = count - first < kWordBits ? count - first : kWordBits;
    for (std::uint32_t k = 0; k < n; ++k) {
      draws[k] = draw_u32_after(prefix, step, first_index + (first + k) * index_stride);
    }
    for (std::uint32_t k = n; k < kWordBits; ++k) draws[k] = 0;  // compared, then masked off
    std::uint64_t bits = 0;
    for (std::uint32_t k = 0; k < kWordBits; k += 8) {
      const __m256i values = _mm256_xor_si256(_mm256_load_si256(reinterpret_cast<const __m256i*>(draws + k)), bias);
      const auto lanes =
          static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(limit, values))));
      bits |= static_cast<std::uint64_t>(lanes) << k;
    }
    if (all) bits = ~std::uint64_t{0};
    below[word] = n == kWordBits ? bits : bits & ((std::uint64_t{1} << n) - 1);
  }
}

}  // namespace detail

void draws_below(std::uint64_t prefix, std::uint32_t step, std::uint32_t first_index, std::uint32_t index_stride,
                 std::uint32_t count, std::uint64_t threshold, std::uint64_t* below) {
  static const bool wide = __builtin_cpu_supports("avx2");
  if (wide) {
    detail::draws_below_avx2(prefix, step, first_index, index_stride, count, threshold, below);
  } else {
    detail::draws_below_portable(prefix, step, first_index, index_stride, count, threshold, below);
  }
}

}  // namespace spinaps::rng
