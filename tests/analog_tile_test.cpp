// The numerics of weight matrices on analog crossbar tiles: agreement with an independently
// computed integer product (ideal devices, sliced devices, signed and multi-bit inputs), the ADC
// resolution and clipping, programming variability and read noise with their seeds, the action
// counts on a hand-checked case, and argument validation.
#include "hw/memristor/analog_tile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/analog_tile_fixtures.h"

namespace spinaps::memristor {
namespace {

using namespace fixtures;  // NOLINT(google-build-using-namespace): the shared test fixtures

TEST(AnalogTile, IdealDevicesMatchTheIntegerProduct) {
  const std::int64_t k = 100;  // 4 row chunks of 32 (the last one 4 rows)
  const std::int64_t m = 21;   // 3 column chunks of 8 (the last one 5)
  const std::int64_t positions = 7;
  const double w_max = 0.8;
  const double input_scale = 0.01;
  const std::vector<float> w = random_weights(k * m, w_max, 1);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 2);
  // Analog device with 8-bit weights, and a 2^16-level device with 16-bit weights (one slice each).
  for (const auto& [levels, weight_bits] : {std::pair<std::uint32_t, std::uint32_t>{0, 8}, {65536, 16}}) {
    SCOPED_TRACE("levels " + std::to_string(levels) + ", weight_bits " + std::to_string(weight_bits));
    std::mt19937_64 program_rng(3);
    const CrossbarMatrix matrix(DeviceModel(test_device(levels)), test_geometry(32, 16, weight_bits, 24), w.data(), k,
                                m, w_max, program_rng);
    EXPECT_EQ(matrix.slices(), 1u);
    EXPECT_EQ(matrix.logical_columns_per_tile(), 8);
    EXPECT_EQ(matrix.row_chunks(), 4);
    EXPECT_EQ(matrix.column_chunks(), 3);
    EXPECT_EQ(matrix.tiles(), 12);
    const double q_max = std::pow(2.0, weight_bits - 1) - 1.0;
    const std::vector<std::int64_t> reference = integer_product(w, x, positions, k, m, w_max, weight_bits);
    const MultiplyResult result = run(matrix, x, positions, false, input_scale);
    EXPECT_LT(relative_error(result.outputs, reference, w_max / q_max * input_scale), 1e-5);
    EXPECT_EQ(result.tally.adc_clipped, 0u);
    // The weights read back are the quantised ones.
    const std::vector<float> effective = matrix.effective_weights();
    for (std::int64_t i = 0; i < k * m; ++i) {
      const double q = std::round(static_cast<double>(w[i]) / w_max * q_max);
      ASSERT_NEAR(effective[i], q * w_max / q_max, 1e-6 * w_max) << "weight " << i;
    }
  }
}

TEST(AnalogTile, SlicedQuantisedDevicesMatchTheIntegerProductExactly) {
  const std::int64_t k = 70;  // 3 row chunks of 32
  const std::int64_t m = 13;  // 40 bit lines / (2 x 4 slices) = 5 logical columns: 3 column chunks
  const std::int64_t positions = 5;
  const double w_max = 1.5;
  const std::vector<float> w = random_weights(k * m, w_max, 11);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 12);
  std::mt19937_64 program_rng(13);
  const CrossbarMatrix matrix(DeviceModel(test_device(4)), test_geometry(32, 40, 8, 24), w.data(), k, m, w_max,
                              program_rng);
  ASSERT_EQ(matrix.slices(), 4u);
  ASSERT_EQ(matrix.logical_columns_per_tile(), 5);
  ASSERT_EQ(matrix.tiles(), 9);
  const double scale = w_max / 127.0;  // input_scale 1: outputs in weight x code units
  const std::vector<std::int64_t> reference = integer_product(w, x, positions, k, m, w_max, 8);
  const MultiplyResult result = run(matrix, x, positions, false, 1.0);
  double worst = 0.0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double integer = result.outputs[i] / scale;
    worst = std::max(worst, std::abs(integer - static_cast<double>(reference[i])));
    EXPECT_EQ(std::llround(integer), reference[i]) << "output " << i;
  }
  // The 24-bit ADC's rounding leaves ~0.05 rms (weight x code units) after shift-and-add.
  EXPECT_LT(worst, 0.3);
  // A wrong slice significance or slice order would be far off: check one weight of each sign.
  const std::vector<float> effective = matrix.effective_weights();
  for (std::int64_t i = 0; i < k * m; ++i) {
    ASSERT_NEAR(effective[i] / scale, std::round(w[i] / scale), 1e-4) << "weight " << i;
  }
}

