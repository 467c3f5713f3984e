// What the tile offers against converter rounding and programming spread: ADC ranges calibrated on
// the column signals of calibration inputs (smaller error than a full-scale range on small
// signals, clipped conversions counted, ranges fixed once set), ideal converters for the fidelity
// floors, per-output-column weight scales, and several devices per weight slice whose currents add
// (less spread error, more devices driven).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "hw/memristor/analog_tile.h"
#include "tests/analog_tile_fixtures.h"

namespace spinaps::memristor {
namespace {

using namespace fixtures;  // NOLINT(google-build-using-namespace): the shared test fixtures

TEST(AnalogTileCalibration, CalibratedRangeKeepsSmallSignalsThatAFullScaleRangeRoundsAway) {
  const std::int64_t k = 128;
  const std::int64_t m = 16;
  const std::int64_t positions = 32;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 61);
  // Small inputs (4-bit codes of 8-bit inputs), as from a layer whose activations rarely reach
  // their scale: the column signals use a small part of the full-scale range.
  const std::vector<std::int32_t> calibration = random_codes(positions * k, 4, false, 62);
  const std::vector<std::int32_t> x = random_codes(positions * k, 4, false, 63);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  const TileGeometry g = test_geometry(64, 64, 8, 8);

  std::mt19937_64 full_rng(64);
  const CrossbarMatrix full_scale(DeviceModel(test_device(16)), g, w.data(), k, m, w_max, full_rng);
  std::mt19937_64 calibrated_rng(64);
  CrossbarMatrix calibrated(DeviceModel(test_device(16)), g, w.data(), k, m, w_max, calibrated_rng);
  EXPECT_FALSE(calibrated.adc_calibrated());
  calibrated.observe_for_calibration(calibration.data(), positions, false);
  calibrated.calibrate_adc();
  ASSERT_TRUE(calibrated.adc_calibrated());
  for (std::int64_t chunk = 0; chunk < calibrated.row_chunks(); ++chunk) {
    EXPECT_LT(calibrated.adc_range_us(chunk, 0, 0), full_scale.adc_range_us(chunk, 0, 0));
  }
  const double full_error = rms_error(run(full_scale, x, positions, false, 1.0).outputs, reference);
  const double calibrated_error = rms_error(run(calibrated, x, positions, false, 1.0).outputs, reference);
  EXPECT_LT(calibrated_error, 0.25 * full_error) << "full scale " << full_error << ", calibrated " << calibrated_error;

  // The calibration inputs themselves never clip at the 100th percentile.
  EXPECT_EQ(run(calibrated, calibration, positions, false, 1.0).tally.adc_clipped, 0U);
  // A lower percentile clips the largest signals of the same inputs, and the clips are counted.
  TileGeometry clipping = g;
  clipping.adc_calibration_percentile = 90.0;
  std::mt19937_64 clipping_rng(64);
  CrossbarMatrix clipped(DeviceModel(test_device(16)), clipping, w.data(), k, m, w_max, clipping_rng);
  clipped.observe_for_calibration(calibration.data(), positions, false);
  clipped.calibrate_adc();
  const MultiplyResult result = run(clipped, calibration, positions, false, 1.0);
  EXPECT_GT(result.tally.adc_clipped, result.tally.adc_conversions / 50);
  EXPECT_LT(result.tally.adc_clipped, result.tally.adc_conversions / 5);
  // The ranges are fixed once set.
  EXPECT_THROW(clipped.observe_for_calibration(calibration.data(), positions, false), std::logic_error);
}

TEST(AnalogTileCalibration, IdealConvertersLeaveOnlyTheDevicesError) {
  const std::int64_t k = 64;
  const std::int64_t m = 8;
  const std::int64_t positions = 8;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 71);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 72);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  // Ideal devices (analog, written exactly) through ideal converters: the integer product itself.
  std::mt19937_64 rng(73);
  const CrossbarMatrix matrix(DeviceModel(test_device(0)), test_geometry(32, 32, 8, 4), w.data(), k, m, w_max, rng);
  MultiplyResult ideal;
  ideal.outputs.assign(static_cast<std::size_t>(positions * m), 0.0F);
  std::mt19937_64 read_rng(1);
  matrix.multiply(x.data(), positions, false, 1.0, ideal.outputs.data(), ideal.tally, read_rng, ConverterMode::kIdeal);
  EXPECT_LT(rms_error(ideal.outputs, reference), 1e-3);
  EXPECT_EQ(ideal.tally.adc_clipped, 0U);
  // The same tiles through their 4-bit ADCs round visibly, and both count the same conversions.
  const MultiplyResult hardware = run(matrix, x, positions, false, 1.0);
  EXPECT_GT(rms_error(hardware.outputs, reference), 100 * rms_error(ideal.outputs, reference));
  EXPECT_EQ(hardware.tally.adc_conversions, ideal.tally.adc_conversions);
}

