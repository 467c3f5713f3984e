#include "hw/memristor/analog_tile.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "hw/memristor/adc_conversion.h"

namespace spinaps::memristor {
namespace {

constexpr std::uint32_t kMaxTileLines = 4096;

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  throw std::invalid_argument("CrossbarMatrix: " + field + ": " + problem);
}

void require_range(std::uint64_t value, std::uint64_t low, std::uint64_t high, const std::string& field) {
  if (value < low || value > high) {
    fail(field,
         "must be in " + std::to_string(low) + ".." + std::to_string(high) + " (got " + std::to_string(value) + ")");
  }
}

void validate_geometry(const TileGeometry& g) {
  require_range(g.rows, 1, kMaxTileLines, "geometry.rows");
  require_range(g.cols, 1, kMaxTileLines, "geometry.cols");
  require_range(g.weight_bits, 2, 16, "geometry.weight_bits");
  require_range(g.input_bits, 1, 16, "geometry.input_bits");
  require_range(g.dac_bits, 1, 16, "geometry.dac_bits");
  require_range(g.adc_bits, 1, 32, "geometry.adc_bits");
  if (g.dac_bits > g.input_bits) {
    fail("geometry.dac_bits", "must not exceed geometry.input_bits (" + std::to_string(g.input_bits) + ")");
  }
  if (!(g.adc_full_scale_fraction > 0.0 && g.adc_full_scale_fraction <= 1.0)) {
    fail("geometry.adc_full_scale_fraction", "must be in (0, 1]");
  }
  if (!(std::isfinite(g.read_time_s) && g.read_time_s >= 0.0)) {
    fail("geometry.read_time_s", "must be finite and >= 0");
  }
  if (!(g.adc_calibration_percentile >= 50.0 && g.adc_calibration_percentile <= 100.0)) {
    fail("geometry.adc_calibration_percentile", "must be in [50, 100]");
  }
  require_range(g.devices_per_slice, 1, 64, "geometry.devices_per_slice");
  if (g.devices_per_slice > g.rows) {
    fail("geometry.devices_per_slice", "must not exceed geometry.rows (" + std::to_string(g.rows) + ")");
  }
}

// The calibration histogram: log2(|a| / FS) in [-kOctaves, 0] in kBinsPerOctave bins per octave,
// plus one bin for everything smaller. A percentile is read as the upper edge of its bin, at most
// 2^(1/64) - 1 = 1.1 % above the exact value: well under one code of any ADC up to 6 bits, and an
// upper bound (the range never clips more than the percentile asks).
constexpr int kOctaves = 24;
constexpr int kBinsPerOctave = 64;
constexpr int kHistogramBins = kOctaves * kBinsPerOctave + 1;

std::size_t histogram_bin(double magnitude, double full_scale) {
  if (magnitude <= 0.0) return 0;
  const double octaves = std::log2(magnitude / full_scale) + kOctaves;
  if (octaves <= 0.0) return 0;
  const auto bin = static_cast<std::int64_t>(std::ceil(octaves * kBinsPerOctave));
  return static_cast<std::size_t>(std::clamp<std::int64_t>(bin, 0, kHistogramBins - 1));
}

double histogram_upper_edge(std::size_t bin, double full_scale) {
  return full_scale * std::exp2(static_cast<double>(bin) / kBinsPerOctave - kOctaves);
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// CrossbarMatrix::multiply's working storage.
struct Scratch {
  std::vector<std::uint32_t> codes;
  std::vector<double> significance, total, adc, squared_digits;
  std::vector<float> signal, variance;
  std::vector<PhaseDigits> digits;
  PhaseDigits squares;
};

}  // namespace

void TileTally::add(const TileTally& other) {
  dac_drives += other.dac_drives;
  array_read_ns += other.array_read_ns;
  sample_holds += other.sample_holds;
  adc_conversions += other.adc_conversions;
  shift_adds += other.shift_adds;
  partial_sum_adds += other.partial_sum_adds;
  output_scales += other.output_scales;
  adc_clipped += other.adc_clipped;
}

bool TileTally::operator==(const TileTally& other) const {
  return dac_drives == other.dac_drives && array_read_ns == other.array_read_ns && sample_holds == other.sample_holds &&
         adc_conversions == other.adc_conversions && shift_adds == other.shift_adds &&
         partial_sum_adds == other.partial_sum_adds && output_scales == other.output_scales &&
         adc_clipped == other.adc_clipped;
}

CrossbarMatrix::CrossbarMatrix(const DeviceModel& device, const TileGeometry& geometry, const float* weights,
                               std::int64_t k, std::int64_t m, double w_max, std::mt19937_64& program_rng)
    : CrossbarMatrix(device, geometry, weights, k, m,
                     std::vector<double>(static_cast<std::size_t>(std::max<std::int64_t>(m, 0)), w_max), program_rng) {}

CrossbarMatrix::CrossbarMatrix(const DeviceModel& device, const TileGeometry& geometry, const float* weights,
                               std::int64_t k, std::int64_t m, const std::vector<double>& column_w_max,
                               std::mt19937_64& program_rng)
    : device_(device), geometry_(geometry), k_(k), m_(m), w_max_(column_w_max) {
  if (k < 1) fail("k", "must be >= 1 (got " + std::to_string(k) + ")");
  if (m < 1) fail("m", "must be >= 1 (got " + std::to_string(m) + ")");
  if (static_cast<std::int64_t>(w_max_.size()) != m) {
    fail("w_max",
         "needs one scale per output column: " + std::to_string(m) + " (got " + std::to_string(w_max_.size()) + ")");
  }
  for (const double scale : w_max_) {
    if (!(std::isfinite(scale) && scale > 0.0)) fail("w_max", "must be finite and > 0");
  }
  if (weights == nullptr) fail("weights", "is null");
  validate_geometry(geometry_);
  for (std::int64_t i = 0; i < k * m; ++i) {
    if (!std::isfinite(weights[i])) {
      fail("weights", "element " + std::to_string(i) + " (row " + std::to_string(i / m) + ", column " +
                          std::to_string(i % m) + ") is not finite");
    }
  }

  const DeviceParameters& p = device_.parameters();
  const double range_us = p.g_max_us - p.g_min_us;
  const bool levelled = p.levels >= 2;
  copies_ = geometry_.devices_per_slice;
  q_max_ = std::ldexp(1.0, static_cast<int>(geometry_.weight_bits) - 1) - 1.0;
  slices_ = levelled ? device_.slice_count(geometry_.weight_bits) : 1;
  unit_us_ = levelled ? p.level_step_us() : range_us / q_max_;
  slice_significance_.assign(slices_, 1.0);
  for (std::uint32_t s = 1; s < slices_; ++s) {
    slice_significance_[s] = slice_significance_[s - 1] * static_cast<double>(p.levels);
  }
  phases_ = dac_phases(geometry_);
  logical_per_tile_ = geometry_.cols / (2 * static_cast<std::int64_t>(slices_));
  if (logical_per_tile_ < 1) {
    fail("geometry.cols", "must hold at least one logical column: 2 x " + std::to_string(slices_) + " slices = " +
                              std::to_string(2 * slices_) + " bit lines (got " + std::to_string(geometry_.cols) + ")");
  }
  column_chunks_ = ceil_div(m_, logical_per_tile_);
  const std::int64_t inputs_per_chunk = inputs_per_tile(geometry_);
  const std::int64_t row_chunk_count = ceil_div(k_, inputs_per_chunk);
  const bool read_noise = p.read_noise_sigma_relative > 0.0;
  const auto ms = static_cast<Eigen::Index>(m_ * slices_);
  const double digit_max = std::ldexp(1.0, static_cast<int>(geometry_.dac_bits)) - 1.0;
  const double codes_half = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);

