#pragma once
// The numerics of a weight matrix programmed onto analog crossbar tiles: quantisation and slicing
// of the weights onto differential pairs of memristive devices (device_model.*), programming with
// variability, drift to the read time, bit-sliced input phases through the word-line DACs, the
// column signals with read noise, the signed column ADC, and the digital shift-and-add and
// partial sums. Pure C++ (no SystemC); timing and energy per action live in tile_technology.*.
//
// Mapping. W is the K x M im2col weight matrix (K rows = inputs, M columns = outputs, row-major).
// A weight w of column m becomes q = round(clamp(w / w_max_m, -1, 1) x Qmax), Qmax =
// 2^(weight_bits-1) - 1, with one scale w_max_m per output column (per output channel) or one for
// the whole matrix.
//  * levels >= 2: |q| is written in base `levels` on S = device.slice_count(weight_bits) pairs
//    (DeviceModel::slice, least significant first); one weight unit of a slice is the level step
//    u = (Gmax - Gmin) / (levels - 1).
//  * levels == 0 (analog): S = 1, the device of q's sign targets Gmin + |q| / Qmax x (Gmax - Gmin);
//    one weight unit is u = (Gmax - Gmin) / Qmax.
// The device of the other sign sits at Gmin. Logical column j of a tile occupies the physical bit
// lines 2 S j + 2 s (G+) and 2 S j + 2 s + 1 (G-), s = 0 .. S-1, so a tile holds
// L = floor(cols / (2 S)) logical columns. With R = devices_per_slice, every slice of every weight is
// R devices per polarity on R word lines of the same tile, all driven by the same input, whose
// currents add on the bit line; a tile then holds I = floor(rows / R) logical inputs. Row chunk r
// holds the inputs [r I, min(K, (r+1) I)); column chunk c the outputs [c L, min(M, (c+1) L)).
// Tiles = ceil(K / I) x ceil(M / L).
//
// Programming. Every device is programmed with DeviceModel::program (three draws each) from the
// caller's generator in the order: row chunk, column chunk, logical input in the chunk, logical
// column in the tile, slice, device copy (R of them), G+ then G-; then every conductance is
// DeviceModel::drifted to geometry.read_time_s. The matrices kept per row chunk (inputs_in_chunk x
// M S, row-major, column m S + s), summed over the R copies i and divided by R (the digital side divides the
// R-fold current back; the ADC range is set on the same normalised signal):
//   D = sum_i (G+_i - G-_i) / (R u)          (float; in weight units, so ideal devices give integers)
//   Q = sum_i (G+_i^2 + G-_i^2) / (R u)^2    (float; only when the device has read noise)
// and per logical input the summed conductance of its 2 S M R devices in nS (double). Float, not
// double: a float GEMM runs twice the SIMD lanes; with D in weight units and integer digits the
// column sums of ideal devices are exact integers while below 2^24, and otherwise carry a relative
// error ~1e-7, well below the ADC step (2^-(adc_bits-1) of full scale) for adc_bits <= 20.
//
// Inputs. A code x is cut into P = dac_phases(geometry) digits of b = dac_bits bits, least
// significant first: d_p = (x' >> p b) & (2^b - 1), where x' = x for unsigned codes in
// [0, 2^input_bits) and x' = x mod 2^input_bits (two's complement) for signed codes in
// [-2^(input_bits-1), 2^(input_bits-1)). Phase p has significance +2^(p b). With signed inputs the
// top phase (w = input_bits - (P-1) b bits, sign bit included) carries the sign: it is driven with
//   d'_top = msb x 2^w - d_top   (= minus the two's-complement value of its w bits)
// and has significance -2^((P-1) b), so x = sum_p significance_p x digit_p exactly. Bit-serial
// (b = 1) this is the sign bit driven as 0/1 and subtracted; for b >= 2 the top-phase DAC is
// bipolar (|d'_top| <= 2^(w-1) <= 2^b - 1, inside the ADC full scale).
//
// One conversion, for tile (r, c), phase p, slice s and logical column m of the tile, position n:
//   a = sum_k d_{n,k,p} D[k, m S + s]                                   (sum over rows of chunk r)
//       + sigma_read x sqrt(sum_k d_{n,k,p}^2 Q[k, m S + s]) x z         (only with read noise)
//   full scale range (geometry.adc_range):
//     kFullScale:  FS_g = adc_full_scale_fraction x inputs_r x (2^b - 1) x (Gmax - Gmin) / u,
//                  lsb_g = FS_g / 2^(adc_bits-1)
//     kCalibrated: FS_g = the adc_calibration_percentile-th percentile (nearest rank) of |a| over
//                  every conversion of the calibration inputs (calibrate_adc), per group
//                  g = (row chunk, column chunk, slice), noiseless; lsb_g = FS_g / (2^(adc_bits-1) - 1)
//                  so that FS_g is the top code. A group that saw no signal keeps the kFullScale range.
//   code = clamp(round(a / lsb_g), -2^(adc_bits-1), 2^(adc_bits-1) - 1)   (clamping counts a clip)
// With ConverterMode::kIdeal (the floors a report gives beside the hardware's fidelity) the code is
// a / lsb_g unrounded and unclipped: a converter of unlimited resolution and range.
// (round half away from zero, as std::round; a / lsb_r is computed as a x (1 / lsb_r) with a the
// float GEMM result widened to double, the noise added in double.) a, FS_r and lsb_r are the
// uS x code quantities of the physical column divided by u. z is one standard_normal(read_rng) per
// conversion, drawn in the loop order row chunk r, phase p, position n, output m (= column chunk,
// then logical column), slice s; with read noise the read_rng advances by 2 draws per conversion.
// Digital side (shift-and-add, then partial sums over row chunks):
//   acc_r[n, m] = sum_p sum_s lsb_g(r, m, s) x code x levels^s x significance_p     (levels^s = 1 analog)
//   out[n, m]   = (sum_r acc_r[n, m]) x (w_max_m / Qmax) x input_scale                (no bias)
// Ideal devices and a fine ADC therefore give sum_k q[k, m] x[n, k] x (w_max_m / Qmax) x input_scale.
// Not modelled here: accumulator_bits overflow (the sums are kept in double), IR drop, sneak paths,
// ADC offset/gain errors and DAC non-linearity.
// The arithmetic runs in a fixed order (no threads), so the same object and call with the same
// inputs and generator state give bit-identical outputs. The column sums a are those of Eigen's float
// GEMM of the dense digits and D, computed over the nonzero digits only (digit_product.h); a
// position whose digits of a phase are all zero converts nothing but zeros, so without read noise
// its conversions are skipped (they add +-0 to the sums; with read noise every draw is made).
#include <Eigen/Dense>
#include <cstdint>
#include <random>
#include <vector>

