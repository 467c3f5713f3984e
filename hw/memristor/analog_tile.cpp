#include "hw/memristor/analog_tile.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// The ADC on values t = a / lsb, in place: code = clamp(round(t), low, high) with round half away
/// from zero (std::round); returns the number of clamped conversions. Computed as
///   c = clamp(t, low, high), w = trunc(c), code = w + trunc(2 (c - w)),
/// which is exact and equal to clamp(std::round(t), low, high): |c| <= 2^31 fits an int32, c - w is
/// exact and trunc(2 (c - w)) is +-1 exactly when |c - w| >= 1/2. No comparisons or library calls,
/// so SSE2 does two conversions at a time (std::round is a library call without SSE4.1, and the
/// compiler does not vectorise the clamp under -ftrapping-math).
std::uint64_t convert(double* values, std::size_t count, double low, double high) {
  std::uint64_t clipped = 0;
  const double clip_high = high + 0.5;  // round(t) > high  <=>  t >= high + 1/2
  const double clip_low = low - 0.5;    // round(t) < low   <=>  t <= low - 1/2
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128d v_low = _mm_set1_pd(low);
  const __m128d v_high = _mm_set1_pd(high);
  const __m128d v_clip_low = _mm_set1_pd(clip_low);
  const __m128d v_clip_high = _mm_set1_pd(clip_high);
  const __m128d two = _mm_set1_pd(2.0);
  for (; i + 2 <= count; i += 2) {
    const __m128d t = _mm_loadu_pd(values + i);
    const int outside = _mm_movemask_pd(_mm_or_pd(_mm_cmpge_pd(t, v_clip_high), _mm_cmple_pd(t, v_clip_low)));
    clipped += static_cast<std::uint64_t>((outside & 1) + (outside >> 1));
    const __m128d bounded = _mm_min_pd(_mm_max_pd(t, v_low), v_high);
    const __m128d whole = _mm_cvtepi32_pd(_mm_cvttpd_epi32(bounded));
    const __m128d half_step = _mm_cvtepi32_pd(_mm_cvttpd_epi32(_mm_mul_pd(two, _mm_sub_pd(bounded, whole))));
    _mm_storeu_pd(values + i, _mm_add_pd(whole, half_step));
  }
#endif
  for (; i < count; ++i) {
    const double t = values[i];
    clipped += static_cast<std::uint64_t>(t >= clip_high) + static_cast<std::uint64_t>(t <= clip_low);
    const double bounded = std::min(std::max(t, low), high);
    const auto whole = static_cast<double>(static_cast<std::int32_t>(bounded));
    values[i] = whole + static_cast<double>(static_cast<std::int32_t>(2.0 * (bounded - whole)));
  }
  return clipped;
}

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
    : device_(device), geometry_(geometry), k_(k), m_(m), w_max_(w_max) {
  if (k < 1) fail("k", "must be >= 1 (got " + std::to_string(k) + ")");
  if (m < 1) fail("m", "must be >= 1 (got " + std::to_string(m) + ")");
  if (!(std::isfinite(w_max) && w_max > 0.0)) fail("w_max", "must be finite and > 0");
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
  const std::int64_t row_chunk_count = ceil_div(k_, geometry_.rows);
  const bool read_noise = p.read_noise_sigma_relative > 0.0;
  const auto ms = static_cast<Eigen::Index>(m_ * slices_);
  const double digit_max = std::ldexp(1.0, static_cast<int>(geometry_.dac_bits)) - 1.0;
  const double codes_half = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);

  chunks_.resize(static_cast<std::size_t>(row_chunk_count));
  std::vector<ConductancePair> targets(slices_);
  for (std::int64_t r = 0; r < row_chunk_count; ++r) {
    RowChunk& chunk = chunks_[static_cast<std::size_t>(r)];
    chunk.first_row = r * geometry_.rows;
    chunk.rows = std::min<std::int64_t>(geometry_.rows, k_ - chunk.first_row);
    chunk.difference.setZero(chunk.rows, ms);
    if (read_noise) chunk.squares.setZero(chunk.rows, ms);
    chunk.row_conductance_ns.assign(static_cast<std::size_t>(chunk.rows), 0.0);
    const double full_scale_units =
        geometry_.adc_full_scale_fraction * static_cast<double>(chunk.rows) * digit_max * range_us / unit_us_;
    chunk.lsb_units = full_scale_units / codes_half;
  }

  // Programming in the documented order: row chunk, column chunk, row, logical column, slice, G+, G-.
  for (std::int64_t r = 0; r < row_chunk_count; ++r) {
    RowChunk& chunk = chunks_[static_cast<std::size_t>(r)];
    for (std::int64_t c = 0; c < column_chunks_; ++c) {
      const std::int64_t first_column = c * logical_per_tile_;
      const std::int64_t columns = std::min(logical_per_tile_, m_ - first_column);
      for (std::int64_t row = 0; row < chunk.rows; ++row) {
        double& row_ns = chunk.row_conductance_ns[static_cast<std::size_t>(row)];
        for (std::int64_t j = 0; j < columns; ++j) {
          const std::int64_t column = first_column + j;
          const double w = weights[(chunk.first_row + row) * m_ + column];
          if (levelled) {
            targets = device_.slice(w, w_max_, geometry_.weight_bits);
          } else {
            const double q = std::round(std::clamp(w / w_max_, -1.0, 1.0) * q_max_);
            ConductancePair pair{p.g_min_us, p.g_min_us};
            (q >= 0 ? pair.g_plus_us : pair.g_minus_us) = p.g_min_us + std::abs(q) / q_max_ * range_us;
            targets[0] = pair;
          }
          for (std::uint32_t s = 0; s < slices_; ++s) {
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
            const auto index = static_cast<Eigen::Index>(column * slices_ + s);
            chunk.difference(row, index) = static_cast<float>((g_plus - g_minus) / unit_us_);
            if (read_noise) {
              chunk.squares(row, index) =
                  static_cast<float>((g_plus * g_plus + g_minus * g_minus) / (unit_us_ * unit_us_));
            }
            row_ns += 1000.0 * (g_plus + g_minus);
          }
        }
      }
    }
  }
}

