// digit_product against Eigen's own product, bit for bit: random shapes on both sides of Eigen's
// GEMV and coefficient-wise thresholds, sparse unit, multi-valued and negative digits, matrix
// entries over many orders of magnitude (so any change in the order of a sum shows), and blocking
// forced small (Eigen's cache sizes set low) so that depth, column and position blocks all split.
#include "hw/memristor/digit_product.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace spinaps::memristor {
namespace {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Shape {
  std::int64_t positions, depth, columns;
};

/// Random sparse digits; unit: every nonzero digit is 1.
PhaseDigits random_digits(const Shape& shape, bool unit, double density, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_int_distribution<int> digit(-7, 7);
  PhaseDigits digits;
  digits.clear(shape.positions);
  for (std::int64_t n = 0; n < shape.positions; ++n) {
    const double row_density = uniform(rng) < 0.1 ? 0.0 : density;  // some positions all zero
    for (std::int64_t k = 0; k < shape.depth; ++k) {
      if (uniform(rng) >= row_density) continue;
      int value = unit ? 1 : digit(rng);
      if (value == 0) value = 3;
      digits.push(static_cast<std::int32_t>(k), static_cast<float>(value));
    }
    digits.end_position();
  }
  return digits;
}

void expect_matches_eigen(const Shape& shape, bool unit, double density, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> exponent(-6.0, 6.0);
  RowMajorMatrix matrix(shape.depth, shape.columns);
  for (Eigen::Index i = 0; i < matrix.size(); ++i) {
    matrix.data()[i] = static_cast<float>(normal(rng) * std::exp2(exponent(rng)));
  }
  const PhaseDigits digits = random_digits(shape, unit, density, rng);
  RowMajorMatrix dense = RowMajorMatrix::Zero(shape.positions, shape.depth);
  for (std::int64_t n = 0; n < shape.positions; ++n) {
    for (std::size_t t = digits.start[static_cast<std::size_t>(n)]; t < digits.start[static_cast<std::size_t>(n) + 1];
         ++t) {
      dense(n, digits.rows[t]) = digits.values[t];
    }
  }
  const Eigen::MatrixXf column_major = matrix;
  RowMajorMatrix expected;
  expected.noalias() = dense * column_major;
  std::vector<float> out(static_cast<std::size_t>(shape.positions * shape.columns), -1.0F);
  digit_product(digits, matrix.data(), shape.depth, shape.columns, out.data());
  const std::string name = std::to_string(shape.positions) + " x " + std::to_string(shape.depth) + " x " +
                           std::to_string(shape.columns) + (unit ? " unit" : " valued") + " seed " +
                           std::to_string(seed);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::memcmp(&out[i], expected.data() + i, sizeof(float)) != 0) {
      ADD_FAILURE() << name << ": element " << i << " is " << out[i] << ", Eigen " << expected.data()[i];
      return;
    }
  }
}

void random_shapes(std::uint64_t seed, std::int64_t largest_depth, std::int64_t largest_columns) {
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 120; ++trial) {
    const Shape shape{1 + static_cast<std::int64_t>(rng() % 70), 1 + static_cast<std::int64_t>(rng() % largest_depth),
                      1 + static_cast<std::int64_t>(rng() % largest_columns)};
    const double density = (rng() % 4 == 0) ? 0.9 : 0.25;
    expect_matches_eigen(shape, trial % 2 == 0, density, seed * 1000 + static_cast<std::uint64_t>(trial));
  }
}

TEST(DigitProduct, MatchesEigenBitForBit) {
  for (const Shape& shape : {Shape{1, 128, 64}, Shape{37, 1, 9}, Shape{5, 3, 4}, Shape{2, 2, 2}, Shape{128, 128, 64},
                             Shape{64, 72, 256}, Shape{31, 128, 131}, Shape{4, 600, 7}, Shape{9, 1300, 40},
                             Shape{200, 100, 4}, Shape{150, 60, 6}}) {  // the last two: position blocks
    expect_matches_eigen(shape, true, 0.3, 1);
    expect_matches_eigen(shape, false, 0.3, 2);
    expect_matches_eigen(shape, true, 1.0, 3);
  }
  random_shapes(7, 300, 300);
}