#include "hw/memristor/digit_product.h"
#include "hw/memristor/tile_geometry.h"
#include "models/memristor/device_model.h"

namespace spinaps::memristor {

/// The actions of one or more multiplies (names in tile_actions.h). For one multiply call with N
/// positions, R row chunks, C column chunks, P phases, S slices and M outputs:
///   dac_drives       = C x R x sum_{n, r, p} #{k in chunk r : d_{n,k,p} != 0}  (every tile of the
///                      row chunk drives its own word lines, R of them per logical input)
///   array_read_ns    = round( sum_{n, r, p} sum_{k in r} (d_{n,k,p} / (2^b - 1))^2 x G_k ),
///                      G_k = sum of the conductances (after drift, in nS) of the 2 S M devices of
///                      word line k over all tiles of the row chunk (= the per-tile sums over the
///                      tiles' used columns, added over the column chunks); accumulated in double
///                      over the whole call (as sum_k G_k x sum_{n,p} d^2, exact integer d^2 sums)
///                      and rounded once per call
///   sample_holds     = adc_conversions = shift_adds = N x R x P x S x M
///   partial_sum_adds = N x M x (R - 1)
///   output_scales    = N x M
///   adc_clipped      = conversions whose round(a / lsb) fell outside the ADC code range
struct TileTally {
  std::uint64_t dac_drives = 0;
  std::uint64_t array_read_ns = 0;
  std::uint64_t sample_holds = 0;
  std::uint64_t adc_conversions = 0;
  std::uint64_t shift_adds = 0;
  std::uint64_t partial_sum_adds = 0;
  std::uint64_t output_scales = 0;
  std::uint64_t adc_clipped = 0;

