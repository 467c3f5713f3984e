#include "hw/memristor/adc_conversion.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// Where the processor has AVX (checked when the program runs) the fused pass converts four signals
// per instruction: the same IEEE operations lane by lane (AVX alone has no FMA), so the same bits.
#if defined(__SSE2__) && defined(__GNUC__) && !defined(__AVX__)
#define SPINAPS_ADC_AVX 1
#include <immintrin.h>
#else
#define SPINAPS_ADC_AVX 0
#endif

namespace spinaps::memristor {
namespace {

#if defined(__SSE2__)
/// Computed as
///   c = clamp(t, low, high), w = trunc(c), code = w + trunc(2 (c - w)),
/// which is exact and equal to clamp(std::round(t), low, high): |c| <= 2^31 fits an int32, c - w is
/// exact and trunc(2 (c - w)) is +-1 exactly when |c - w| >= 1/2. No comparisons or library calls,
/// so SSE2 does two conversions at a time (std::round is a library call without SSE4.1, and the
/// compiler does not vectorise the clamp under -ftrapping-math).
struct PairConverter {
  __m128d low, high, clip_low, clip_high, two;
  PairConverter(double code_low, double code_high)
      : low(_mm_set1_pd(code_low)),
        high(_mm_set1_pd(code_high)),
        clip_low(_mm_set1_pd(code_low - 0.5)),    // round(t) < low   <=>  t <= low - 1/2
        clip_high(_mm_set1_pd(code_high + 0.5)),  // round(t) > high  <=>  t >= high + 1/2
        two(_mm_set1_pd(2.0)) {}

  __m128d operator()(__m128d t, std::uint64_t& clipped) const {
    const int outside = _mm_movemask_pd(_mm_or_pd(_mm_cmpge_pd(t, clip_high), _mm_cmple_pd(t, clip_low)));
    clipped += static_cast<std::uint64_t>((outside & 1) + (outside >> 1));
    const __m128d bounded = _mm_min_pd(_mm_max_pd(t, low), high);
    const __m128d whole = _mm_cvtepi32_pd(_mm_cvttpd_epi32(bounded));
    const __m128d half_step = _mm_cvtepi32_pd(_mm_cvttpd_epi32(_mm_mul_pd(two, _mm_sub_pd(bounded, whole))));
    return _mm_add_pd(whole, half_step);
  }
};

/// Two floats widened to doubles.
__m128d load_two_floats(const float* values) {
  return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(values))));
}
#endif

#if SPINAPS_ADC_AVX
/// Four conversions (signals i .. i + 3) with PairConverter's arithmetic, each code times its
/// slice's weight and its lsb.
__attribute__((target("avx"))) inline __m256d converted_terms(const float* signal, const double* inverse_lsb,
                                                              const double* lsb, std::int64_t i, __m256d slice_weight,
                                                              __m256d low, __m256d high, __m256d clip_low,
                                                              __m256d clip_high, std::uint64_t& clipped) {
  const __m256d two = _mm256_set1_pd(2.0);
  const __m256d t = _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(signal + i)), _mm256_loadu_pd(inverse_lsb + i));
  const int outside =
      _mm256_movemask_pd(_mm256_or_pd(_mm256_cmp_pd(t, clip_high, _CMP_GE_OS), _mm256_cmp_pd(t, clip_low, _CMP_LE_OS)));
  clipped += static_cast<std::uint64_t>((outside & 1) + ((outside >> 1) & 1) + ((outside >> 2) & 1) + (outside >> 3));
  const __m256d bounded = _mm256_min_pd(_mm256_max_pd(t, low), high);
  const __m256d whole = _mm256_cvtepi32_pd(_mm256_cvttpd_epi32(bounded));
  const __m256d half_step = _mm256_cvtepi32_pd(_mm256_cvttpd_epi32(_mm256_mul_pd(two, _mm256_sub_pd(bounded, whole))));
  const __m256d code = _mm256_add_pd(whole, half_step);
  return _mm256_mul_pd(_mm256_mul_pd(code, slice_weight), _mm256_loadu_pd(lsb + i));
}