TEST(DigitProduct, MatchesEigenWithEveryBlockSplit) {
  const std::ptrdiff_t l1 = Eigen::l1CacheSize();
  const std::ptrdiff_t l2 = Eigen::l2CacheSize();
  const std::ptrdiff_t l3 = Eigen::l3CacheSize();
  Eigen::setCpuCacheSizes(2048, 8192, 16384);  // depth, column and position blocks of a few dozen
  random_shapes(8, 400, 400);
  for (const Shape& shape : {Shape{70, 300, 300}, Shape{130, 90, 250}}) {
    expect_matches_eigen(shape, true, 0.3, 4);
    expect_matches_eigen(shape, false, 0.5, 5);
  }
  Eigen::setCpuCacheSizes(l1, l2, l3);
}

/// bit_serial_digits against the digits read off bit by bit: random codes with runs of zeros (ReLU
/// activations), every phase count, depths on both sides of its 16-input blocks, a stride past the
/// depth; and digit_product of its unit digits (no values stored) against Eigen's product.
TEST(BitSerialDigits, MatchesBitByBitReading) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    const auto phases = static_cast<std::uint32_t>(1 + trial % 16);
    const std::int64_t positions = 1 + static_cast<std::int64_t>(rng() % 40);
    const std::int64_t rows = 1 + static_cast<std::int64_t>(rng() % 150);
    const std::int64_t stride = rows + static_cast<std::int64_t>(rng() % 20);
    std::vector<std::uint32_t> codes(static_cast<std::size_t>(positions * stride));
    for (std::uint32_t& code : codes) code = rng() % 3 == 0 ? 0U : static_cast<std::uint32_t>(rng()) >> (32 - phases);
    std::vector<PhaseDigits> digits;
    std::vector<std::uint32_t> counts(static_cast<std::size_t>(rows), 1U);
    const std::uint64_t set_bits =
        bit_serial_digits(codes.data(), stride, positions, rows, phases, digits, counts.data());

    std::uint64_t expected_bits = 0;
    std::vector<std::uint32_t> expected_counts(static_cast<std::size_t>(rows), 1U);
    ASSERT_EQ(digits.size(), phases);
    for (std::uint32_t p = 0; p < phases; ++p) {
      const PhaseDigits& phase = digits[p];
      ASSERT_TRUE(phase.unit_values);
      ASSERT_EQ(phase.positions(), positions);
      for (std::int64_t n = 0; n < positions; ++n) {
        std::vector<std::int32_t> expected;
        for (std::int64_t k = 0; k < rows; ++k) {
          if ((codes[static_cast<std::size_t>(n * stride + k)] >> p) & 1U) {
            expected.push_back(static_cast<std::int32_t>(k));
            ++expected_counts[static_cast<std::size_t>(k)];
          }
        }
        expected_bits += expected.size();
        const std::vector<std::int32_t> got(
            phase.rows.begin() + static_cast<std::ptrdiff_t>(phase.start[static_cast<std::size_t>(n)]),
            phase.rows.begin() + static_cast<std::ptrdiff_t>(phase.start[static_cast<std::size_t>(n) + 1]));
        ASSERT_EQ(got, expected) << "trial " << trial << " phase " << p << " position " << n;
      }
    }
    EXPECT_EQ(set_bits, expected_bits) << "trial " << trial;
    EXPECT_EQ(counts, expected_counts) << "trial " << trial;

    // The unit digits of one phase through digit_product, against Eigen on the dense digits.
    const std::int64_t columns = 1 + static_cast<std::int64_t>(rng() % 70);
    RowMajorMatrix matrix(rows, columns);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (Eigen::Index i = 0; i < matrix.size(); ++i) matrix.data()[i] = static_cast<float>(normal(rng));
    const PhaseDigits& phase = digits[static_cast<std::size_t>(trial) % phases];
    RowMajorMatrix dense = RowMajorMatrix::Zero(positions, rows);
    for (std::int64_t n = 0; n < positions; ++n) {
      for (std::size_t t = phase.start[static_cast<std::size_t>(n)]; t < phase.start[static_cast<std::size_t>(n) + 1];
           ++t) {
        dense(n, phase.rows[t]) = 1.0F;
      }
    }
    const Eigen::MatrixXf column_major = matrix;
    RowMajorMatrix expected;
    expected.noalias() = dense * column_major;
    std::vector<float> out(static_cast<std::size_t>(positions * columns), -1.0F);
    digit_product(phase, matrix.data(), rows, columns, out.data());
    ASSERT_EQ(std::memcmp(out.data(), expected.data(), out.size() * sizeof(float)), 0) << "trial " << trial;
  }
}

}  // namespace
}  // namespace spinaps::memristor
