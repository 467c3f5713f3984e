#include "hw/memristor/digit_product.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cstring>

// The kernel described in the header: 4-float packets (SSE), 4 result columns per register block,
// 2-packet row panels (Eigen's 3-packet panels exist only with FMA), no half-packet panels; no FMA
// (a product d x D rounds on its own before the add); the sequential (non-OpenMP) GEMM. Other
// builds run Eigen's product.
#if defined(__SSE2__) && !defined(EIGEN_VECTORIZE_FMA) && !defined(EIGEN_HAS_OPENMP) && !defined(EIGEN_DONT_VECTORIZE)
#define SPINAPS_DIGIT_KERNEL 1
#include <emmintrin.h>
#else
#define SPINAPS_DIGIT_KERNEL 0
#endif
// Where the processor has AVX (checked when the program runs), the sequential sums run 8 floats per
// instruction instead of 4. Each float is still summed on its own, in the same order, with one
// rounded multiply and one rounded add per entry (AVX alone has no FMA), so every bit is the same.
#if SPINAPS_DIGIT_KERNEL && defined(__GNUC__) && !defined(__AVX__)
#define SPINAPS_DIGIT_AVX 1
#include <immintrin.h>
#else
#define SPINAPS_DIGIT_AVX 0
#endif

namespace spinaps::memristor {
namespace {

using Index = Eigen::Index;
using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
#if SPINAPS_DIGIT_KERNEL
using Traits = Eigen::internal::gebp_traits<float, float>;
using HalfTraits = Eigen::internal::gebp_traits<float, float, false, false, Eigen::Architecture::Target,
                                                Eigen::internal::GEBPPacketHalf>;
constexpr int kProgress = static_cast<int>(Traits::LhsProgress);
constexpr bool kReplicated = kProgress == 4 && static_cast<int>(Traits::nr) == 4 &&
                             static_cast<int>(Traits::mr) == 2 * kProgress &&
                             static_cast<int>(HalfTraits::LhsProgress) == kProgress;
#else
constexpr bool kReplicated = false;
#endif

#if SPINAPS_DIGIT_KERNEL
/// How one output of a kc block is summed (see the header).
enum class Order : std::uint8_t { kSequential, kPairs, kQuads };

struct SpecialColumn {
  Index column = 0;
  Order order = Order::kSequential;
};

/// Eigen's blocking and the output columns it does not sum sequentially.
struct Plan {
  Index kc = 0;
  Index nc = 0;
  std::vector<SpecialColumn> special;  ///< pairs and quads columns (for positions in groups of 4)
};

Plan plan_product(Index positions, Index depth, Index columns) {
  // What Eigen's product uses for a row-major result (GeneralMatrixMatrix.h, scaleAndAddTo).
  Eigen::internal::gemm_blocking_space<Eigen::RowMajor, float, float, Eigen::Dynamic, Eigen::Dynamic, Eigen::Dynamic, 1,
                                       false>
      blocking(positions, columns, depth, 1, true);
  Plan plan;
  plan.kc = blocking.kc();
  plan.nc = std::min(positions, blocking.nc());
  const Index mc = std::min(columns, blocking.mc());
  for (Index i2 = 0; i2 < columns; i2 += mc) {
    const Index rows = std::min(i2 + mc, columns) - i2;
    const Index peeled_two = (rows / (2 * kProgress)) * (2 * kProgress);
    const Index peeled_one = peeled_two + ((rows - peeled_two) / kProgress) * kProgress;
    for (Index i = peeled_two; i < peeled_one; ++i) plan.special.push_back({i2 + i, Order::kPairs});
    for (Index i = peeled_one; i < rows; ++i) plan.special.push_back({i2 + i, Order::kQuads});
  }
  return plan;
}

/// out[0, 4 P) = sum over the entries, in order, of value x matrix row (from +0), P packets of 4
/// floats kept in registers; one add (after one multiply) per entry and float, as Eigen's.
template <int P>
void sum_packets(const float* matrix, Index stride, const std::int32_t* rows, const float* values, std::size_t count,
                 bool unit, float* out) {
  __m128 sum[P];
  for (int p = 0; p < P; ++p) sum[p] = _mm_setzero_ps();
  if (unit) {
    for (std::size_t t = 0; t < count; ++t) {
      const float* row = matrix + static_cast<Index>(rows[t]) * stride;
      for (int p = 0; p < P; ++p) sum[p] = _mm_add_ps(sum[p], _mm_loadu_ps(row + 4 * p));
    }
  } else {
    for (std::size_t t = 0; t < count; ++t) {
      const float* row = matrix + static_cast<Index>(rows[t]) * stride;
      const __m128 value = _mm_set1_ps(values[t]);
      for (int p = 0; p < P; ++p) sum[p] = _mm_add_ps(sum[p], _mm_mul_ps(value, _mm_loadu_ps(row + 4 * p)));
    }
  }
  for (int p = 0; p < P; ++p) _mm_storeu_ps(out + 4 * p, sum[p]);
}

/// One column summed sequentially over the entries.
void sum_column(const float* column, Index stride, const std::int32_t* rows, const float* values, std::size_t count,
                bool unit, float* out) {
  float sum = 0.0F;
  for (std::size_t t = 0; t < count; ++t) {
    const float entry = column[static_cast<Index>(rows[t]) * stride];
    sum += unit ? entry : values[t] * entry;
  }
  *out = sum;
}

/// The first `columns` columns of a matrix of row length `stride`, each summed sequentially over
/// the entries.
void sum_all_columns(const float* matrix, Index stride, const std::int32_t* rows, const float* values,
                     std::size_t count, bool unit, float* out, Index columns) {
  Index j = 0;
  for (; j + 32 <= columns; j += 32) sum_packets<8>(matrix + j, stride, rows, values, count, unit, out + j);
  if (j + 16 <= columns) {
    sum_packets<4>(matrix + j, stride, rows, values, count, unit, out + j);
    j += 16;
  }
  if (j + 8 <= columns) {
    sum_packets<2>(matrix + j, stride, rows, values, count, unit, out + j);
    j += 8;
  }
  if (j + 4 <= columns) {
    sum_packets<1>(matrix + j, stride, rows, values, count, unit, out + j);
    j += 4;
  }
  for (; j < columns; ++j) sum_column(matrix + j, stride, rows, values, count, unit, out + j);
}

#if SPINAPS_DIGIT_AVX
/// sum_packets with P packets of 8 floats.
template <int P>
__attribute__((target("avx"))) void sum_wide_packets(const float* matrix, Index stride, const std::int32_t* rows,
                                                     const float* values, std::size_t count, bool unit, float* out) {
  __m256 sum[P];
  for (int p = 0; p < P; ++p) sum[p] = _mm256_setzero_ps();
  if (unit) {
    for (std::size_t t = 0; t < count; ++t) {
      const float* row = matrix + static_cast<Index>(rows[t]) * stride;
      for (int p = 0; p < P; ++p) sum[p] = _mm256_add_ps(sum[p], _mm256_loadu_ps(row + 8 * p));
    }
  } else {
    for (std::size_t t = 0; t < count; ++t) {
      const float* row = matrix + static_cast<Index>(rows[t]) * stride;
      const __m256 value = _mm256_set1_ps(values[t]);
      for (int p = 0; p < P; ++p) sum[p] = _mm256_add_ps(sum[p], _mm256_mul_ps(value, _mm256_loadu_ps(row + 8 * p)));
    }
  }
  for (int p = 0; p < P; ++p) _mm256_storeu_ps(out + 8 * p, sum[p]);
}

/// sum_all_columns 8 floats at a time; the last 7 or fewer columns as sum_all_columns does them.
__attribute__((target("avx"))) void sum_all_columns_wide(const float* matrix, Index columns, const std::int32_t* rows,
                                                         const float* values, std::size_t count, bool unit,
                                                         float* out) {
  Index j = 0;
  for (; j + 64 <= columns; j += 64) sum_wide_packets<8>(matrix + j, columns, rows, values, count, unit, out + j);
  if (j + 32 <= columns) {
    sum_wide_packets<4>(matrix + j, columns, rows, values, count, unit, out + j);
    j += 32;
  }
  if (j + 16 <= columns) {
    sum_wide_packets<2>(matrix + j, columns, rows, values, count, unit, out + j);
    j += 16;
  }
  if (j + 8 <= columns) {
    sum_wide_packets<1>(matrix + j, columns, rows, values, count, unit, out + j);
    j += 8;
  }
  _mm256_zeroupper();  // before the SSE code below
  if (j < columns) sum_all_columns(matrix + j, columns, rows, values, count, unit, out + j, columns - j);
}
#endif

/// Every column of the matrix summed sequentially over the entries, 8 floats at a time where the
/// processor has AVX.
void sum_every_column(const float* matrix, Index columns, const std::int32_t* rows, const float* values,
                      std::size_t count, bool unit, float* out) {
#if SPINAPS_DIGIT_AVX
  static const bool wide = __builtin_cpu_supports("avx");
  if (wide) {
    sum_all_columns_wide(matrix, columns, rows, values, count, unit, out);
    return;
  }
#endif
  sum_all_columns(matrix, columns, rows, values, count, unit, out, columns);
}

/// One column of a kc block (rows relative to `first`, `depth` of them) in the pairs or quads order.
float ordered_sum(Order order, const float* column, Index stride, const std::int32_t* rows, const float* values,
                  std::size_t count, bool unit, Index first, Index depth) {
  const Index lane_of_row = order == Order::kPairs ? 1 : 3;  // k mod lanes = k & lane_of_row
  const Index split = order == Order::kPairs ? (depth & ~Index{7}) : (depth / 4) * 4;
  // The lane sums in one register: each product is added to its lane and +0 to the others. No lane
  // is ever -0 (each starts at +0, and round-to-nearest gives +0 for a sum of zero), so adding +0
  // leaves it as it is: the same floats as adding to the one lane alone, without a chain of stores
  // and reloads through memory.
  alignas(16) static constexpr std::uint32_t kLaneBits[4][4] = {
      {~0U, 0, 0, 0}, {0, ~0U, 0, 0}, {0, 0, ~0U, 0}, {0, 0, 0, ~0U}};
  __m128 lane_sums = _mm_setzero_ps();
  std::size_t t = 0;
  for (; t < count; ++t) {
    const Index k = static_cast<Index>(rows[t]) - first;
    if (k >= split) break;  // rows ascend: the rest are past the split too
    const float entry = column[static_cast<Index>(rows[t]) * stride];
    const float product = unit ? entry : values[t] * entry;
    const __m128 lane = _mm_load_ps(reinterpret_cast<const float*>(kLaneBits[k & lane_of_row]));
    lane_sums = _mm_add_ps(lane_sums, _mm_and_ps(_mm_set1_ps(product), lane));
  }
  float sum[4];
  _mm_storeu_ps(sum, lane_sums);
  float total = order == Order::kPairs ? sum[0] + sum[1] : (sum[0] + sum[1]) + (sum[2] + sum[3]);
  for (; t < count; ++t) {
    const float entry = column[static_cast<Index>(rows[t]) * stride];
    total += unit ? entry : values[t] * entry;
  }
  return total;
}

#endif  // SPINAPS_DIGIT_KERNEL

void eigen_product(const PhaseDigits& digits, const float* matrix, Index depth, Index columns, float* out) {
  const Index positions = digits.positions();
  RowMajorMatrix dense = RowMajorMatrix::Zero(positions, depth);
  for (Index n = 0; n < positions; ++n) {
    for (std::size_t t = digits.start[static_cast<std::size_t>(n)]; t < digits.start[static_cast<std::size_t>(n) + 1];
         ++t) {
      dense(n, digits.rows[t]) = digits.value(t);
    }
  }
  const Eigen::MatrixXf column_major = Eigen::Map<const RowMajorMatrix>(matrix, depth, columns);
  RowMajorMatrix signal;
  signal.noalias() = dense * column_major;
  std::memcpy(out, signal.data(), static_cast<std::size_t>(positions * columns) * sizeof(float));
}

}  // namespace

bool replicates_eigen() { return kReplicated; }

void digit_product(const PhaseDigits& digits, const float* matrix, std::int64_t depth, std::int64_t columns,
                   float* out) {
  const Index positions = digits.positions();
  if (positions == 0 || columns == 0) return;
  // Eigen's own choices for shapes its blocked GEMM does not take (GeneralMatrixMatrix.h, evalTo
  // and scaleAndAddTo).
  const bool blocked_gemm =
      depth > 0 && positions > 1 && columns > 1 && depth + positions + columns >= EIGEN_GEMM_TO_COEFFBASED_THRESHOLD;
  if (!kReplicated || !blocked_gemm) {
    eigen_product(digits, matrix, depth, columns, out);
    return;
  }
#if SPINAPS_DIGIT_KERNEL
  // The same few shapes recur call after call: keep the last plan.
  thread_local Index planned[3] = {-1, -1, -1};
  thread_local Plan plan;
  if (planned[0] != positions || planned[1] != depth || planned[2] != columns) {
    plan = plan_product(positions, depth, columns);
    planned[0] = positions;
    planned[1] = depth;
    planned[2] = columns;
  }
  const bool every_column_special = static_cast<Index>(plan.special.size()) == columns;
  thread_local std::vector<float> block_sum;
  if (plan.kc < depth) block_sum.resize(static_cast<std::size_t>(columns));
  Index local = 0;  // n mod nc, kept without a division
  for (Index n = 0; n < positions; ++n, local = local + 1 == plan.nc ? 0 : local + 1) {
    const Index block_positions = std::min(plan.nc, positions - (n - local));
    const bool grouped = local < (block_positions / 4) * 4;  // in one of Eigen's groups of 4 positions
    float* out_row = out + n * columns;
    const std::int32_t* rows = digits.rows.data();
    std::size_t t = digits.start[static_cast<std::size_t>(n)];
    const std::size_t end = digits.start[static_cast<std::size_t>(n) + 1];
    for (Index k2 = 0; k2 < depth; k2 += plan.kc) {
      const Index block_depth = std::min(k2 + plan.kc, depth) - k2;
      std::size_t block_end = end;  // the last block takes the rest
      if (k2 + block_depth < depth) {
        block_end = t;
        while (block_end < end && rows[block_end] < k2 + block_depth) ++block_end;
      }
      float* sum = k2 == 0 ? out_row : block_sum.data();
      // Unit digits are never read (and not stored by bit_serial_digits).
      const float* values = digits.unit_values ? nullptr : digits.values.data() + t;
      // In a group of 4 positions the special columns are summed in their own order below; when they
      // are all the columns (fewer than a packet), the sequential sums would all be overwritten.
      if (!grouped || !every_column_special) {
        sum_every_column(matrix, columns, rows + t, values, block_end - t, digits.unit_values, sum);
      }
      if (grouped) {
        for (const SpecialColumn& special : plan.special) {
          sum[special.column] = ordered_sum(special.order, matrix + special.column, columns, rows + t, values,
                                            block_end - t, digits.unit_values, k2, block_depth);
        }
      }
      if (k2 != 0) {
        for (Index j = 0; j < columns; ++j) out_row[j] += block_sum[static_cast<std::size_t>(j)];
      }
      t = block_end;
    }
  }
#endif  // SPINAPS_DIGIT_KERNEL
}

}  // namespace spinaps::memristor
