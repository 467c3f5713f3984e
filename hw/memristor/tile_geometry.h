#pragma once
// The sizes and resolutions of one analog crossbar tile: what the tile numerics
// (analog_tile.*), the tile technology model (tile_technology.*) and the mapper share. Parsed
// from the "tile" object of a memristive-accelerator config (hw/memristor/memristive_config.*).
#include <cstdint>

namespace spinaps::memristor {

/// How a column ADC's range is set.
enum class AdcRange {
  /// adc_full_scale_fraction x the largest possible column signal of a phase: no data needed, but
  /// the small partial sums that actually occur use few codes.
  kFullScale,
  /// From the column signals of calibration inputs that are never streamed, per row chunk, column
  /// chunk and slice: their largest magnitude, or a percentile of it (NeuroSim quantises partial
  /// sums over the range that occurs; aihwkit bounds and scales outputs; NeuRRAM calibrates per core).
  kCalibrated,
};

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
  AdcRange adc_range = AdcRange::kCalibrated;
  /// With kCalibrated: the full scale covers this percentile of |column signal| (100: the largest,
  /// nothing clips on the calibration inputs).
  double adc_calibration_percentile = 100.0;
  /// Devices per slice and polarity whose currents add on the bit line (redundancy, Boybat et al.,
  /// Nat. Commun. 2018): each takes its own word line, so a logical input drives this many rows.
  std::uint32_t devices_per_slice = 1;
  /// Time between programming and inference, for drift (0 = read right after programming).
  double read_time_s = 0.0;
  std::uint32_t accumulator_bits = 32;  ///< shift-and-add and partial-sum register width
};

/// Input phases of one matrix-vector multiply: ceil(input_bits / dac_bits).
inline std::uint32_t dac_phases(const TileGeometry& geometry) {
  return (geometry.input_bits + geometry.dac_bits - 1) / geometry.dac_bits;
}

/// Logical inputs one tile holds: floor(rows / devices_per_slice) (each drives devices_per_slice
/// word lines).
inline std::uint32_t inputs_per_tile(const TileGeometry& geometry) {
  return geometry.rows / geometry.devices_per_slice;
}

}  // namespace spinaps::memristor