TEST(AnalogTile, SignedInputsAndMultiBitDacsMatchBitSerial) {
  const std::int64_t k = 45;
  const std::int64_t m = 9;
  const std::int64_t positions = 6;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 21);
  for (const bool is_signed : {true, false}) {
    SCOPED_TRACE(is_signed ? "signed" : "unsigned");
    std::vector<std::int32_t> x = random_codes(positions * k, 8, is_signed, 22);
    if (is_signed) {
      x[0] = -128;  // the extremes of the two's-complement range
      x[1] = 127;
      x[2] = -1;
    }
    const std::vector<std::int64_t> reference = integer_product(w, x, positions, k, m, w_max, 8);
    const double scale = w_max / 127.0 * 0.5;
    std::vector<float> bit_serial;
    for (const std::uint32_t dac_bits : {1u, 2u, 3u, 4u, 8u}) {
      SCOPED_TRACE("dac_bits " + std::to_string(dac_bits));
      TileGeometry g = test_geometry(16, 32, 8, 32);  // fine enough for every DAC width to agree
      g.dac_bits = dac_bits;
      std::mt19937_64 program_rng(23);
      const CrossbarMatrix matrix(DeviceModel(test_device(16)), g, w.data(), k, m, w_max, program_rng);
      ASSERT_EQ(matrix.phases(), (8 + dac_bits - 1) / dac_bits);
      const MultiplyResult result = run(matrix, x, positions, is_signed, 0.5);
      for (std::size_t i = 0; i < reference.size(); ++i) {
        ASSERT_EQ(std::llround(result.outputs[i] / scale), reference[i]) << "output " << i;
      }
      if (dac_bits == 1) {
        bit_serial = result.outputs;
      } else {
        for (std::size_t i = 0; i < reference.size(); ++i) {
          ASSERT_NEAR(result.outputs[i], bit_serial[i], 2e-3 * scale + 1e-6 * std::abs(bit_serial[i]))
              << "output " << i;
        }
      }
    }
  }
}

TEST(AnalogTile, FewerAdcBitsIncreaseTheErrorAndSmallFullScaleClips) {
  const std::int64_t k = 128;
  const std::int64_t m = 24;
  const std::int64_t positions = 16;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 31);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 32);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  double previous = 1e300;
  for (const std::uint32_t adc_bits : {4u, 6u, 8u, 10u, 12u}) {
    TileGeometry g = test_geometry(64, 64, 8, adc_bits);
    g.adc_full_scale_fraction = 0.25;
    std::mt19937_64 program_rng(33);
    const CrossbarMatrix matrix(DeviceModel(test_device(0)), g, w.data(), k, m, w_max, program_rng);
    const double error = rms_error(run(matrix, x, positions, false, 1.0).outputs, reference);
    EXPECT_LT(error, previous) << adc_bits << " ADC bits";
    previous = error;
  }
  // Positive weights and full inputs drive every column to the top of its range.
  const std::vector<float> positive(static_cast<std::size_t>(k * m), 0.9F);
  const std::vector<std::int32_t> full(static_cast<std::size_t>(positions * k), 255);
  for (const double fraction : {1.0, 0.05}) {
    TileGeometry g = test_geometry(64, 64, 8, 8);
    g.adc_full_scale_fraction = fraction;
    std::mt19937_64 program_rng(34);
    const CrossbarMatrix matrix(DeviceModel(test_device(0)), g, positive.data(), k, m, w_max, program_rng);
    const MultiplyResult result = run(matrix, full, positions, false, 1.0);
    if (fraction == 1.0) {
      EXPECT_EQ(result.tally.adc_clipped, 0u);
    } else {
      EXPECT_EQ(result.tally.adc_clipped, result.tally.adc_conversions);  // every conversion saturates
      EXPECT_LT(result.outputs[0], 0.5 * 0.9 * 255 * k);                  // and the output falls short
    }
  }
}