TEST(AnalogTileCalibration, PerColumnScalesUseTheFullLevelRangeOfSmallColumns) {
  const std::int64_t k = 32;
  const std::int64_t m = 4;
  const std::int64_t positions = 4;
  // Column 0 holds weights up to 1, the others up to 0.01: one matrix-wide scale leaves the small
  // columns a couple of weight levels, their own scale all of them.
  std::vector<float> w = random_weights(k * m, 0.01, 81);
  for (std::int64_t i = 0; i < k; ++i) w[static_cast<std::size_t>(i * m)] *= 100.0F;
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 82);
  const TileGeometry g = test_geometry(32, 32, 8, 16);
  std::mt19937_64 shared_rng(83);
  const CrossbarMatrix shared(DeviceModel(test_device(0)), g, w.data(), k, m, 1.0, shared_rng);
  std::mt19937_64 own_rng(83);
  const CrossbarMatrix own(DeviceModel(test_device(0)), g, w.data(), k, m, std::vector<double>{1.0, 0.01, 0.01, 0.01},
                           own_rng);
  const std::vector<float> shared_w = shared.effective_weights();
  const std::vector<float> own_w = own.effective_weights();
  double shared_error = 0.0, own_error = 0.0;
  for (std::int64_t i = 0; i < k; ++i) {
    for (std::int64_t j = 1; j < m; ++j) {
      const auto at = static_cast<std::size_t>(i * m + j);
      shared_error += (shared_w[at] - w[at]) * (shared_w[at] - w[at]);
      own_error += (own_w[at] - w[at]) * (own_w[at] - w[at]);
    }
  }
  EXPECT_LT(own_error, 0.01 * shared_error);
  EXPECT_EQ(run(own, x, positions, false, 1.0).outputs.size(), static_cast<std::size_t>(positions * m));
}

TEST(AnalogTileCalibration, RedundantDevicesAverageTheSpreadAndCostDevices) {
  const std::int64_t k = 64;
  const std::int64_t m = 16;
  const std::int64_t positions = 8;
  const double w_max = 1.0;
  const std::vector<float> w = random_weights(k * m, w_max, 91);
  const std::vector<std::int32_t> x = random_codes(positions * k, 8, false, 92);
  const std::vector<double> reference = scaled(integer_product(w, x, positions, k, m, w_max, 8), w_max / 127.0);
  const DeviceModel spread(test_device(16, 1.0));  // 1 uS spread on 2.67 uS level steps
  double previous = 1e300;
  TileTally one_device;
  for (const std::uint32_t copies : {1U, 4U}) {
    TileGeometry g = test_geometry(64, 64, 8, 16);
    g.devices_per_slice = copies;
    double error = 0.0;
    TileTally tally;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      std::mt19937_64 rng(seed);
      const CrossbarMatrix matrix(spread, g, w.data(), k, m, w_max, rng);
      EXPECT_EQ(matrix.row_chunks(), (k * copies + 63) / 64);  // 64 / R logical inputs per tile
      const MultiplyResult result = run(matrix, x, positions, false, 1.0);
      error += rms_error(result.outputs, reference) / 4.0;
      tally = result.tally;
    }
    // Averaging R independent draws divides the spread's standard deviation by sqrt(R) = 2.
    EXPECT_LT(error, 0.7 * previous) << copies << " devices per slice";
    previous = error;
    if (copies == 1) {
      one_device = tally;
    } else {
      EXPECT_EQ(tally.dac_drives, copies * one_device.dac_drives);            // every copy's word line is driven
      EXPECT_EQ(tally.adc_conversions, copies * one_device.adc_conversions);  // R x the row chunks
    }
  }
}

}  // namespace
}  // namespace spinaps::memristor