  chunks_.resize(static_cast<std::size_t>(row_chunk_count));
  for (std::int64_t r = 0; r < row_chunk_count; ++r) {
    RowChunk& chunk = chunks_[static_cast<std::size_t>(r)];
    chunk.first_row = r * inputs_per_chunk;
    chunk.rows = std::min<std::int64_t>(inputs_per_chunk, k_ - chunk.first_row);
    chunk.difference.setZero(chunk.rows, ms);
    if (read_noise) chunk.squares.setZero(chunk.rows, ms);
    chunk.row_conductance_ns.assign(static_cast<std::size_t>(chunk.rows), 0.0);
    const double full_scale_units =
        geometry_.adc_full_scale_fraction * static_cast<double>(chunk.rows) * digit_max * range_us / unit_us_;
    chunk.full_scale_lsb_units = full_scale_units / codes_half;
    chunk.lsb_units.assign(static_cast<std::size_t>(ms), chunk.full_scale_lsb_units);
    chunk.inverse_lsb_units.assign(static_cast<std::size_t>(ms), 1.0 / chunk.full_scale_lsb_units);
  }
  calibration_.resize(chunks_.size() * static_cast<std::size_t>(column_chunks_) * slices_);
  program(weights, program_rng);
}

void CrossbarMatrix::program(const float* weights, std::mt19937_64& program_rng) {
  const DeviceParameters& p = device_.parameters();
  const double range_us = p.g_max_us - p.g_min_us;
  const bool levelled = p.levels >= 2;
  const bool read_noise = p.read_noise_sigma_relative > 0.0;
  const double copies = static_cast<double>(copies_);
  std::vector<ConductancePair> targets(slices_);
  // Programming in the documented order: row chunk, column chunk, input, logical column, slice,
  // device copy, G+, G-.
  for (RowChunk& chunk : chunks_) {
    for (std::int64_t c = 0; c < column_chunks_; ++c) {
      const std::int64_t first_column = c * logical_per_tile_;
      const std::int64_t columns = std::min(logical_per_tile_, m_ - first_column);
      for (std::int64_t row = 0; row < chunk.rows; ++row) {
        double& row_ns = chunk.row_conductance_ns[static_cast<std::size_t>(row)];
        for (std::int64_t j = 0; j < columns; ++j) {
          const std::int64_t column = first_column + j;
          const double w_max = w_max_[static_cast<std::size_t>(column)];
          const double w = weights[(chunk.first_row + row) * m_ + column];
          if (levelled) {
            targets = device_.slice(w, w_max, geometry_.weight_bits);
          } else {
            const double q = std::round(std::clamp(w / w_max, -1.0, 1.0) * q_max_);
            ConductancePair pair{p.g_min_us, p.g_min_us};
            (q >= 0 ? pair.g_plus_us : pair.g_minus_us) = p.g_min_us + std::abs(q) / q_max_ * range_us;
            targets[0] = pair;
          }
          for (std::uint32_t s = 0; s < slices_; ++s) {
            double difference = 0.0, squares = 0.0;
            for (std::uint32_t copy = 0; copy < copies_; ++copy) {
              DeviceModel::Fault plus_fault = DeviceModel::Fault::kNone;
              DeviceModel::Fault minus_fault = DeviceModel::Fault::kNone;
              ConductancePair programmed;
              programmed.g_plus_us = device_.program(targets[s].g_plus_us, program_rng, plus_fault);
              programmed.g_minus_us = device_.program(targets[s].g_minus_us, program_rng, minus_fault);
              for (const DeviceModel::Fault fault : {plus_fault, minus_fault}) {
                if (fault == DeviceModel::Fault::kStuckAtGmin) ++stuck_at_gmin_devices_;
                if (fault == DeviceModel::Fault::kStuckAtGmax) ++stuck_at_gmax_devices_;
              }
              const double g_plus = device_.drifted(programmed.g_plus_us, geometry_.read_time_s);
              const double g_minus = device_.drifted(programmed.g_minus_us, geometry_.read_time_s);
              difference += g_plus - g_minus;
              squares += g_plus * g_plus + g_minus * g_minus;
              row_ns += 1000.0 * (g_plus + g_minus);
            }
            const auto index = static_cast<Eigen::Index>(column * slices_ + s);
            chunk.difference(row, index) = static_cast<float>(difference / (copies * unit_us_));
            if (read_noise) {
              chunk.squares(row, index) = static_cast<float>(squares / (copies * copies * unit_us_ * unit_us_));
            }
          }
        }
      }
    }
  }
}