TEST(AnalogTile, ProgrammingVariabilityGrowsTheErrorAndFollowsTheSeed) {
  const std::int64_t k = 96;
  const std::int64_t m = 16;
  const std::int64_t positions = 8;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 41);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 42);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  const TileGeometry g = test_geometry(32, 32, 8, 12);
  double previous = -1.0;
  for (const double sigma : {0.0, 0.25, 0.5, 1.0, 2.0}) {
    double error = 0.0;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      std::mt19937_64 program_rng(seed);
      const CrossbarMatrix matrix(DeviceModel(test_device(0, sigma)), g, w.data(), k, m, w_max, program_rng);
      error += rms_error(run(matrix, x, positions, false, 1.0).outputs, reference) / 3.0;
    }
    EXPECT_GT(error, previous) << "sigma " << sigma << " uS";
    previous = error;
  }
  const DeviceModel noisy(test_device(8, 1.0));
  auto outputs_for_seed = [&](std::uint64_t seed) {
    std::mt19937_64 program_rng(seed);
    const CrossbarMatrix matrix(noisy, g, w.data(), k, m, w_max, program_rng);
    return run(matrix, x, positions, false, 1.0).outputs;
  };
  const std::vector<float> first = outputs_for_seed(5);
  const std::vector<float> again = outputs_for_seed(5);
  const std::vector<float> other = outputs_for_seed(6);
  ASSERT_EQ(first.size(), again.size());
  EXPECT_EQ(std::memcmp(first.data(), again.data(), first.size() * sizeof(float)), 0);
  EXPECT_NE(std::memcmp(first.data(), other.data(), first.size() * sizeof(float)), 0);
}

TEST(AnalogTile, ReadNoiseFollowsTheReadGeneratorAndAddsError) {
  const std::int64_t k = 64;
  const std::int64_t m = 10;
  const std::int64_t positions = 4;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 51);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, true, 52);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  const TileGeometry g = test_geometry(32, 64, 8, 14);
  std::mt19937_64 program_rng(53);
  const CrossbarMatrix matrix(DeviceModel(test_device(16, 0.0, 0.05)), g, w.data(), k, m, w_max, program_rng);
  const MultiplyResult first = run(matrix, x, positions, true, 1.0, 7);
  const MultiplyResult again = run(matrix, x, positions, true, 1.0, 7);
  const MultiplyResult other = run(matrix, x, positions, true, 1.0, 8);
  EXPECT_EQ(std::memcmp(first.outputs.data(), again.outputs.data(), first.outputs.size() * sizeof(float)), 0);
  EXPECT_TRUE(first.tally == again.tally);
  EXPECT_NE(std::memcmp(first.outputs.data(), other.outputs.data(), first.outputs.size() * sizeof(float)), 0);
  std::mt19937_64 quiet_rng(53);
  const CrossbarMatrix quiet(DeviceModel(test_device(16)), g, w.data(), k, m, w_max, quiet_rng);
  const double quiet_error = rms_error(run(quiet, x, positions, true, 1.0).outputs, reference);
  EXPECT_GT(rms_error(first.outputs, reference), 3.0 * quiet_error + 1e-6);
}

