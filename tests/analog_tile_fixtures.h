#pragma once
// Shared fixtures of the analog tile tests: a test device, tile geometries, random weights and
// input codes, the exact integer product the tiles approximate, and error measures.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "hw/memristor/analog_tile.h"

namespace spinaps::memristor::fixtures {

inline DeviceParameters test_device(std::uint32_t levels, double sigma_us = 0.0, double read_noise = 0.0) {
  DeviceParameters p;
  p.name = "tile-test";
  p.technology = "rram";
  p.source = "test";
  p.levels = levels;
  p.g_min_us = 1.0;
  p.g_max_us = 41.0;
  p.programming_sigma_us = sigma_us;
  p.read_noise_sigma_relative = read_noise;
  return p;
}

inline TileGeometry test_geometry(std::uint32_t rows, std::uint32_t cols, std::uint32_t weight_bits,
                                  std::uint32_t adc_bits) {
  TileGeometry g;
  g.rows = rows;
  g.cols = cols;
  g.weight_bits = weight_bits;
  g.input_bits = 8;
  g.dac_bits = 1;
  g.adc_bits = adc_bits;
  return g;
}

inline std::vector<float> random_weights(std::int64_t count, double w_max, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> w(static_cast<std::size_t>(count));
  for (float& value : w) value = static_cast<float>(w_max * (2.0 * uniform_open_closed(rng) - 1.0));
  return w;
}

inline std::vector<std::int32_t> random_codes(std::int64_t count, std::uint32_t bits, bool is_signed,
                                              std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::int32_t> codes(static_cast<std::size_t>(count));
  const std::uint64_t span = std::uint64_t{1} << bits;
  const std::int64_t offset = is_signed ? -static_cast<std::int64_t>(span / 2) : 0;
  for (std::int32_t& code : codes) code = static_cast<std::int32_t>(static_cast<std::int64_t>(rng() % span) + offset);
  return codes;
}

/// sum_k q_w[k, m] x[n, k] with q_w = round(clamp(w / w_max, -1, 1) x Qmax), in integers.
inline std::vector<std::int64_t> integer_product(const std::vector<float>& w, const std::vector<std::int32_t>& x,
                                                 std::int64_t positions, std::int64_t k, std::int64_t m, double w_max,
                                                 std::uint32_t weight_bits) {
  const double q_max = std::pow(2.0, weight_bits - 1) - 1.0;
  std::vector<std::int64_t> result(static_cast<std::size_t>(positions * m), 0);
  for (std::int64_t n = 0; n < positions; ++n) {
    for (std::int64_t j = 0; j < m; ++j) {
      std::int64_t sum = 0;
      for (std::int64_t i = 0; i < k; ++i) {
        const double ratio = std::clamp(static_cast<double>(w[i * m + j]) / w_max, -1.0, 1.0);
        const auto q = static_cast<std::int64_t>(std::round(ratio * q_max));
        sum += q * x[n * k + i];
      }
      result[n * m + j] = sum;
    }
  }
  return result;
}

struct MultiplyResult {
  std::vector<float> outputs;
  TileTally tally;
};

inline MultiplyResult run(const CrossbarMatrix& matrix, const std::vector<std::int32_t>& x, std::int64_t positions,
                          bool is_signed, double input_scale, std::uint64_t read_seed = 99) {
  MultiplyResult result;
  result.outputs.assign(static_cast<std::size_t>(positions * matrix.outputs()), 0.0F);
  std::mt19937_64 read_rng(read_seed);
  matrix.multiply(x.data(), positions, is_signed, input_scale, result.outputs.data(), result.tally, read_rng);
  return result;
}

/// max |out - reference x scale| / max |reference x scale|
inline double relative_error(const std::vector<float>& out, const std::vector<std::int64_t>& reference, double scale) {
  double worst = 0.0;
  double largest = 0.0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double expected = static_cast<double>(reference[i]) * scale;
    worst = std::max(worst, std::abs(out[i] - expected));
    largest = std::max(largest, std::abs(expected));
  }
  return worst / largest;
}

/// sqrt(mean (out - reference)^2) for float references.
inline double rms_error(const std::vector<float>& out, const std::vector<double>& reference) {
  double sum = 0.0;
  for (std::size_t i = 0; i < out.size(); ++i) sum += (out[i] - reference[i]) * (out[i] - reference[i]);
  return std::sqrt(sum / static_cast<double>(out.size()));
}

inline std::vector<double> scaled(const std::vector<std::int64_t>& reference, double scale) {
  std::vector<double> result(reference.size());
  for (std::size_t i = 0; i < reference.size(); ++i) result[i] = static_cast<double>(reference[i]) * scale;
  return result;
}

}  // namespace spinaps::memristor::fixtures