std::size_t CrossbarMatrix::group_index(std::size_t chunk, std::int64_t column, std::uint32_t slice) const {
  const auto column_chunk = static_cast<std::size_t>(column / logical_per_tile_);
  return (chunk * static_cast<std::size_t>(column_chunks_) + column_chunk) * slices_ + slice;
}

double CrossbarMatrix::full_scale_us(std::int64_t row_chunk) const {
  if (row_chunk < 0 || row_chunk >= row_chunks()) {
    throw std::out_of_range("CrossbarMatrix::full_scale_us: row chunk " + std::to_string(row_chunk) + " out of range");
  }
  return chunks_[static_cast<std::size_t>(row_chunk)].full_scale_lsb_units *
         std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) * unit_us_;
}

double CrossbarMatrix::adc_range_us(std::int64_t row_chunk, std::int64_t column_chunk, std::uint32_t slice) const {
  if (row_chunk < 0 || row_chunk >= row_chunks() || column_chunk < 0 || column_chunk >= column_chunks_ ||
      slice >= slices_) {
    throw std::out_of_range("CrossbarMatrix::adc_range_us: (" + std::to_string(row_chunk) + ", " +
                            std::to_string(column_chunk) + ", " + std::to_string(slice) + ") out of range");
  }
  const RowChunk& chunk = chunks_[static_cast<std::size_t>(row_chunk)];
  const double lsb = chunk.lsb_units[static_cast<std::size_t>(column_chunk * logical_per_tile_ * slices_ + slice)];
  const bool full_scale = lsb == chunk.full_scale_lsb_units;
  const double codes = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) - (full_scale ? 0.0 : 1.0);
  return lsb * codes * unit_us_;
}

