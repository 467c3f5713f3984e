#pragma once
// The column ADC and the digital shift-and-add of one position and phase (analog_tile.h gives the
// model): the converter's rounding and clamping, and a fused pass for the common case (no read
// noise, the hardware converter, two slices) that scales, converts and adds without storing the
// codes. Both give exactly the doubles the unfused steps give: the same operations in the same
// order per conversion, SSE2 doing two conversions at a time.
#include <cstdint>

namespace spinaps::memristor {

/// The ADC on values t = a / lsb, in place: code = clamp(round(t), low, high) with round half away
/// from zero (std::round); returns the number of clamped conversions.
std::uint64_t convert(double* values, std::size_t count, double low, double high);

/// For one position and phase with two slices: for every output m (signals 2m and 2m + 1),
///   code_i      = convert(double(signal[i]) x inverse_lsb[i])       (i = 2m + s)
///   sum_row[m] += (0.0 + (code_2m x weight[0]) x lsb[2m]) + (code_2m+1 x weight[1]) x lsb[2m+1]
/// exactly as the separate scale, convert() and shift-add loops compute it. Returns the number of
/// clamped conversions.
std::uint64_t convert_two_slices(const float* signal, const double* inverse_lsb, const double* lsb,
                                 const double* weight, std::int64_t outputs, double low, double high, double* sum_row);

}  // namespace spinaps::memristor
