#pragma once
// The sizes and resolutions of one analog crossbar tile: what the tile numerics
// (analog_tile.*), the tile technology model (tile_technology.*) and the mapper share. Parsed
// from the "tile" object of a memristive-accelerator config (hw/memristor/memristive_config.*).
#include <cstdint>

namespace spinaps::memristor {

struct TileGeometry {
  std::uint32_t rows = 128;         ///< physical word lines (inputs per tile)
  std::uint32_t cols = 128;         ///< physical bit lines; a logical weight uses 2 x slices of them
  std::uint32_t weight_bits = 8;    ///< signed integer weight precision before slicing
  std::uint32_t input_bits = 8;     ///< activation precision driven into the word lines
  std::uint32_t dac_bits = 1;       ///< input bits per DAC phase (1 = bit-serial)
  std::uint32_t adc_bits = 8;       ///< resolution of one column conversion
  std::uint32_t adcs_per_tile = 8;  ///< ADCs shared through a column mux
  /// ADC full scale as a fraction of the largest possible column signal of a phase
  /// (rows x (2^dac_bits - 1) x (Gmax - Gmin)); below 1 trades clipping for resolution.
  double adc_full_scale_fraction = 1.0;
  /// Time between programming and inference, for drift (0 = read right after programming).
  double read_time_s = 0.0;
  std::uint32_t accumulator_bits = 32;  ///< shift-and-add and partial-sum register width
};

/// Input phases of one matrix-vector multiply: ceil(input_bits / dac_bits).
inline std::uint32_t dac_phases(const TileGeometry& geometry) {
  return (geometry.input_bits + geometry.dac_bits - 1) / geometry.dac_bits;
}

}  // namespace spinaps::memristor