double CrossbarMatrix::utilisation() const {
  const double used = 2.0 * slices_ * copies_ * static_cast<double>(k_) * static_cast<double>(m_);
  const double available = static_cast<double>(tiles()) * geometry_.rows * geometry_.cols;
  return used / available;
}

std::int64_t CrossbarMatrix::conversions_per_phase(std::int64_t column_chunk) const {
  if (column_chunk < 0 || column_chunk >= column_chunks_) {
    throw std::out_of_range("CrossbarMatrix::conversions_per_phase: column chunk " + std::to_string(column_chunk) +
                            " out of range");
  }
  const std::int64_t columns = std::min(logical_per_tile_, m_ - column_chunk * logical_per_tile_);
  return columns * slices_;
}

void CrossbarMatrix::input_codes(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs,
                                 std::vector<std::uint32_t>& codes) const {
  const std::uint32_t input_bits = geometry_.input_bits;
  const std::int64_t low = signed_inputs ? -(std::int64_t{1} << (input_bits - 1)) : 0;
  const std::int64_t high = signed_inputs ? (std::int64_t{1} << (input_bits - 1)) : (std::int64_t{1} << input_bits);
  const std::uint32_t code_mask = (1u << input_bits) - 1u;  // input_bits <= 16
  // x' = x mod 2^input_bits: the unsigned bit pattern the DAC phases cut into digits.
  const std::int64_t count = positions * k_;
  codes.resize(static_cast<std::size_t>(count));
  // One pass of bit operations the compiler vectorises (no early exit, no compare): the range is
  // 2^input_bits wide, so x is inside it exactly when x - low (mod 2^32) has no bit above code_mask.
  // The offending code is looked up on failure.
  const auto low_code = static_cast<std::uint32_t>(low);
  std::uint32_t outside = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    const auto x = static_cast<std::uint32_t>(inputs[i]);
    outside |= (x - low_code) & ~code_mask;
    codes[static_cast<std::size_t>(i)] = x & code_mask;
  }
  for (std::int64_t i = 0; outside != 0 && i < count; ++i) {
    const std::int32_t x = inputs[i];
    if (x < low || x >= high) {
      fail("inputs", "code " + std::to_string(x) + " at position " + std::to_string(i / k_) + ", input " +
                         std::to_string(i % k_) + " is outside [" + std::to_string(low) + ", " + std::to_string(high) +
                         ")");
    }
  }
}