TEST(AnalogTile, DriftScalesTheStoredWeights) {
  DeviceParameters p = test_device(0);
  p.g_min_us = 0.0;
  p.drift_nu = 0.05;
  p.drift_t0_s = 20.0;
  TileGeometry g = test_geometry(8, 8, 8, 12);
  g.read_time_s = 20.0 * 1000.0;
  const std::vector<float> w = random_weights(std::int64_t{12} * 5, 1.0, 61);
  std::mt19937_64 program_rng(62);
  const CrossbarMatrix matrix(DeviceModel(p), g, w.data(), 12, 5, 1.0, program_rng);
  const double factor = std::pow(1000.0, -0.05);
  const std::vector<float> effective = matrix.effective_weights();
  for (std::size_t i = 0; i < w.size(); ++i) {
    ASSERT_NEAR(effective[i], std::round(w[i] * 127.0) / 127.0 * factor, 1e-6) << "weight " << i;
  }
}

// A 3-bit ADC by hand: 4-level devices, Gmin 1 uS, Gmax 4 uS (one weight unit = 1 uS), 2-bit
// weights (Qmax 1, one slice), 1-bit inputs, 4 rows: full scale = fraction x 4 x 1 x 3 uS, codes
// -4..3. Column 0 holds +1 everywhere, column 1 holds -1; position n drives n word lines, so the
// column signals are a = +-n units.
TEST(AnalogTile, AdcRoundsToTheNearestCodeAndSaturatesAsymmetrically) {
  DeviceParameters p = test_device(4);
  p.g_min_us = 1.0;
  p.g_max_us = 4.0;
  TileGeometry g = test_geometry(4, 4, 2, 3);
  g.input_bits = 1;
  const std::vector<float> w = {1, -1, 1, -1, 1, -1, 1, -1};
  std::vector<std::int32_t> x;
  for (int n = 0; n <= 4; ++n) {
    for (int k = 0; k < 4; ++k) x.push_back(k < n ? 1 : 0);
  }
  struct Case {
    double fraction;
    std::vector<float> expected;  // positions x 2
    std::uint64_t clipped;
  };
  const std::vector<Case> cases = {
      // lsb 3 units: round(n / 3) x 3
      {1.0, {0, 0, 0, 0, 3, -3, 3, -3, 3, -3}, 0},
      // lsb 0.75: +n -> round(4n / 3) up to code 3 (n = 3, 4 clip); -n down to code -4 (n = 4 clips)
      {0.25, {0, 0, 0.75, -0.75, 2.25, -2.25, 2.25, -3, 2.25, -3}, 3},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("fraction " + std::to_string(c.fraction));
    g.adc_full_scale_fraction = c.fraction;
    std::mt19937_64 program_rng(1);
    const CrossbarMatrix matrix(DeviceModel(p), g, w.data(), 4, 2, 1.0, program_rng);
    ASSERT_EQ(matrix.slices(), 1u);
    const MultiplyResult result = run(matrix, x, 5, false, 1.0);
    for (std::size_t i = 0; i < c.expected.size(); ++i) {
      EXPECT_FLOAT_EQ(result.outputs[i], c.expected[i]) << "output " << i;
    }
    EXPECT_EQ(result.tally.adc_clipped, c.clipped);
  }
  // Exact ties round half away from zero: 3 levels (Gmax 3 uS, two weight units) give a full scale
  // of 4 x 2 = 8 units and lsb 2 units, so a = +-1 and +-3 sit exactly on half codes.
  p.g_max_us = 3.0;
  p.levels = 3;
  g.adc_full_scale_fraction = 1.0;
  std::mt19937_64 program_rng(1);
  const CrossbarMatrix ties(DeviceModel(p), g, w.data(), 4, 2, 1.0, program_rng);
  const MultiplyResult result = run(ties, x, 5, false, 1.0);
  const std::vector<float> expected = {0, 0, 2, -2, 2, -2, 4, -4, 4, -4};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(result.outputs[i], expected[i]) << "output " << i;
}

