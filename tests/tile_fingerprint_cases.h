#pragma once
// Fingerprints of CrossbarMatrix's arithmetic: each case programs a matrix with variability (and
// read noise, calibrated ADCs, redundant devices, signed and multi-bit inputs, shapes that Eigen
// runs as GEMV, as a coefficient-wise product or as a blocked GEMM split along the depth),
// multiplies sparse ReLU-like codes and hashes every output's bits and the tally.
// tests/tile_fingerprint_test.cpp pins the values: any change to a bit of the tile numerics fails it.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "hw/memristor/analog_tile.h"
#include "tools/report/report_core.h"

namespace spinaps::memristor::fingerprint {

struct Case {
  std::string name;
  std::uint32_t levels = 16;
  double sigma_us = 1.0;
  double read_noise = 0.0;
  std::uint32_t rows = 64, cols = 64, weight_bits = 8, input_bits = 8, dac_bits = 1, adc_bits = 8;
  std::uint32_t devices_per_slice = 1;
  bool calibrate = false;
  double percentile = 100.0;
  std::int64_t k = 150, m = 40, positions = 37;
  bool is_signed = false;
  ConverterMode converter = ConverterMode::kHardware;
};

inline std::vector<Case> cases() {
  std::vector<Case> all;
  all.push_back({"bit-serial"});
  Case ideal{"ideal-converter"};
  ideal.converter = ConverterMode::kIdeal;
  all.push_back(ideal);
  Case multibit{"signed-multi-bit-dac"};
  multibit.is_signed = true;
  multibit.dac_bits = 3;
  multibit.levels = 0;
  multibit.adc_bits = 10;
  multibit.positions = 9;
  all.push_back(multibit);
  Case two_bit{"signed-2-bit-dac-noise"};
  two_bit.is_signed = true;
  two_bit.dac_bits = 2;
  two_bit.read_noise = 0.03;
  two_bit.positions = 13;
  all.push_back(two_bit);
  Case noise{"read-noise"};
  noise.read_noise = 0.05;
  noise.is_signed = true;
  all.push_back(noise);
  Case calibrated{"calibrated-adc"};
  calibrated.calibrate = true;
  all.push_back(calibrated);
  Case percentile{"calibrated-adc-percentile"};
  percentile.calibrate = true;
  percentile.percentile = 99.0;
  percentile.adc_bits = 6;
  all.push_back(percentile);
  Case redundant{"two-devices-per-slice"};
  redundant.devices_per_slice = 2;
  redundant.rows = 128;
  all.push_back(redundant);
  Case vector{"one-position"};  // Eigen: GEMV
  vector.positions = 1;
  all.push_back(vector);
  Case tiny{"tiny"};  // Eigen: coefficient-wise product (depth + positions + columns < 20)
  tiny.k = 5;
  tiny.m = 3;
  tiny.positions = 3;
  tiny.levels = 4;
  all.push_back(tiny);
  Case deep{"deep-chunk"};  // one chunk deeper than Eigen's depth block
  deep.rows = 2048;
  deep.cols = 128;
  deep.k = 1500;
  deep.m = 18;
  deep.positions = 6;
  all.push_back(deep);
  Case wide{"wide"};
  wide.cols = 2048;
  wide.m = 700;
  wide.k = 40;
  wide.positions = 22;
  all.push_back(wide);
  return all;
}

/// Codes like quantised ReLU activations: about half zero, most of the rest small.
inline std::vector<std::int32_t> sparse_codes(std::int64_t count, std::uint32_t bits, bool is_signed,
                                              std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::int32_t> codes(static_cast<std::size_t>(count));
  const std::int64_t span = std::int64_t{1} << bits;
  for (std::int32_t& code : codes) {
    const std::uint64_t draw = rng();
    std::int64_t value = 0;
    if (draw % 2 == 0) {
      value = 0;
    } else if (draw % 7 == 1) {
      value = static_cast<std::int64_t>((draw >> 8) % static_cast<std::uint64_t>(span));  // anywhere in range
    } else {
      value = static_cast<std::int64_t>((draw >> 8) % 12);
    }
    if (is_signed) {
      value -= span / 2;
      if (draw % 3 != 0) value = (draw >> 20) % 2 == 0 ? 0 : static_cast<std::int64_t>((draw >> 24) % 9) - 4;
    }
    code = static_cast<std::int32_t>(value);
  }
  return codes;
}

/// FNV-1a (report::fnv1a_hex) of the outputs' bytes, the tally and the read generator's next draw.
inline std::string fingerprint(const Case& c) {
  DeviceParameters p;
  p.name = "fingerprint";
  p.technology = "rram";
  p.source = "test";
  p.levels = c.levels;
  p.g_min_us = 0.5;
  p.g_max_us = 40.0;
  p.programming_sigma_us = c.sigma_us;
  p.read_noise_sigma_relative = c.read_noise;
  TileGeometry g;
  g.rows = c.rows;
  g.cols = c.cols;
  g.weight_bits = c.weight_bits;
  g.input_bits = c.input_bits;
  g.dac_bits = c.dac_bits;
  g.adc_bits = c.adc_bits;
  g.devices_per_slice = c.devices_per_slice;
  g.adc_range = AdcRange::kCalibrated;
  g.adc_calibration_percentile = c.percentile;
  std::mt19937_64 weight_rng(11);
  std::normal_distribution<double> normal(0.0, 0.3);
  std::vector<float> weights(static_cast<std::size_t>(c.k * c.m));
  for (float& w : weights) w = static_cast<float>(normal(weight_rng));
  std::vector<double> w_max(static_cast<std::size_t>(c.m));
  for (std::int64_t j = 0; j < c.m; ++j) w_max[static_cast<std::size_t>(j)] = 0.5 + 0.01 * static_cast<double>(j);
  std::mt19937_64 program_rng(12);
  CrossbarMatrix matrix(DeviceModel(p), g, weights.data(), c.k, c.m, w_max, program_rng);
  if (c.calibrate) {
    const std::vector<std::int32_t> samples = sparse_codes(3 * c.positions * c.k, c.input_bits, c.is_signed, 13);
    matrix.observe_for_calibration(samples.data(), 3 * c.positions, c.is_signed);
    matrix.calibrate_adc();
  }
  const std::vector<std::int32_t> codes = sparse_codes(c.positions * c.k, c.input_bits, c.is_signed, 14);
  std::vector<float> outputs(static_cast<std::size_t>(c.positions * c.m));
  TileTally tally;
  std::mt19937_64 read_rng(15);
  matrix.multiply(codes.data(), c.positions, c.is_signed, 0.0125, outputs.data(), tally, read_rng, c.converter);
  std::string bytes(reinterpret_cast<const char*>(outputs.data()), outputs.size() * sizeof(float));
  for (const std::uint64_t count : {tally.dac_drives, tally.array_read_ns, tally.sample_holds, tally.adc_conversions,
                                    tally.shift_adds, tally.partial_sum_adds, tally.output_scales, tally.adc_clipped}) {
    bytes.append(reinterpret_cast<const char*>(&count), sizeof(count));
  }
  const std::uint64_t after = read_rng();  // the generator's state: how many draws were made
  bytes.append(reinterpret_cast<const char*>(&after), sizeof(after));
  return report::fnv1a_hex(bytes);
}

}  // namespace spinaps::memristor::fingerprint