void CrossbarMatrix::chunk_digits(const std::vector<std::uint32_t>& codes, std::int64_t positions,
                                  const RowChunk& chunk, bool signed_inputs, std::vector<PhaseDigits>& digits,
                                  double* squared_digits, std::uint64_t& drives) const {
  const std::uint32_t dac_bits = geometry_.dac_bits;
  const std::uint32_t digit_mask = (1u << dac_bits) - 1u;
  const std::uint32_t top_bits = geometry_.input_bits - (phases_ - 1) * dac_bits;  // w of the top phase
  const auto top = static_cast<std::int32_t>(1u << top_bits);
  // Bit-serial: the digits are the code's bits, signed or not (the top phase's msb 2^1 - d is d).
  if (dac_bits == 1) {
    // The sums of squared digits are integers, exact in double whichever way they are counted.
    thread_local std::vector<std::uint32_t> bit_counts;
    if (squared_digits != nullptr) bit_counts.assign(static_cast<std::size_t>(chunk.rows), 0);
    drives += bit_serial_digits(codes.data() + chunk.first_row, k_, positions, chunk.rows, phases_, digits,
                                squared_digits != nullptr ? bit_counts.data() : nullptr);
    if (squared_digits != nullptr) {
      for (std::int64_t k = 0; k < chunk.rows; ++k) squared_digits[k] += bit_counts[static_cast<std::size_t>(k)];
    }
    return;
  }
  digits.resize(phases_);
  for (PhaseDigits& phase : digits) phase.clear(positions);
  std::uint64_t driven = 0;
  for (std::int64_t n = 0; n < positions; ++n) {
    const std::uint32_t* row_codes = codes.data() + n * k_ + chunk.first_row;
    for (std::int64_t k = 0; k < chunk.rows; ++k) {
      const std::uint32_t code = row_codes[k];
      const auto row = static_cast<std::int32_t>(k);
      if (code == 0) continue;  // every digit is zero, the signed top phase's too
      for (std::uint32_t p = 0; p < phases_; ++p) {
        auto d = static_cast<std::int32_t>((code >> (p * dac_bits)) & digit_mask);
        if (signed_inputs && p + 1 == phases_) d = ((d >> (top_bits - 1)) & 1) * top - d;  // msb 2^w - d_top
        if (d == 0) continue;
        digits[p].push(row, static_cast<float>(d));
        if (squared_digits != nullptr) squared_digits[k] += static_cast<double>(d) * static_cast<double>(d);
        ++driven;
      }
    }
    for (PhaseDigits& phase : digits) phase.end_position();
  }
  drives += driven;
}

void CrossbarMatrix::observe_for_calibration(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs) {
  if (calibrated_) throw std::logic_error("CrossbarMatrix: observe_for_calibration after calibrate_adc");
  if (positions < 0) fail("positions", "must be >= 0 (got " + std::to_string(positions) + ")");
  if (positions == 0) return;
  if (inputs == nullptr) fail("inputs", "is null");
  std::vector<std::uint32_t> codes;
  input_codes(inputs, positions, signed_inputs, codes);
  const std::int64_t ms = m_ * slices_;
  // The histogram serves percentiles below 100 only; the 100th is the largest magnitude.
  const bool histogram = geometry_.adc_calibration_percentile < 100.0;
  std::vector<PhaseDigits> digits;
  std::vector<float> signal(static_cast<std::size_t>(positions * ms));
  std::vector<std::size_t> groups(static_cast<std::size_t>(ms));
  std::uint64_t drives = 0;
  for (std::size_t r = 0; r < chunks_.size(); ++r) {
    const RowChunk& chunk = chunks_[r];
    const double full_scale = chunk.full_scale_lsb_units * std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);
    for (std::int64_t m = 0; m < m_; ++m) {
      for (std::uint32_t s = 0; s < slices_; ++s) {
        groups[static_cast<std::size_t>(m * slices_ + s)] = group_index(r, m, s);
      }
    }
    chunk_digits(codes, positions, chunk, signed_inputs, digits, nullptr, drives);
    for (std::uint32_t p = 0; p < phases_; ++p) {
      digit_product(digits[p], chunk.difference.data(), chunk.rows, ms, signal.data());
      for (std::int64_t n = 0; n < positions; ++n) {
        const float* row = signal.data() + n * ms;
        for (std::int64_t i = 0; i < ms; ++i) {
          const double magnitude = std::fabs(static_cast<double>(row[i]));
          CalibrationGroup& group = calibration_[groups[static_cast<std::size_t>(i)]];
          group.largest = std::max(group.largest, magnitude);
          ++group.count;
          if (histogram) {
            if (group.histogram.empty()) group.histogram.assign(kHistogramBins, 0);
            ++group.histogram[histogram_bin(magnitude, full_scale)];
          }
        }
      }
    }
  }
}