/// convert_two_slices for outputs [0, 2 floor(outputs / 2)), eight conversions (four outputs) at a
/// time, then four; returns the outputs done.
__attribute__((target("avx"))) std::int64_t convert_two_slices_wide(const float* signal, const double* inverse_lsb,
                                                                    const double* lsb, const double* weight,
                                                                    std::int64_t outputs, double code_low,
                                                                    double code_high, double* sum_row,
                                                                    std::uint64_t& clipped) {
  const __m256d low = _mm256_set1_pd(code_low);
  const __m256d high = _mm256_set1_pd(code_high);
  const __m256d clip_low = _mm256_set1_pd(code_low - 0.5);
  const __m256d clip_high = _mm256_set1_pd(code_high + 0.5);
  const __m256d slice_weight = _mm256_set_pd(weight[1], weight[0], weight[1], weight[0]);
  const __m256d zero = _mm256_setzero_pd();
  std::int64_t m = 0;
  for (; m + 4 <= outputs; m += 4) {
    // Lanes (m s0, m s1, m+1 s0, m+1 s1) and the same for m + 2, regrouped by slice in output order.
    const __m256d first =
        converted_terms(signal, inverse_lsb, lsb, 2 * m, slice_weight, low, high, clip_low, clip_high, clipped);
    const __m256d second =
        converted_terms(signal, inverse_lsb, lsb, 2 * m + 4, slice_weight, low, high, clip_low, clip_high, clipped);
    const __m256d even_outputs = _mm256_permute2f128_pd(first, second, 0x20);  // m, m + 2
    const __m256d odd_outputs = _mm256_permute2f128_pd(first, second, 0x31);   // m + 1, m + 3
    const __m256d column_sum = _mm256_add_pd(_mm256_add_pd(zero, _mm256_unpacklo_pd(even_outputs, odd_outputs)),
                                             _mm256_unpackhi_pd(even_outputs, odd_outputs));
    _mm256_storeu_pd(sum_row + m, _mm256_add_pd(_mm256_loadu_pd(sum_row + m), column_sum));
  }
  for (; m + 2 <= outputs; m += 2) {
    const __m256d terms =
        converted_terms(signal, inverse_lsb, lsb, 2 * m, slice_weight, low, high, clip_low, clip_high, clipped);
    const __m128d first_terms = _mm256_castpd256_pd128(terms);
    const __m128d second_terms = _mm256_extractf128_pd(terms, 1);
    const __m128d column_sum = _mm_add_pd(_mm_add_pd(_mm_setzero_pd(), _mm_unpacklo_pd(first_terms, second_terms)),
                                          _mm_unpackhi_pd(first_terms, second_terms));
    _mm_storeu_pd(sum_row + m, _mm_add_pd(_mm_loadu_pd(sum_row + m), column_sum));
  }
  return m;
}
#endif

/// One conversion, the same arithmetic as PairConverter's.
double convert_one(double t, double low, double high, std::uint64_t& clipped) {
  clipped += static_cast<std::uint64_t>(t >= high + 0.5) + static_cast<std::uint64_t>(t <= low - 0.5);
  const double bounded = std::min(std::max(t, low), high);
  const auto whole = static_cast<double>(static_cast<std::int32_t>(bounded));
  return whole + static_cast<double>(static_cast<std::int32_t>(2.0 * (bounded - whole)));
}

}  // namespace

std::uint64_t convert(double* values, std::size_t count, double low, double high) {
  std::uint64_t clipped = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const PairConverter pair(low, high);
  for (; i + 2 <= count; i += 2) _mm_storeu_pd(values + i, pair(_mm_loadu_pd(values + i), clipped));
#endif
  for (; i < count; ++i) values[i] = convert_one(values[i], low, high, clipped);
  return clipped;
}

std::uint64_t convert_two_slices(const float* signal, const double* inverse_lsb, const double* lsb,
                                 const double* weight, std::int64_t outputs, double low, double high, double* sum_row) {
  std::uint64_t clipped = 0;
  std::int64_t m = 0;
#if SPINAPS_ADC_AVX
  static const bool wide = __builtin_cpu_supports("avx");
  if (wide) m = convert_two_slices_wide(signal, inverse_lsb, lsb, weight, outputs, low, high, sum_row, clipped);
#endif
#if defined(__SSE2__)
  const PairConverter pair(low, high);
  const __m128d slice_weight = _mm_loadu_pd(weight);
  const __m128d zero = _mm_setzero_pd();
  // Two outputs (four conversions) at a time; lanes (m, m + 1) for the column sums.
  for (; m + 2 <= outputs; m += 2) {
    const std::int64_t i = 2 * m;
    const __m128d first = pair(_mm_mul_pd(load_two_floats(signal + i), _mm_loadu_pd(inverse_lsb + i)), clipped);
    const __m128d second =
        pair(_mm_mul_pd(load_two_floats(signal + i + 2), _mm_loadu_pd(inverse_lsb + i + 2)), clipped);
    const __m128d first_terms = _mm_mul_pd(_mm_mul_pd(first, slice_weight), _mm_loadu_pd(lsb + i));
    const __m128d second_terms = _mm_mul_pd(_mm_mul_pd(second, slice_weight), _mm_loadu_pd(lsb + i + 2));
    const __m128d column_sum = _mm_add_pd(_mm_add_pd(zero, _mm_unpacklo_pd(first_terms, second_terms)),
                                          _mm_unpackhi_pd(first_terms, second_terms));
    _mm_storeu_pd(sum_row + m, _mm_add_pd(_mm_loadu_pd(sum_row + m), column_sum));
  }
#endif
  for (; m < outputs; ++m) {
    double column_sum = 0.0;
    for (std::int64_t s = 0; s < 2; ++s) {
      const std::int64_t i = 2 * m + s;
      const double code = convert_one(static_cast<double>(signal[i]) * inverse_lsb[i], low, high, clipped);
      column_sum += code * weight[s] * lsb[i];
    }
    sum_row[m] += column_sum;
  }
  return clipped;
}

}  // namespace spinaps::memristor