  void add(const TileTally& other);
  bool operator==(const TileTally& other) const;
  bool operator!=(const TileTally& other) const { return !(*this == other); }
};

/// How a multiply converts the column signals.
enum class ConverterMode {
  kHardware,  ///< the configured ADC: its resolution, its range, clipping
  kIdeal,     ///< unlimited resolution and range (a / lsb unrounded): for the fidelity floors
};

/// A K x M weight matrix programmed onto tiles of one geometry and device (see the file comment).
class CrossbarMatrix {
 public:
  /// Validates the arguments (std::invalid_argument naming the field): k, m >= 1; w_max > 0 and
  /// finite; finite weights; geometry.rows and .cols in 1..4096; .weight_bits in 2..16;
  /// .input_bits and .dac_bits in 1..16 with dac_bits <= input_bits; .adc_bits in 1..32;
  /// .adc_full_scale_fraction in (0, 1]; .read_time_s >= 0; at least one logical column per tile.
  CrossbarMatrix(const DeviceModel& device, const TileGeometry& geometry, const float* weights, std::int64_t k,
                 std::int64_t m, double w_max, std::mt19937_64& program_rng);
  /// One scale per output column: `column_w_max` has M finite entries > 0.
  CrossbarMatrix(const DeviceModel& device, const TileGeometry& geometry, const float* weights, std::int64_t k,
                 std::int64_t m, const std::vector<double>& column_w_max, std::mt19937_64& program_rng);

  [[nodiscard]] std::int64_t inputs() const { return k_; }
  [[nodiscard]] std::int64_t outputs() const { return m_; }
  [[nodiscard]] std::uint32_t slices() const { return slices_; }
  [[nodiscard]] std::uint32_t phases() const { return phases_; }
  [[nodiscard]] std::int64_t logical_columns_per_tile() const { return logical_per_tile_; }
  [[nodiscard]] std::int64_t row_chunks() const { return static_cast<std::int64_t>(chunks_.size()); }
  [[nodiscard]] std::int64_t column_chunks() const { return column_chunks_; }
  [[nodiscard]] std::int64_t tiles() const { return row_chunks() * column_chunks_; }
  [[nodiscard]] const TileGeometry& geometry() const { return geometry_; }
  [[nodiscard]] const DeviceModel& device() const { return device_; }
  /// Conductance of one weight unit of a slice, u (see the file comment), in uS.
  [[nodiscard]] double weight_unit_us() const { return unit_us_; }
  /// Devices that came out of programming stuck at Gmin / Gmax (the fault map drawn from the seed).
  /// Devices programmed: 2 x S x R x K x M (both polarities, every slice and copy).
  [[nodiscard]] std::uint64_t devices() const {
    return 2ULL * slices_ * copies_ * static_cast<std::uint64_t>(k_) * static_cast<std::uint64_t>(m_);
  }
  [[nodiscard]] std::uint64_t stuck_at_gmin_devices() const { return stuck_at_gmin_devices_; }
  [[nodiscard]] std::uint64_t stuck_at_gmax_devices() const { return stuck_at_gmax_devices_; }
  /// The kFullScale ADC range of a row chunk's tiles in uS x code: fraction x inputs_r x (2^b - 1) x
  /// (Gmax - Gmin).
  [[nodiscard]] double full_scale_us(std::int64_t row_chunk) const;
  /// The ADC range in use for (row chunk, column chunk, slice), in uS x code of the normalised
  /// signal (see the file comment).
  [[nodiscard]] double adc_range_us(std::int64_t row_chunk, std::int64_t column_chunk, std::uint32_t slice) const;

  /// Calibration (geometry.adc_range == kCalibrated): observe the column signals of calibration
  /// inputs (same arguments as multiply; noiseless, nothing counted), then calibrate_adc() sets the
  /// ranges. Until then the kFullScale ranges apply. Throws std::logic_error after calibrate_adc().
  void observe_for_calibration(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs);
  void calibrate_adc();
  [[nodiscard]] bool adc_calibrated() const { return calibrated_; }
  /// Devices holding a weight (2 x S x K x M) over all devices of the tiles (tiles x rows x cols).
  [[nodiscard]] double utilisation() const;
  /// Conversions one multiply of ONE input vector makes per phase on each tile of the column chunk
  /// (any row chunk): logical columns in that tile x S (for timing: the ADC mux).
  [[nodiscard]] std::int64_t conversions_per_phase(std::int64_t column_chunk) const;