void CrossbarMatrix::calibrate_adc() {
  if (calibrated_) throw std::logic_error("CrossbarMatrix: calibrate_adc twice");
  calibrated_ = true;
  const double top_code = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) - 1.0;
  const double percentile = geometry_.adc_calibration_percentile;
  for (std::size_t r = 0; r < chunks_.size(); ++r) {
    RowChunk& chunk = chunks_[r];
    const double full_scale = chunk.full_scale_lsb_units * std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);
    for (std::int64_t m = 0; m < m_; ++m) {
      for (std::uint32_t s = 0; s < slices_; ++s) {
        const CalibrationGroup& group = calibration_[group_index(r, m, s)];
        if (group.count == 0 || group.largest <= 0.0) continue;  // no signal seen: keep the full-scale range
        double range = group.largest;
        if (percentile < 100.0) {
          // Nearest rank over the histogram: the upper edge of the bin holding the rank-th magnitude.
          const auto rank =
              static_cast<std::uint64_t>(std::ceil(percentile / 100.0 * static_cast<double>(group.count)));
          std::uint64_t seen = 0;
          for (std::size_t bin = 0; bin < group.histogram.size(); ++bin) {
            seen += group.histogram[bin];
            if (seen >= std::max<std::uint64_t>(rank, 1)) {
              range = std::min(group.largest, histogram_upper_edge(bin, full_scale));
              break;
            }
          }
          if (range <= 0.0) continue;
        }
        const auto signal = static_cast<std::size_t>(m * slices_ + s);
        chunk.lsb_units[signal] = range / top_code;
        chunk.inverse_lsb_units[signal] = 1.0 / chunk.lsb_units[signal];
      }
    }
  }
  calibration_.clear();
  calibration_.shrink_to_fit();
}