// The whole conversion chain re-derived from the documented formulae, with a coarse ADC that clips:
// signed inputs with an uneven top phase (8 bits in 3-bit phases: the top phase has 2 bits),
// 3 slices of 4-level devices, ideal devices so every column signal is an integer.
TEST(AnalogTile, CoarseAdcMatchesTheDocumentedFormulae) {
  DeviceParameters p = test_device(4);
  p.g_min_us = 2.0;
  p.g_max_us = 8.0;  // step 2 uS = one weight unit
  TileGeometry g = test_geometry(16, 12, 6, 6);
  g.dac_bits = 3;
  g.adc_full_scale_fraction = 0.3;
  const std::int64_t k = 37;  // row chunks of 16, 16, 5
  const std::int64_t m = 7;   // 12 / (2 x 3) = 2 logical columns per tile: 4 column chunks
  const std::int64_t positions = 5;
  const double w_max = 0.5;
  const double input_scale = 0.25;
  const std::vector<float> w = random_weights(k * m, w_max, 91);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, true, 92);
  std::mt19937_64 program_rng(93);
  const CrossbarMatrix matrix(DeviceModel(p), g, w.data(), k, m, w_max, program_rng);
  ASSERT_EQ(matrix.slices(), 3u);
  ASSERT_EQ(matrix.phases(), 3u);
  ASSERT_EQ(matrix.column_chunks(), 4);
  const MultiplyResult result = run(matrix, x, positions, true, input_scale);

  const double q_max = 31.0;
  std::vector<double> expected(static_cast<std::size_t>(positions * m), 0.0);
  std::uint64_t clipped = 0;
  for (std::int64_t n = 0; n < positions; ++n) {
    for (std::int64_t j = 0; j < m; ++j) {
      double total = 0.0;
      for (std::int64_t first = 0; first < k; first += 16) {
        const std::int64_t rows = std::min<std::int64_t>(16, k - first);
        const double lsb = 0.3 * static_cast<double>(rows) * 7.0 * 3.0 / 32.0;  // weight units
        double partial = 0.0;
        for (int phase = 0; phase < 3; ++phase) {
          for (int s = 0; s < 3; ++s) {
            std::int64_t a = 0;
            for (std::int64_t i = first; i < first + rows; ++i) {
              const auto q = static_cast<std::int64_t>(std::round(std::clamp(w[i * m + j] / w_max, -1.0, 1.0) * q_max));
              const std::int64_t slice_digit = (std::abs(q) >> (2 * s)) & 3;  // base 4
              const std::uint32_t u = static_cast<std::uint32_t>(x[n * k + i]) & 0xFF;
              std::int64_t d = (u >> (3 * phase)) & 7;
              if (phase == 2) d = 4 * ((d >> 1) & 1) - d;  // minus the 2-bit two's-complement value
              a += d * (q < 0 ? -slice_digit : slice_digit);
            }
            double code = std::round(static_cast<double>(a) / lsb);
            if (code > 31 || code < -32) ++clipped;
            code = std::clamp(code, -32.0, 31.0);
            const double significance = std::pow(8.0, phase) * (phase == 2 ? -1.0 : 1.0) * std::pow(4.0, s);
            partial += code * significance;
          }
        }
        total += partial * lsb;
      }
      expected[n * m + j] = total * w_max / q_max * input_scale;
    }
  }
  EXPECT_GT(clipped, 0u);
  EXPECT_EQ(result.tally.adc_clipped, clipped);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(result.outputs[i], expected[i], 1e-5 * std::abs(expected[i]) + 1e-6) << "output " << i;
  }
}