double CrossbarMatrix::full_scale_us(std::int64_t row_chunk) const {
  if (row_chunk < 0 || row_chunk >= row_chunks()) {
    throw std::out_of_range("CrossbarMatrix::full_scale_us: row chunk " + std::to_string(row_chunk) + " out of range");
  }
  return chunks_[static_cast<std::size_t>(row_chunk)].lsb_units *
         std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) * unit_us_;
}

double CrossbarMatrix::utilisation() const {
  const double used = 2.0 * slices_ * static_cast<double>(k_) * static_cast<double>(m_);
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

void CrossbarMatrix::multiply(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs,
                              double input_scale, float* outputs, TileTally& tally, std::mt19937_64& read_rng) const {
  if (positions < 0) fail("positions", "must be >= 0 (got " + std::to_string(positions) + ")");
  if (!std::isfinite(input_scale)) fail("input_scale", "must be finite");
  if (positions == 0) return;
  if (inputs == nullptr) fail("inputs", "is null");
  if (outputs == nullptr) fail("outputs", "is null");

  const std::uint32_t input_bits = geometry_.input_bits;
  const std::uint32_t dac_bits = geometry_.dac_bits;
  const std::int64_t low = signed_inputs ? -(std::int64_t{1} << (input_bits - 1)) : 0;
  const std::int64_t high = signed_inputs ? (std::int64_t{1} << (input_bits - 1)) : (std::int64_t{1} << input_bits);
  const std::uint32_t code_mask = (1u << input_bits) - 1u;  // input_bits <= 16
  // x' = x mod 2^input_bits: the unsigned bit pattern the DAC phases cut into digits.
  std::vector<std::uint32_t> codes(static_cast<std::size_t>(positions * k_));
  for (std::int64_t i = 0; i < positions * k_; ++i) {
    const std::int32_t x = inputs[i];
    if (x < low || x >= high) {
      fail("inputs", "code " + std::to_string(x) + " at position " + std::to_string(i / k_) + ", input " +
                         std::to_string(i % k_) + " is outside [" + std::to_string(low) + ", " + std::to_string(high) +
                         ")");
    }
    codes[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(x) & code_mask;
  }

  const std::uint32_t digit_mask = (1u << dac_bits) - 1u;
  const double digit_max = static_cast<double>(digit_mask);
  const std::uint32_t top_bits = input_bits - (phases_ - 1) * dac_bits;  // w of the top phase
  const double sigma_read = device_.parameters().read_noise_sigma_relative;
  const bool read_noise = sigma_read > 0.0;
  const double code_low = -std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1);
  const double code_high = std::ldexp(1.0, static_cast<int>(geometry_.adc_bits) - 1) - 1.0;
  // weight of a code of (phase p, slice s) in weight-integer x input-code units, before lsb_r
  std::vector<double> significance(static_cast<std::size_t>(phases_) * slices_);
  for (std::uint32_t p = 0; p < phases_; ++p) {
    double phase = std::ldexp(1.0, static_cast<int>(p * dac_bits));
    if (signed_inputs && p + 1 == phases_) phase = -phase;
    for (std::uint32_t s = 0; s < slices_; ++s) significance[p * slices_ + s] = phase * slice_significance_[s];
  }

  const auto n_rows = static_cast<Eigen::Index>(positions);
  const auto ms = static_cast<Eigen::Index>(m_ * slices_);
  const std::size_t out_count = static_cast<std::size_t>(positions * m_);
  const std::size_t signal_count = static_cast<std::size_t>(positions) * static_cast<std::size_t>(ms);
  std::vector<double> total(out_count, 0.0);
  std::vector<double> chunk_sum(out_count, 0.0);
  std::vector<double> adc(signal_count);  // a / lsb, then the code, of every conversion of a phase
  // Per word line of a chunk: sum over positions and phases of d^2 (integers, exact in double).
  std::vector<double> squared_digits;
  RowMajorMatrix digits;
  RowMajorMatrix digits_squared;
  RowMajorMatrix signal;
  RowMajorMatrix variance;
  std::uint64_t drives = 0;
  std::uint64_t clipped = 0;
  double read_ns = 0.0;

  for (const RowChunk& chunk : chunks_) {
    std::fill(chunk_sum.begin(), chunk_sum.end(), 0.0);
    const auto rows = static_cast<Eigen::Index>(chunk.rows);
    squared_digits.assign(static_cast<std::size_t>(rows), 0.0);
    double* squares = squared_digits.data();
    digits.resize(n_rows, rows);
    const double inverse_lsb = 1.0 / chunk.lsb_units;
    for (std::uint32_t p = 0; p < phases_; ++p) {
      const bool signed_top = signed_inputs && p + 1 == phases_;
      const std::uint32_t shift = p * dac_bits;
      for (Eigen::Index n = 0; n < n_rows; ++n) {
        const std::uint32_t* row_codes = codes.data() + n * k_ + chunk.first_row;
        float* digit_row = digits.data() + n * rows;
        std::int64_t driven = 0;
        if (signed_top) {
          const auto top = static_cast<std::int32_t>(1u << top_bits);
          for (Eigen::Index k = 0; k < rows; ++k) {
            const auto raw = static_cast<std::int32_t>((row_codes[k] >> shift) & digit_mask);
            const std::int32_t d = ((raw >> (top_bits - 1)) & 1) * top - raw;  // msb 2^w - d_top
            digit_row[k] = static_cast<float>(d);
            squares[k] += static_cast<double>(d) * static_cast<double>(d);
            driven += d != 0 ? 1 : 0;
          }
        } else {
          for (Eigen::Index k = 0; k < rows; ++k) {
            const auto d = static_cast<std::int32_t>((row_codes[k] >> shift) & digit_mask);
            digit_row[k] = static_cast<float>(d);
            squares[k] += static_cast<double>(d) * static_cast<double>(d);
            driven += d != 0 ? 1 : 0;
          }
        }
        drives += static_cast<std::uint64_t>(driven);
      }
      signal.noalias() = digits * chunk.difference;
      const float* a = signal.data();
      if (read_noise) {
        digits_squared = digits.array().square().matrix();
        variance.noalias() = digits_squared * chunk.squares;
        // Row-major positions x (M S), column m S + s: the flat order is the documented draw order
        // (position, output, slice).
        const float* v = variance.data();
        for (std::size_t i = 0; i < signal_count; ++i) {
          const double z = standard_normal(read_rng);
          adc[i] = (static_cast<double>(a[i]) + sigma_read * std::sqrt(static_cast<double>(v[i])) * z) * inverse_lsb;
        }
      } else {
        for (std::size_t i = 0; i < signal_count; ++i) adc[i] = static_cast<double>(a[i]) * inverse_lsb;
      }
      clipped += convert(adc.data(), signal_count, code_low, code_high);
      const double* weight = significance.data() + static_cast<std::size_t>(p) * slices_;
      for (Eigen::Index n = 0; n < n_rows; ++n) {
        const double* code_row = adc.data() + n * ms;
        double* sum_row = chunk_sum.data() + n * m_;
        for (std::int64_t m = 0; m < m_; ++m) {
          double column_sum = 0.0;
          for (std::uint32_t s = 0; s < slices_; ++s) column_sum += code_row[m * slices_ + s] * weight[s];
          sum_row[m] += column_sum;
        }
      }
    }
    for (std::size_t i = 0; i < out_count; ++i) total[i] += chunk.lsb_units * chunk_sum[i];
    for (Eigen::Index k = 0; k < rows; ++k) {
      read_ns += squares[k] * chunk.row_conductance_ns[static_cast<std::size_t>(k)];
    }
  }
  read_ns /= digit_max * digit_max;

  const double scale = w_max_ / q_max_ * input_scale;
  for (std::size_t i = 0; i < out_count; ++i) outputs[i] = static_cast<float>(total[i] * scale);

  const auto n = static_cast<std::uint64_t>(positions);
  const auto m = static_cast<std::uint64_t>(m_);
  const auto r = static_cast<std::uint64_t>(row_chunks());
  const std::uint64_t conversions = n * r * phases_ * slices_ * m;
  tally.dac_drives += drives * static_cast<std::uint64_t>(column_chunks_);
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
  const double scale = w_max_ / q_max_;
  for (const RowChunk& chunk : chunks_) {
    for (std::int64_t row = 0; row < chunk.rows; ++row) {
      for (std::int64_t m = 0; m < m_; ++m) {
        double q = 0.0;
        for (std::uint32_t s = 0; s < slices_; ++s) {
          q += slice_significance_[s] * chunk.difference(row, static_cast<Eigen::Index>(m * slices_ + s));
        }
        weights[static_cast<std::size_t>((chunk.first_row + row) * m_ + m)] = static_cast<float>(q * scale);
      }
    }
  }
  return weights;
}

}  // namespace spinaps::memristor