void CrossbarMatrix::multiply(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs,
                              double input_scale, float* outputs, TileTally& tally, std::mt19937_64& read_rng,
                              ConverterMode converter) const {
  if (positions < 0) fail("positions", "must be >= 0 (got " + std::to_string(positions) + ")");
  if (!std::isfinite(input_scale)) fail("input_scale", "must be finite");
  if (positions == 0) return;
  if (inputs == nullptr) fail("inputs", "is null");
  if (outputs == nullptr) fail("outputs", "is null");
  // Working storage kept from call to call (a layer makes thousands of small calls).
  thread_local Scratch scratch;
  std::vector<std::uint32_t>& codes = scratch.codes;
  input_codes(inputs, positions, signed_inputs, codes);

  const double digit_max = std::ldexp(1.0, static_cast<int>(geometry_.dac_bits)) - 1.0;
  const double sigma_read = device_.parameters().read_noise_sigma_relative;
  const bool read_noise = sigma_read > 0.0;
  const double code_low = -std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);
  const double code_high = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) - 1.0;
  // weight of a code of (phase p, slice s) in weight-integer x input-code units, before lsb
  std::vector<double>& significance = scratch.significance;
  significance.resize(static_cast<std::size_t>(phases_) * slices_);
  for (std::uint32_t p = 0; p < phases_; ++p) {
    double phase = std::ldexp(1.0, static_cast<int>(p * geometry_.dac_bits));
    if (signed_inputs && p + 1 == phases_) phase = -phase;
    for (std::uint32_t s = 0; s < slices_; ++s) significance[p * slices_ + s] = phase * slice_significance_[s];
  }

  const std::int64_t ms = m_ * slices_;
  const auto row_signals = static_cast<std::size_t>(ms);
  std::vector<double>& total = scratch.total;
  std::vector<float>& signal = scratch.signal;
  std::vector<float>& variance = scratch.variance;
  std::vector<double>& adc = scratch.adc;  // a / lsb, then the code, of every conversion of a position and phase
  // Per logical input of a chunk: sum over positions and phases of d^2 (integers, exact in double).
  std::vector<double>& squared_digits = scratch.squared_digits;
  std::vector<PhaseDigits>& digits = scratch.digits;
  PhaseDigits& squares = scratch.squares;  // with read noise: the squared digits that weight Q
  total.assign(static_cast<std::size_t>(positions * m_), 0.0);
  signal.resize(static_cast<std::size_t>(positions * ms));
  if (read_noise) variance.resize(signal.size());
  adc.resize(row_signals);
  std::uint64_t drives = 0;
  std::uint64_t clipped = 0;
  double read_ns = 0.0;
  // The common case converts and shift-adds in one pass (adc_conversion.h).
  const bool fused = !read_noise && converter == ConverterMode::kHardware && slices_ == 2;

  for (const RowChunk& chunk : chunks_) {
    const std::int64_t rows = chunk.rows;
    squared_digits.assign(static_cast<std::size_t>(rows), 0.0);
    const std::vector<double>& inverse_lsb = chunk.inverse_lsb_units;
    chunk_digits(codes, positions, chunk, signed_inputs, digits, squared_digits.data(), drives);
    for (std::uint32_t p = 0; p < phases_; ++p) {
      const PhaseDigits& phase = digits[p];
      // Without read noise a phase (or position) with no nonzero digit converts only zeros.
      if (!read_noise && phase.empty()) continue;
      digit_product(phase, chunk.difference.data(), rows, ms, signal.data());
      if (read_noise) {
        const PhaseDigits* weights = &phase;
        if (!phase.unit_values) {
          squares = phase;
          for (float& value : squares.values) value *= value;
          weights = &squares;
        }
        digit_product(*weights, chunk.squares.data(), rows, ms, variance.data());
      }
      const double* weight = significance.data() + static_cast<std::size_t>(p) * slices_;
      for (std::int64_t n = 0; n < positions; ++n) {
        if (!read_noise && phase.position_empty(n)) continue;
        const float* a = signal.data() + n * ms;
        double* sum_row = total.data() + n * m_;
        if (fused) {
          clipped += convert_two_slices(a, inverse_lsb.data(), chunk.lsb_units.data(), weight, m_, code_low, code_high,
                                        sum_row);
          continue;
        }
        if (read_noise) {
          // The draw order is the documented one (position, output, slice).
          const float* v = variance.data() + n * ms;
          for (std::size_t i = 0; i < row_signals; ++i) {
            const double z = standard_normal(read_rng);
            adc[i] =
                (static_cast<double>(a[i]) + sigma_read * std::sqrt(static_cast<double>(v[i])) * z) * inverse_lsb[i];
          }
        } else {
          for (std::size_t i = 0; i < row_signals; ++i) adc[i] = static_cast<double>(a[i]) * inverse_lsb[i];
        }
        if (converter == ConverterMode::kHardware) clipped += convert(adc.data(), row_signals, code_low, code_high);
        for (std::int64_t m = 0; m < m_; ++m) {
          double column_sum = 0.0;
          for (std::uint32_t s = 0; s < slices_; ++s) {
            const std::size_t signal_index = static_cast<std::size_t>(m * slices_ + s);
            column_sum += adc[signal_index] * weight[s] * chunk.lsb_units[signal_index];
          }
          sum_row[m] += column_sum;
        }
      }
    }
    for (std::int64_t k = 0; k < rows; ++k) {
      read_ns += squared_digits[static_cast<std::size_t>(k)] * chunk.row_conductance_ns[static_cast<std::size_t>(k)];
    }
  }
  read_ns /= digit_max * digit_max;

  for (std::int64_t n = 0; n < positions; ++n) {
    for (std::int64_t m = 0; m < m_; ++m) {
      const double scale = w_max_[static_cast<std::size_t>(m)] / q_max_ * input_scale;
      const std::size_t i = static_cast<std::size_t>(n * m_ + m);
      outputs[i] = static_cast<float>(total[i] * scale);
    }
  }

  const auto n = static_cast<std::uint64_t>(positions);
  const auto m = static_cast<std::uint64_t>(m_);
  const auto r = static_cast<std::uint64_t>(row_chunks());
  const std::uint64_t conversions = n * r * phases_ * slices_ * m;
  tally.dac_drives += drives * static_cast<std::uint64_t>(column_chunks_) * copies_;
  tally.array_read_ns += static_cast<std::uint64_t>(std::llround(read_ns));
  tally.sample_holds += conversions;
  tally.adc_conversions += conversions;
  tally.shift_adds += conversions;
  tally.partial_sum_adds += n * m * (r - 1);
  tally.output_scales += n * m;
  tally.adc_clipped += clipped;
}

std::vector<float> CrossbarMatrix::effective_weights() const {
  std::vector<float> weights(static_cast<std::size_t>(k_ * m_), 0.0F);
  for (const RowChunk& chunk : chunks_) {
    for (std::int64_t row = 0; row < chunk.rows; ++row) {
      for (std::int64_t m = 0; m < m_; ++m) {
        double q = 0.0;
        for (std::uint32_t s = 0; s < slices_; ++s) {
          q += slice_significance_[s] * chunk.difference(row, static_cast<Eigen::Index>(m * slices_ + s));
        }
        weights[static_cast<std::size_t>((chunk.first_row + row) * m_ + m)] =
            static_cast<float>(q * w_max_[static_cast<std::size_t>(m)] / q_max_);
      }
    }
  }
  return weights;
}

}  // namespace spinaps::memristor
