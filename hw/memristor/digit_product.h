#pragma once
// The column signals of one DAC phase, signal = digits x D (positions x depth digits, depth x columns
// matrix), computed from the nonzero digits only and bit-identical to Eigen's `digits * D` (a
// row-major float matrix times a column-major one into a row-major result, as analog_tile.cpp
// computed it before). Most digits are zero (bit-serial inputs of ReLU activations), so skipping
// them saves most of the work; the floats stay the same because the sums keep Eigen's order:
//  * Eigen evaluates the product as the column-major GEMM signal^T = D^T x digits^T: its blocked
//    kernel (gebp) takes output columns as rows (in mc blocks) and positions as columns (in nc
//    blocks), depth in kc blocks (the blocking Eigen computes for the shape, read from Eigen).
//  * Within a kc block each output is accumulated from +0 in one of three orders, set by the
//    output column's place in its mc block and the position's place in its nc block:
//      sequential  k ascending (rows of whole 2-packet panels, and every position past the last
//                  full group of 4 in its nc block);
//      pairs       the 1-packet panel: even k of the block's first (depth & ~7) into one sum, odd k
//                  into another, the two added, then the rest of k ascending;
//      quads       the last rows, one at a time: k mod 4 of the first (depth & ~3) into four sums,
//                  added as (s0 + s1) + (s2 + s3), then the rest ascending.
//    The block sums are added to the result (from +0) in kc-block order.
//  * A zero digit adds a product of +-0 to a sum that is never -0 (every sum starts at +0, and
//    round-to-nearest gives +0 for x + (-x)), so leaving it out changes no bit; a product
//    d x D is the same float whether Eigen or this code forms it (no FMA: see replicates_eigen).
// Shapes Eigen does not give to its blocked GEMM (one position or one column: GEMV; depth +
// positions + columns below EIGEN_GEMM_TO_COEFFBASED_THRESHOLD: the coefficient-wise product), and
// builds whose SIMD this order does not describe (replicates_eigen() false), run Eigen's product
// itself on the dense digits. tests/digit_product_test.cpp checks the equality bit for bit against
// Eigen over many shapes.
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace spinaps::memristor {

/// std::allocator whose value-less construct leaves the element uninitialised, so that resize()
/// does not zero what will be written anyway (bit_serial_digits sizes its row lists for every
/// digit a chunk could have and writes the ones it finds).
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <typename U>
  UninitialisedAllocator(const UninitialisedAllocator<U>& /*other*/) noexcept {}
  template <typename U>
  void construct(U* place) noexcept {
    ::new (static_cast<void*>(place)) U;
  }
  template <typename U, typename... Arguments>
  void construct(U* place, Arguments&&... arguments) {
    ::new (static_cast<void*>(place)) U(std::forward<Arguments>(arguments)...);
  }
};

/// The nonzero digits of one phase: for position n, entries [start[n], start[n + 1]) give the
/// chunk-local rows (ascending) and the digits. `values` is parallel to `rows`, or empty when
/// unit_values (bit_serial_digits: every digit is 1, so none is stored).
struct PhaseDigits {
  std::vector<std::int32_t, UninitialisedAllocator<std::int32_t>> rows;
  std::vector<float> values;
  std::vector<std::size_t> start;  ///< positions + 1 offsets
  bool unit_values = true;         ///< every value is 1 (bit-serial inputs): no multiply needed

  void clear(std::int64_t positions) {
    rows.clear();
    values.clear();
    start.assign(1, 0);
    start.reserve(static_cast<std::size_t>(positions) + 1);
    unit_values = true;
  }
  void push(std::int32_t row, float value) {
    rows.push_back(row);
    values.push_back(value);
    unit_values = unit_values && value == 1.0F;
  }
  void end_position() { start.push_back(rows.size()); }
  [[nodiscard]] std::int64_t positions() const { return static_cast<std::int64_t>(start.size()) - 1; }
  [[nodiscard]] bool empty() const { return rows.empty(); }
  [[nodiscard]] bool position_empty(std::int64_t n) const {
    return start[static_cast<std::size_t>(n)] == start[static_cast<std::size_t>(n) + 1];
  }
  /// Digit t's value (1 when unit_values).
  [[nodiscard]] float value(std::size_t t) const { return values.empty() ? 1.0F : values[t]; }
};

/// The digits of bit-serial inputs (one bit per DAC phase) of `rows` inputs of every position:
/// input k of position n has the code codes[n * stride + k] (< 2^phases, phases <= 16). digits[p]
/// receives, per position, the rows whose code has bit p set, ascending, as unit values (no values
/// stored). When bit_counts is not null, bit_counts[k] += the set bits of input k over every
/// position (its sum of squared digits). Returns the number of set bits (nonzero digits).
std::uint64_t bit_serial_digits(const std::uint32_t* codes, std::int64_t stride, std::int64_t positions,
                                std::int64_t rows, std::uint32_t phases, std::vector<PhaseDigits>& digits,
                                std::uint32_t* bit_counts);

/// Whether this build's Eigen runs the order described above (SSE-width float packets, no FMA, no
/// OpenMP); when not, every product runs through Eigen itself.
bool replicates_eigen();

/// out (positions x columns, row-major) = digits x matrix (depth x columns, row-major), bit-identical
/// to Eigen's product of the dense digits (row-major) and the matrix stored column-major.
void digit_product(const PhaseDigits& digits, const float* matrix, std::int64_t depth, std::int64_t columns,
                   float* out);

}  // namespace spinaps::memristor