// The devices are programmed from the caller's generator in the documented order: row chunk,
// column chunk, row, logical column, slice, G+ then G- (replayed here with the device model).
TEST(AnalogTile, ProgrammingFollowsTheDocumentedOrder) {
  DeviceParameters p = test_device(4, 0.7);
  p.stuck_at_gmin_rate = 0.05;
  p.stuck_at_gmax_rate = 0.05;
  const DeviceModel device(p);
  TileGeometry g = test_geometry(3, 8, 4, 12);  // S = 2 slices, 2 logical columns per tile
  const std::int64_t k = 5;                     // row chunks of 3 and 2
  const std::int64_t m = 3;                     // column chunks of 2 and 1
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 81);
  std::mt19937_64 program_rng(82);
  const CrossbarMatrix matrix(device, g, w.data(), k, m, w_max, program_rng);
  ASSERT_EQ(matrix.slices(), 2u);
  ASSERT_EQ(matrix.tiles(), 4);

  std::vector<double> expected(static_cast<std::size_t>(k * m));
  std::mt19937_64 replay(82);
  for (std::int64_t r = 0; r < 2; ++r) {
    for (std::int64_t c = 0; c < 2; ++c) {
      for (std::int64_t row = r * 3; row < std::min<std::int64_t>(k, r * 3 + 3); ++row) {
        for (std::int64_t column = c * 2; column < std::min<std::int64_t>(m, c * 2 + 2); ++column) {
          std::vector<ConductancePair> pairs = device.slice(w[row * m + column], w_max, 4);
          for (ConductancePair& pair : pairs) pair = device.program(pair, replay);
          expected[row * m + column] = device.weight_of(pairs, w_max, 4);
        }
      }
    }
  }
  EXPECT_EQ(program_rng(), replay());  // the same number of draws
  const std::vector<float> effective = matrix.effective_weights();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(effective[i], expected[i], 1e-5) << "weight " << i;
  }
}