  /// One batch: `inputs` is positions x K row-major codes (unsigned in [0, 2^input_bits) or, when
  /// signed_inputs, in [-2^(input_bits-1), 2^(input_bits-1))); `outputs` receives positions x M
  /// row-major values. Adds this call's actions to `tally`; draws read noise from `read_rng` (none
  /// when the device has no read noise). Throws std::invalid_argument for a code out of range,
  /// negative positions, null pointers or a non-finite input_scale.
  void multiply(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs, double input_scale,
                float* outputs, TileTally& tally, std::mt19937_64& read_rng,
                ConverterMode converter = ConverterMode::kHardware) const;

  /// The weight the devices hold at the read time, read back without noise (for tests): K x M,
  /// sum_s levels^s D[k, m S + s] x w_max_m / Qmax.
  [[nodiscard]] std::vector<float> effective_weights() const;

 private:
  using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  struct RowChunk {
    std::int64_t first_row = 0;              ///< global index of the chunk's first input
    std::int64_t rows = 0;                   ///< logical inputs in this chunk (rows x R word lines)
    RowMajorMatrix difference;               ///< D: rows x (M S), see the file comment
    RowMajorMatrix squares;                  ///< Q: rows x (M S); empty without read noise
    std::vector<double> row_conductance_ns;  ///< per logical input, sum of its 2 S M R device conductances
    double full_scale_lsb_units = 0.0;       ///< the kFullScale lsb / u
    std::vector<double> lsb_units;           ///< per signal m S + s: lsb_g / u of the group it belongs to
    std::vector<double> inverse_lsb_units;   ///< 1 / lsb_units, kept beside them (a division per conversion is slow)
  };

  /// |a| of the calibration conversions of one group (row chunk, column chunk, slice): their
  /// largest and a log-spaced histogram for percentiles.
  struct CalibrationGroup {
    double largest = 0.0;
    std::uint64_t count = 0;
    std::vector<std::uint64_t> histogram;
  };

  void program(const float* weights, std::mt19937_64& program_rng);
  [[nodiscard]] std::size_t group_index(std::size_t chunk, std::int64_t column, std::uint32_t slice) const;
  /// The nonzero word-line digits (DAC codes) of a chunk, digits[p] for phase p, for every position;
  /// adds each logical input's sum of d^2 to squared_digits (unless null) and the nonzero digits to
  /// drives.
  void chunk_digits(const std::vector<std::uint32_t>& codes, std::int64_t positions, const RowChunk& chunk,
                    bool signed_inputs, std::vector<PhaseDigits>& digits, double* squared_digits,
                    std::uint64_t& drives) const;
  /// The codes x' the DAC phases cut (validated), positions x K, into `codes`.
  void input_codes(const std::int32_t* inputs, std::int64_t positions, bool signed_inputs,
                   std::vector<std::uint32_t>& codes) const;

  DeviceModel device_;
  TileGeometry geometry_;
  std::int64_t k_ = 0;
  std::int64_t m_ = 0;
  std::vector<double> w_max_;  ///< per output column
  double q_max_ = 0.0;
  std::uint32_t copies_ = 1;  ///< R = geometry.devices_per_slice
  std::uint32_t slices_ = 1;
  std::uint32_t phases_ = 1;
  std::int64_t logical_per_tile_ = 0;
  std::int64_t column_chunks_ = 0;
  double unit_us_ = 0.0;
  std::uint64_t stuck_at_gmin_devices_ = 0;
  std::uint64_t stuck_at_gmax_devices_ = 0;
  std::vector<double> slice_significance_;  ///< levels^s (1 for an analog device)
  std::vector<RowChunk> chunks_;
  std::vector<CalibrationGroup> calibration_;  ///< chunks x column chunks x slices
  bool calibrated_ = false;
};

}  // namespace spinaps::memristor