// Hand-checked: rows 4, cols 8; 4-level devices with Gmin 1 uS, Gmax 4 uS (step 1 uS); 4-bit weights
// (Qmax 7) need S = 2 slices, so L = 8 / 4 = 2 logical columns per tile. K = 6 -> row chunks of 4
// and 2; M = 3 -> column chunks of 2 and 1: 4 tiles. Every weight is 5/7 w_max -> q = 5 = (1, 1) in
// base 4: each slice has G+ = 2 uS, G- = 1 uS, a pair holds 3 uS, a word line 3 columns x 2 slices
// x 3 uS = 18 uS = 18000 nS over its tiles.
TEST(AnalogTile, TallyFollowsTheFormulaeOnAHandCheckedCase) {
  DeviceParameters p = test_device(4);
  p.g_min_us = 1.0;
  p.g_max_us = 4.0;
  TileGeometry g = test_geometry(4, 8, 4, 16);
  g.input_bits = 2;
  const double w_max = 0.7;
  const std::vector<float> w(std::size_t{6} * 3, 0.5F);
  std::mt19937_64 program_rng(71);
  const CrossbarMatrix matrix(DeviceModel(p), g, w.data(), 6, 3, w_max, program_rng);
  ASSERT_EQ(matrix.slices(), 2u);
  ASSERT_EQ(matrix.logical_columns_per_tile(), 2);
  ASSERT_EQ(matrix.row_chunks(), 2);
  ASSERT_EQ(matrix.column_chunks(), 2);
  EXPECT_EQ(matrix.tiles(), 4);
  EXPECT_EQ(matrix.conversions_per_phase(0), 4);         // 2 logical columns x 2 slices
  EXPECT_EQ(matrix.conversions_per_phase(1), 2);         // 1 logical column x 2 slices
  EXPECT_DOUBLE_EQ(matrix.utilisation(), 72.0 / 128.0);  // 2 x 2 x 6 x 3 of 4 x 4 x 8
  EXPECT_DOUBLE_EQ(matrix.full_scale_us(0), 4 * 1 * 3.0);
  EXPECT_DOUBLE_EQ(matrix.full_scale_us(1), 2 * 1 * 3.0);

  // Inputs 3, 1, 0, 2, 3, 0. Bit 0: 1 1 0 0 | 1 0, bit 1: 1 0 0 1 | 1 0 -> 3 + 3 driven word lines,
  // each driving 2 column-chunk tiles.
  const std::vector<std::int32_t> x = {3, 1, 0, 2, 3, 0};
  const MultiplyResult bit_serial = run(matrix, x, 1, false, 1.0);
  TileTally expected;
  expected.dac_drives = 12;
  expected.array_read_ns = std::uint64_t{6} * 18000;
  expected.sample_holds = std::uint64_t{1} * 2 * 2 * 2 * 3;  // positions x row chunks x phases x slices x M
  expected.adc_conversions = expected.sample_holds;
  expected.shift_adds = expected.sample_holds;
  expected.partial_sum_adds = 3;  // positions x M x (row chunks - 1)
  expected.output_scales = 3;
  EXPECT_TRUE(bit_serial.tally == expected);
  EXPECT_EQ(bit_serial.tally.dac_drives, expected.dac_drives);
  EXPECT_EQ(bit_serial.tally.array_read_ns, expected.array_read_ns);
  for (const float out : bit_serial.outputs) EXPECT_NEAR(out, 5 * 9 * w_max / 7, 1e-3);  // 5 x sum x

  // Two positions double everything; tallies add.
  const std::vector<std::int32_t> twice = {3, 1, 0, 2, 3, 0, 3, 1, 0, 2, 3, 0};
  const MultiplyResult two = run(matrix, twice, 2, false, 1.0);
  TileTally doubled = expected;
  doubled.add(expected);
  EXPECT_TRUE(two.tally == doubled);

  // One 2-bit DAC phase: the read counts (d / 3)^2: (1 + 1/9 + 0 + 4/9 + 1 + 0) x 18000 = 46000.
  g.dac_bits = 2;
  std::mt19937_64 program_rng2(71);
  const CrossbarMatrix wide(DeviceModel(p), g, w.data(), 6, 3, w_max, program_rng2);
  const MultiplyResult one_phase = run(wide, x, 1, false, 1.0);
  EXPECT_EQ(one_phase.tally.array_read_ns, 46000u);
  EXPECT_EQ(one_phase.tally.dac_drives, 4u * 2u);
  EXPECT_EQ(one_phase.tally.adc_conversions, 1u * 2u * 1u * 2u * 3u);

  // Signed 2-bit inputs in that single (top) phase are driven as d' = msb x 4 - (x mod 4) = -x:
  // 1, -1, 0, -2, 1, 0 -> (1 + 1 + 0 + 4 + 1 + 0) / 9 x 18000 = 14000 nS, 4 driven word lines.
  const std::vector<std::int32_t> signed_x = {1, -1, 0, -2, 1, 0};
  const MultiplyResult signed_phase = run(wide, signed_x, 1, true, 1.0);
  EXPECT_EQ(signed_phase.tally.array_read_ns, 14000u);
  EXPECT_EQ(signed_phase.tally.dac_drives, 4u * 2u);
  for (const float out : signed_phase.outputs) EXPECT_NEAR(out, 5 * -1 * w_max / 7, 1e-3);
}

void expect_invalid(const std::function<void()>& action, const std::string& field) {
  try {
    action();
    ADD_FAILURE() << "no exception; expected one naming " << field;
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(field), std::string::npos) << error.what();
  }
}

TEST(AnalogTile, BadArgumentsThrowNamingTheField) {
  const DeviceModel device(test_device(4));
  const std::vector<float> w(64, 0.1F);
  auto build = [&](const TileGeometry& g, std::int64_t k, std::int64_t m, double w_max) {
    std::mt19937_64 rng(1);
    return [&device, &w, g, k, m, w_max, rng]() mutable { CrossbarMatrix(device, g, w.data(), k, m, w_max, rng); };
  };
  const TileGeometry good = test_geometry(8, 16, 8, 8);
  expect_invalid(build(good, 0, 8, 1.0), "k");
  expect_invalid(build(good, 8, 0, 1.0), "m");
  expect_invalid(build(good, 8, 8, 0.0), "w_max");
  expect_invalid(build(good, 8, 8, std::nan("")), "w_max");
  const std::vector<std::pair<std::function<void(TileGeometry&)>, std::string>> geometry_cases = {
      {[](TileGeometry& g) { g.rows = 0; }, "geometry.rows"},
      {[](TileGeometry& g) { g.rows = 5000; }, "geometry.rows"},
      {[](TileGeometry& g) { g.cols = 0; }, "geometry.cols"},
      {[](TileGeometry& g) { g.cols = 7; }, "geometry.cols"},  // 4 slices need 8 bit lines
      {[](TileGeometry& g) { g.weight_bits = 1; }, "geometry.weight_bits"},
      {[](TileGeometry& g) { g.weight_bits = 17; }, "geometry.weight_bits"},
      {[](TileGeometry& g) { g.input_bits = 0; }, "geometry.input_bits"},
      {[](TileGeometry& g) { g.input_bits = 17; }, "geometry.input_bits"},
      {[](TileGeometry& g) { g.dac_bits = 0; }, "geometry.dac_bits"},
      {[](TileGeometry& g) { g.dac_bits = 9; }, "geometry.dac_bits"},  // > input_bits
      {[](TileGeometry& g) { g.adc_bits = 0; }, "geometry.adc_bits"},
      {[](TileGeometry& g) { g.adc_bits = 33; }, "geometry.adc_bits"},
      {[](TileGeometry& g) { g.adc_full_scale_fraction = 0.0; }, "geometry.adc_full_scale_fraction"},
      {[](TileGeometry& g) { g.adc_full_scale_fraction = 1.5; }, "geometry.adc_full_scale_fraction"},
      {[](TileGeometry& g) { g.read_time_s = -1.0; }, "geometry.read_time_s"},
  };
  for (const auto& [change, field] : geometry_cases) {
    TileGeometry g = good;
    change(g);
    expect_invalid(build(g, 8, 8, 1.0), field);
  }
  std::vector<float> bad_weights = w;
  bad_weights[3] = std::nanf("");
  expect_invalid(
      [&] {
        std::mt19937_64 rng(1);
        CrossbarMatrix(device, good, bad_weights.data(), 8, 8, 1.0, rng);
      },
      "weights");

  std::mt19937_64 program_rng(1);
  const CrossbarMatrix matrix(device, good, w.data(), 8, 8, 1.0, program_rng);
  std::vector<float> out(16);
  TileTally tally;
  std::mt19937_64 read_rng(2);
  std::vector<std::int32_t> x(16, 1);
  expect_invalid([&] { matrix.multiply(x.data(), -1, false, 1.0, out.data(), tally, read_rng); }, "positions");
  expect_invalid([&] { matrix.multiply(x.data(), 2, false, INFINITY, out.data(), tally, read_rng); }, "input_scale");
  x[5] = 256;  // 8-bit unsigned codes end at 255
  expect_invalid([&] { matrix.multiply(x.data(), 2, false, 1.0, out.data(), tally, read_rng); }, "inputs");
  x[5] = -1;
  expect_invalid([&] { matrix.multiply(x.data(), 2, false, 1.0, out.data(), tally, read_rng); }, "inputs");
  x[5] = 128;  // signed 8-bit codes end at 127
  expect_invalid([&] { matrix.multiply(x.data(), 2, true, 1.0, out.data(), tally, read_rng); }, "inputs");
  x[5] = -128;
  EXPECT_NO_THROW(matrix.multiply(x.data(), 2, true, 1.0, out.data(), tally, read_rng));
  EXPECT_EQ(matrix.column_chunks(), 4);  // 4 slices: 2 logical columns of 16 bit lines
  EXPECT_THROW((void)matrix.conversions_per_phase(4), std::out_of_range);
  EXPECT_THROW((void)matrix.conversions_per_phase(-1), std::out_of_range);
}

}  // namespace
}  // namespace spinaps::memristor
